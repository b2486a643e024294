package io.github.unode.benchmarks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.unode.data.ImageSet;
import io.github.unode.data.ImageSets;
import io.github.unode.data.Split;
import io.github.unode.eval.metrics.Metrics;
import io.github.unode.score.EmbeddingBank;
import io.github.unode.score.NoveltyDetector;
import io.github.unode.score.ScoreBatch;
import io.github.unode.train.UnodeTrainer;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Does a float16 bank change AUROC? Trains one detector per class, then scores the test set with
 * its float32 bank and with the same bank narrowed to float16 (everything else equal), and prints
 * both AUROCs and the largest change of a similarity.
 *
 * <pre>unode-benchmarks/scripts/bench BankPrecisionCheck [DATA_DIR] [CLASSES] [EPOCHS]</pre>
 * Without DATA_DIR, the bundled Fashion-MNIST subset.
 */
public final class BankPrecisionCheck {
    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 && !args[0].equals("-") ? Path.of(args[0]) : null;
        String[] classes = (args.length > 1 ? args[1] : "0,6,8").split(",");
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        try (ImageSet train = dir == null ? ImageSets.bundledFashionMnist(Split.TRAIN) : ImageSets.idxDirectory(dir, Split.TRAIN);
                ImageSet test = dir == null ? ImageSets.bundledFashionMnist(Split.TEST) : ImageSets.idxDirectory(dir, Split.TEST)) {
            System.out.printf(Locale.ROOT, "%-6s %10s %10s %10s %10s %14s%n", "class", "bank rows", "f32 AUROC", "f16 AUROC",
                    "change", "max |d sim|");
            for (String c : classes) {
                int cls = Integer.parseInt(c.trim());
                boolean[] novel = new boolean[test.size()];
                for (int i = 0; i < novel.length; i++) {
                    novel[i] = test.label(i) != cls;
                }
                try (ImageSet in = train.onlyLabel(cls);
                        NoveltyDetector d = UnodeTrainer.from(io.github.unode.train.Recipe.cpu()
                                .withBudget(new io.github.unode.train.Budget.Epochs(epochs, 64))).build().fit(in);
                        EmbeddingBank half = d.scorer().bank().withPrecision(EmbeddingBank.Precision.FLOAT16);
                        NDManager m = NDManager.newBaseManager()) {
                    ScoreBatch s = d.score(test);
                    double[] n32 = new double[test.size()];
                    double[] n16 = new double[test.size()];
                    double maxDiff = 0;
                    for (int from = 0; from < test.size(); from += 512) {
                        int to = Math.min(test.size(), from + 512);
                        try (NDManager scope = m.newSubManager()) {
                            NDArray z = d.scorer().space().of(d.outputs(test.batch(from, to, scope), scope));
                            float[] s32 = d.scorer().bank().maxSimilarity(z, null);
                            float[] s16 = half.maxSimilarity(z, null);
                            for (int i = 0; i < s32.length; i++) {
                                int k = from + i;
                                double rest = d.scorer().lambda() * s.binaryLogOdds()[k] + d.scorer().mu() * s.pixelSimilarity()[k];
                                n32[k] = -(s32[i] + rest);
                                n16[k] = -(s16[i] + rest);
                                maxDiff = Math.max(maxDiff, Math.abs(s32[i] - s16[i]));
                            }
                        }
                    }
                    double a32 = 100 * Metrics.auroc(n32, novel);
                    double a16 = 100 * Metrics.auroc(n16, novel);
                    System.out.printf(Locale.ROOT, "%-6d %10d %10.3f %10.3f %+10.3f %14.2e%n", cls, d.scorer().bank().size(),
                            a32, a16, a16 - a32, maxDiff);
                }
            }
        }
    }
}
