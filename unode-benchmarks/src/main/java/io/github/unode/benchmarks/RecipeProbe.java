package io.github.unode.benchmarks;

import io.github.unode.augment.AugmentationPool;
import io.github.unode.data.ImageSet;
import io.github.unode.data.ImageSets;
import io.github.unode.data.Split;
import io.github.unode.eval.baselines.PixelNearestNeighbour;
import io.github.unode.eval.metrics.Metrics;
import io.github.unode.model.Backbone;
import io.github.unode.score.NoveltyDetector;
import io.github.unode.score.ScoreBatch;
import io.github.unode.train.UnodeTrainer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * A quick look at where a recipe's AUROC comes from on one-class Fashion-MNIST: the parts of the
 * score (similarity, head, balanced sum) beside raw-pixel 1-NN, and rank-averaged combinations.
 * Not a benchmark (the combinations are normalised on the test set itself); it guides which
 * recipe the benchmark should measure.
 *
 * <pre>unode-benchmarks/scripts/bench RecipeProbe DATA_DIR CLASS EPOCHS LR WIDTH INLIERS [BATCH] [CE] [CON]</pre>
 */
public final class RecipeProbe {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int cls = Integer.parseInt(args[1]);
        int epochs = Integer.parseInt(args[2]);
        float lr = Float.parseFloat(args[3]);
        double width = Double.parseDouble(args[4]);
        int inliers = Integer.parseInt(args[5]);
        int batch = args.length > 6 ? Integer.parseInt(args[6]) : 64;
        try (ImageSet train = ImageSets.idxDirectory(dir, Split.TRAIN); ImageSet test = ImageSets.idxDirectory(dir, Split.TEST);
                ImageSet all = train.onlyLabel(cls); ImageSet in = all.atMost(inliers, 1)) {
            boolean[] novel = new boolean[test.size()];
            for (int i = 0; i < novel.length; i++) {
                novel[i] = test.label(i) != cls;
            }
            long t0 = System.nanoTime();
            UnodeTrainer trainer = UnodeTrainer.builder().backbone(Backbone.resNet18(in.shape(), width)).epochs(epochs)
                    .batchSize(batch).learningRate(lr).seed(1).augmentations(AugmentationPool.standard()).build();
            try (NoveltyDetector d = trainer.fit(in)) {
                double fitS = (System.nanoTime() - t0) / 1e9;
                long t1 = System.nanoTime();
                ScoreBatch s = d.score(test);
                double scoreS = (System.nanoTime() - t1) / 1e9;
                double[] sim = neg(s.similarity());
                double[] bin = neg(s.binaryLogOdds());
                double[] uno = toD(s.novelty());
                double[] pix;
                try (PixelNearestNeighbour nn = PixelNearestNeighbour.fit(all)) {
                    pix = nn.score(test);
                }
                System.out.printf(Locale.ROOT,
                        "class %d epochs %d lr %.2f width %.2f inliers %d batch %d | fit %.0fs score %.0fs | sim %.2f bin %.2f uno %.2f"
                                + " pix %.2f | sim+pix %.2f uno+pix %.2f sim+bin+pix %.2f%n",
                        cls, epochs, lr, width, in.size(), batch, fitS, scoreS, 100 * Metrics.auroc(sim, novel),
                        100 * Metrics.auroc(bin, novel), 100 * Metrics.auroc(uno, novel), 100 * Metrics.auroc(pix, novel),
                        100 * Metrics.auroc(rankSum(sim, pix), novel), 100 * Metrics.auroc(rankSum(uno, pix), novel),
                        100 * Metrics.auroc(rankSum(rankSum(sim, bin), pix), novel));
            }
        }
    }

    static double[] neg(float[] v) {
        double[] o = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            o[i] = -v[i];
        }
        return o;
    }

    static double[] toD(float[] v) {
        double[] o = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            o[i] = v[i];
        }
        return o;
    }

    static double[] rankSum(double[] a, double[] b) {
        double[] ra = ranks(a);
        double[] rb = ranks(b);
        double[] o = new double[a.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = ra[i] + rb[i];
        }
        return o;
    }

    static double[] ranks(double[] v) {
        Integer[] idx = new Integer[v.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (x, y) -> Double.compare(v[x], v[y]));
        double[] r = new double[v.length];
        for (int i = 0; i < idx.length; i++) {
            r[idx[i]] = (double) i / idx.length;
        }
        return r;
    }
}
