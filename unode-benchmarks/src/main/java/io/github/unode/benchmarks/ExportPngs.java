package io.github.unode.benchmarks;

import io.github.unode.benchkit.ImageExport;
import io.github.unode.data.ImageSet;
import io.github.unode.data.ImageSets;
import io.github.unode.data.Split;
import java.nio.file.Path;

/**
 * Writes the first N images of the bundled subset's test split as PNG files (00000.png, ...), for
 * examples that need a folder of images: {@code unode-benchmarks/scripts/bench ExportPngs DIR [N=3000]}.
 */
public final class ExportPngs {
    private ExportPngs() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        try (ImageSet test = ImageSets.bundledFashionMnist(Split.TEST)) {
            System.out.println("wrote " + ImageExport.writePngs(test, n, Path.of(args[0])) + " PNG images to " + args[0]);
        }
    }
}
