package io.github.unode.benchmarks;

import io.github.unode.augment.auto.AugmentationReport;
import io.github.unode.augment.auto.AutoAugOOD;
import io.github.unode.augment.auto.Divergence;
import io.github.unode.data.ImageSet;
import io.github.unode.data.ImageSets;
import io.github.unode.data.Split;
import io.github.unode.model.Backbone;
import io.github.unode.train.UnodeTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * AutoAugOOD's divergences and weights (tau = 1) per class under each {@link Divergence}, with the
 * features of the encoder after the 3-epoch warm-up the trainer runs (the same features for the
 * three divergences: the warm-up is deterministic and the features are cached). One TSV row per
 * (data set, class, divergence, augmentation).
 *
 * <pre>
 * unode-benchmarks/scripts/bench AutoAugWeights fmnist|textures DIR OUT.tsv CLASSES INLIERS
 * </pre>
 */
public final class AutoAugWeights {
    private AutoAugWeights() {}

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        Path dir = Path.of(args[1]);
        Path out = Path.of(args[2]);
        int[] classes = java.util.Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray();
        int inliers = Integer.parseInt(args[4]);
        Path cache = Files.createTempDirectory("autoaug-weights");
        try (ImageSet train = kind.equals("fmnist") ? ImageSets.idxDirectory(dir, Split.TRAIN)
                : PaperAblation.textures(dir, true, inliers)) {
            if (!Files.exists(out)) {
                Files.writeString(out, "data\tclass\tdivergence\taugmentation\tdivergenceValue\tweight\n");
            }
            for (int c : classes) {
                try (ImageSet all = train.onlyLabel(c);
                        ImageSet in = all.atMost(inliers, 1)) {
                    for (Divergence d : Divergence.values()) {
                        AugmentationReport r = UnodeTrainer.builder().backbone(Backbone.resNet18(in.shape(), 0.25))
                                .batchSize(32).learningRate(0.4f).seed(1)
                                .autoAugOOD(AutoAugOOD.builder().temperature(1).divergence(d).seed(1)
                                        .cacheDirectory(cache).build())
                                .build().weigh(in);
                        StringBuilder rows = new StringBuilder();
                        for (AugmentationReport.Entry e : r.entries()) {
                            rows.append(String.format(Locale.ROOT, "%s\t%d\t%s\t%s\t%.4f\t%.4f%n", kind, c, d,
                                    e.augmentation(), e.divergence(), e.weight()));
                        }
                        Files.writeString(out, rows.toString(), StandardOpenOption.APPEND);
                        System.out.print(rows);
                    }
                }
            }
        }
    }

}
