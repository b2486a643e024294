package io.github.unode.cli;

import io.github.unode.data.ImageSet;
import io.github.unode.eval.NovelClassBreakdown;
import io.github.unode.eval.TaskResult;
import io.github.unode.eval.baselines.PixelNearestNeighbour;
import io.github.unode.eval.metrics.DetectionMetrics;
import io.github.unode.internal.Engines;
import io.github.unode.score.NoveltyDetector;
import io.github.unode.score.NoveltyScorer;
import io.github.unode.score.ScoreBatch;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The README's first command: trains a one-class detector on one class of the Fashion-MNIST
 * subset that ships with the repository (or on your own data) and prints its AUROC next to a
 * raw-pixel nearest-neighbour detector on the same split.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Train a one-class novelty detector and evaluate it against a raw-pixel nearest neighbour.",
            "Without --data it uses the Fashion-MNIST subset in data/fashion-mnist-subset (offline)."})
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--class", description = "Inlier class: " + DataOptions.CLASS_HELP + " (default: 8, Bag, on"
            + " Fashion-MNIST; on other data the first class with training images).")
    String classOption;

    @Mixin
    DataOptions dataOptions;

    @Mixin
    final Limits.MaxInliers inlierLimit = new Limits.MaxInliers(1000);

    @Mixin
    Limits.MaxTest testLimit;

    @Mixin
    TrainOptions train;

    @Option(names = "--save", paramLabel = "DIR", description = "Save the trained detector to this directory: a new or empty one, or an"
            + " earlier detector with --overwrite.")
    Path save;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        long t0 = System.nanoTime();
        if (save != null) {
            output.checkDetector(save); // before the work
        }
        try (DataOptions.Splits d = dataOptions.load()) {
            return run(d, out, t0);
        }
    }

    private int run(DataOptions.Splits d, PrintStream out, long t0) throws Exception {
        int inlierClass = classOption != null ? d.inlierClass(classOption)
                : d.classNames().equals(DataOptions.FASHION_CLASSES) ? 8 : d.train().classes()[0];
        try (ImageSet allInliers = d.train().onlyLabel(inlierClass);
                ImageSet inliers = allInliers.atMost(inlierLimit.max, train.seed());
                ImageSet test = d.test().atMost(testLimit.max, train.seed())) {
            boolean[] novel = new boolean[test.size()];
            int nNovel = 0;
            for (int i = 0; i < novel.length; i++) {
                novel[i] = test.label(i) != inlierClass;
                nNovel += novel[i] ? 1 : 0;
            }
            out.printf(Locale.ROOT, "one-class novelty detection on %s%n", d.name()
                    + (dataOptions.data == null ? " (1,000 training and 300 test images per class)" : ""));
            out.printf(Locale.ROOT, "inlier class %s: %d training inliers; test: %d images (%d inliers, %d novel)%n",
                    d.describe(inlierClass), inliers.size(), test.size(), test.size() - nNovel, nNovel);

            long tTrain = System.nanoTime();
            try (NoveltyDetector detector = train.trainer(train.seed(), train.progressListener())
                    .fit(inliers)) {
                double trainSeconds = (System.nanoTime() - tTrain) / 1e9;
                long tScore = System.nanoTime();
                ScoreBatch scores = detector.score(test);
                double scoreSeconds = (System.nanoTime() - tScore) / 1e9;

                long tBase = System.nanoTime();
                double[] baseline;
                try (PixelNearestNeighbour nn = PixelNearestNeighbour.fit(inliers)) {
                    baseline = nn.score(test);
                }
                double baseSeconds = (System.nanoTime() - tBase) / 1e9;

                DetectionMetrics m = DetectionMetrics.of(toDouble(scores.novelty()), novel, detector.threshold());
                DetectionMetrics sim = DetectionMetrics.of(negate(scores.similarity()), novel, Double.NaN);
                DetectionMetrics bin = DetectionMetrics.of(negate(scores.binaryLogOdds()), novel, Double.NaN);
                DetectionMetrics base = DetectionMetrics.of(baseline, novel, Double.NaN);
                out.println();
                out.printf(Locale.ROOT, "%-36s %7s %7s %10s%n", "detector", "AUROC", "AUPR", "FPR@95TPR");
                row(out, "UNODE (this run)", m);
                row(out, "  its similarity term O_sim alone", sim);
                row(out, "  its head term O_bin alone", bin);
                if (detector.scorer().pixels().isPresent()) {
                    row(out, "  its pixel term O_pix alone", DetectionMetrics.of(negate(scores.pixelSimilarity()), novel,
                            Double.NaN));
                    double[] paper = new double[scores.size()];
                    for (int i = 0; i < paper.length; i++) {
                        paper[i] = -(scores.similarity()[i] + scores.lambda() * scores.binaryLogOdds()[i]);
                    }
                    row(out, "  without it (similarity + head)", DetectionMetrics.of(paper, novel, Double.NaN));
                }
                row(out, "raw-pixel nearest neighbour", base);
                NovelClassBreakdown kinds = NovelClassBreakdown.testOnlyClasses(d.train(), d.test(), d.classNames())
                        .over(test);
                if (!kinds.isEmpty()) {
                    out.printf(Locale.ROOT, "%nAUROC per kind of novelty (a test class without training images)"
                            + " against the test inliers:%n%-36s %7s %7s%n", "novel class", "UNODE", "raw NN");
                    List<TaskResult.NovelClass> u = kinds.metrics(toDouble(scores.novelty()), novel, Double.NaN);
                    List<TaskResult.NovelClass> b = kinds.metrics(baseline, novel, Double.NaN);
                    for (int k = 0; k < u.size(); k++) {
                        out.printf(Locale.ROOT, "%-36s %7.2f %7.2f%n", u.get(k).name() + " (" + u.get(k).metrics().novel()
                                + " images)", 100 * u.get(k).metrics().auroc(), 100 * b.get(k).metrics().auroc());
                    }
                }
                NoveltyScorer.FprInterval fpr = detector.scorer().fprInterval();
                out.printf(Locale.ROOT, "%nthreshold %.4f (calibrated for %.0f%% false positives on %d held-out inliers;"
                        + " 90%% interval of the rate on new inliers %.1f%%..%.1f%%): flags %.1f%% of novel test images"
                        + " and %.1f%% of inlier test images%n", detector.threshold(),
                        100 * detector.scorer().targetFpr(), fpr.heldOut(), 100 * fpr.low(), 100 * fpr.high(),
                        100 * m.detectionRate(), 100 * m.falsePositiveRate());
                out.printf(Locale.ROOT, "time: training %.1f s, scoring %d images %.1f s, baseline %.1f s, total %.1f s"
                        + " (%d libtorch threads on %d CPUs, %s)%n", trainSeconds, test.size(), scoreSeconds, baseSeconds,
                        (System.nanoTime() - t0) / 1e9, Engines.intraOpThreads(), Runtime.getRuntime().availableProcessors(),
                        detector.provenance().engine());
                if (save != null) {
                    output.save(detector, save);
                    out.println("detector saved to " + save.toAbsolutePath());
                }
            }
        }
        return ExitCodes.OK;
    }

    private static void row(PrintStream out, String name, DetectionMetrics m) {
        out.printf(Locale.ROOT, "%-36s %7.2f %7.2f %10.2f%n", name, 100 * m.auroc(), 100 * m.aupr(), 100 * m.fprAt95Tpr());
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    private static double[] negate(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = -v[i];
        }
        return d;
    }

}
