package io.github.unode.cli;

import io.github.unode.core.AtomicFiles;
import io.github.unode.data.ImageSet;
import io.github.unode.data.ImageSets;
import io.github.unode.score.NoveltyDetector;
import io.github.unode.score.ScoreBatch;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Scores images with a saved detector. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Score images with a saved detector: one CSV row per image (novelty, its parts, novel or not).",
            "Exit code 0 even when images are novel; use the CSV or --fail-on-novel to act on them."})
public final class ScoreCommand implements Callable<Integer> {
    /** Exit code of --fail-on-novel when at least one image is novel. */
    static final int NOVEL_FOUND = 10;
    /** The first line of every score file: what tells a score file that unode wrote from any other file. */
    static final String HEADER = "index,label,novelty,similarity,binary_log_odds,pixel_similarity,novel";

    @Option(names = {"-d", "--detector"}, required = true, description = "A detector saved by `unode train`.")
    Path detector;

    @Option(names = "--images", required = true, description = "A folder of images (flat, or one folder per class:"
            + " the CSV's label is then the index of the image's class folder among its sorted names), or an IDX images"
            + " file.")
    Path images;

    @Option(names = "--labels", description = "An IDX labels file for an IDX images file (copied to the CSV).")
    Path labels;

    @Option(names = "--resize", description = "Resize images of another size to the detector's input size.")
    boolean resize;

    @Option(names = {"-o", "--out"}, description = "Write the scores to this CSV file (default: standard output): a new"
            + " file, or an earlier score file with --overwrite.")
    Path out;

    @Mixin
    OutputOptions output;

    @Option(names = "--fail-on-novel", description = "Exit with code " + NOVEL_FOUND + " when any image is novel.")
    boolean failOnNovel;

    @Override
    public Integer call() throws Exception {
        checkOut(); // before scoring
        try (NoveltyDetector d = NoveltyDetector.load(detector); ImageSet set = read(d)) {
            long t0 = System.nanoTime();
            ScoreBatch s = d.score(set, resize);
            double sec = (System.nanoTime() - t0) / 1e9;
            StringBuilder csv = new StringBuilder(HEADER + "\n");
            for (int i = 0; i < s.size(); i++) {
                csv.append(String.format(Locale.ROOT, "%d,%s,%.6f,%.6f,%.6f,%.6f,%b%n", i,
                        set.hasLabels() ? Integer.toString(set.label(i)) : "", s.novelty()[i], s.similarity()[i],
                        s.binaryLogOdds()[i], s.pixelSimilarity()[i], s.novel()[i]));
            }
            if (out != null) {
                checkOut();
                AtomicFiles.write(out, csv.toString().getBytes(StandardCharsets.UTF_8));
            } else {
                System.out.print(csv);
            }
            PrintStream info = out != null ? System.out : System.err;
            info.printf(Locale.ROOT, "%d images scored in %.2f s (%.0f images/s): %d novel at threshold %.4f%s%n", s.size(),
                    sec, s.size() / Math.max(sec, 1e-9), s.novelCount(), d.threshold(),
                    out != null ? "; scores in " + out : "");
            return failOnNovel && s.novelCount() > 0 ? NOVEL_FOUND : ExitCodes.OK;
        }
    }

    private void checkOut() throws java.io.IOException {
        if (out != null) {
            output.checkFile(out, "score file", f -> OutputOptions.firstLine(f, HEADER::equals));
        }
    }

    private ImageSet read(NoveltyDetector d) throws java.io.IOException {
        if (Files.isDirectory(images)) {
            return ImageSets.folder(images, d.inputShape());
        }
        return ImageSets.idx(images, labels);
    }
}
