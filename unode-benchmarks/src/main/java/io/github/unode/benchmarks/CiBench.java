package io.github.unode.benchmarks;

import io.github.unode.benchkit.BenchException;
import io.github.unode.benchkit.BenchSummary;
import io.github.unode.benchkit.ImageExport;
import io.github.unode.benchkit.KitRunner;
import io.github.unode.benchkit.Main;
import io.github.unode.benchkit.Workloads;
import io.github.unode.data.ImageSet;
import io.github.unode.data.ImageSets;
import io.github.unode.data.Split;
import io.github.unode.internal.Engines;
import io.github.unode.model.Backbone;
import io.github.unode.score.NoveltyDetector;
import io.github.unode.score.ScoreBatch;
import io.github.unode.train.UnodeTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The project's CI benchmark mode (issue 19), in one JVM:
 * <ol>
 *   <li>the accuracy check: a fixed-seed small detector trained on the bundled Fashion-MNIST
 *       subset ({@link #accuracyDetector}), its AUROC on the 3,000 test images
 *       ({@code accuracy.auroc}, in points);
 *   <li>that detector saved, 256 test images written as PNG, and the bench kit's benchmarks run on
 *       them ({@link KitRunner}: scoring one image and a batch, the bank search at 60k, the
 *       reference matrix product before and after) plus a training step of the demo's recipe
 *       ({@link TrainStepBench#step}, {@code train.step});
 *   <li>the gates, the history and its plot, as the kit's command line does them.
 * </ol>
 *
 * <pre>
 * unode-benchmarks/scripts/bench CiBench [--gates unode-benchmarks/ci-baseline.json]
 *     [--out DIR] [--append-history docs/results/bench-history.jsonl [--plot FILE.svg]] [--label TEXT]
 *     [--warmup N] [--iterations N] [--time S] [--threads N] [--verbose true]
 * </pre>
 *
 * Exit status as the kit's: 0 passed, 1 a gate failed, 2 a usage error.
 */
public final class CiBench {
    /** The inlier class of the accuracy check (8, Bag, as the demo). */
    static final int INLIER_CLASS = 8;

    private CiBench() {}

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    static int run(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                System.err.println("error: expected --option value, got " + args[i]);
                return Main.USAGE;
            }
            a.put(args[i], args[++i]);
        }
        Path out = Path.of(a.getOrDefault("--out", "unode-benchmarks/target/ci-bench"));
        Files.createDirectories(out);
        long t0 = System.nanoTime();

        int threads = integer(a, "--threads", 1);
        if (threads > 0) {
            // before the training too: one thread makes the AUROC the same whatever the core count
            Engines.setIntraOpThreads(threads);
        }
        Path detectorDir = out.resolve("detector");
        Path imagesDir = out.resolve("images");
        Map<String, Double> metrics = new LinkedHashMap<>();
        try (ImageSet train = ImageSets.bundledFashionMnist(Split.TRAIN);
                ImageSet test = ImageSets.bundledFashionMnist(Split.TEST)) {
            long ta = System.nanoTime();
            try (NoveltyDetector d = accuracyDetector(train)) {
                double auroc = auroc(d, test);
                metrics.put("accuracy.auroc", auroc);
                System.err.printf(Locale.ROOT, "accuracy check: AUROC %.4f in %.1f s%n", auroc, (System.nanoTime() - ta) / 1e9);
                deleteRecursively(detectorDir);
                d.save(detectorDir);
            }
            deleteRecursively(imagesDir);
            ImageExport.writePngs(test, 256, imagesDir);
        }
        KitRunner.Config c = new KitRunner.Config(detectorDir, imagesDir, out, integer(a, "--warmup", 2),
                integer(a, "--iterations", 5), Double.parseDouble(a.getOrDefault("--time", "1")), 0,
                threads,
                Map.of(TrainStepBench.class.getName() + ".step", "train.step"), null, a.get("--label"),
                "true".equals(a.get("--verbose")));
        BenchSummary s;
        try {
            s = new KitRunner(c, System.err).run(metrics);
        } catch (BenchException e) {
            System.err.println("error: " + e.getMessage());
            return Main.USAGE;
        }
        Main.printFigures(s, System.out);
        System.out.printf(Locale.ROOT, "CI benchmarks took %.1f s; wrote %s and %s%n", (System.nanoTime() - t0) / 1e9,
                out.resolve("jmh.json"), out.resolve("summary.json"));
        Path history = a.containsKey("--append-history") ? Path.of(a.get("--append-history")) : null;
        Path plot = a.containsKey("--plot") ? Path.of(a.get("--plot"))
                : history == null ? null : Main.plotBeside(history);
        Path gates = a.containsKey("--gates") ? Path.of(a.get("--gates")) : null;
        return Main.report(s, gates, history, plot, System.out, System.err);
    }

    /**
     * The accuracy check's detector: 300 bags of the bundled subset, a ResNet-18 at width 1/8,
     * 24 steps of batches of 32, seed 19, the builder's defaults otherwise (similarity + head, no pixel term).
     * Deterministic at a given thread count and oneDNN instruction set.
     */
    static NoveltyDetector accuracyDetector(ImageSet train) {
        try (ImageSet bags = train.onlyLabel(INLIER_CLASS); ImageSet inliers = bags.first(300)) {
            return UnodeTrainer.builder().backbone(Backbone.resNet18(inliers.shape(), 0.125)).batchSize(32).steps(24)
                    .seed(19).build().fit(inliers);
        }
    }

    /** AUROC in points on the test set, bags as the inliers. */
    static double auroc(NoveltyDetector d, ImageSet test) {
        ScoreBatch s = d.score(test);
        double[] scores = new double[s.size()];
        boolean[] novel = new boolean[s.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = s.novelty()[i];
            novel[i] = test.label(i) != INLIER_CLASS;
        }
        return 100 * Workloads.auroc(scores, novel);
    }

    private static int integer(Map<String, String> a, String k, int dflt) {
        return a.containsKey(k) ? Integer.parseInt(a.get(k)) : dflt;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

}
