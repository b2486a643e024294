package io.github.unode.benchmarks;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import io.github.unode.benchkit.ImageExport;
import io.github.unode.core.ImageShape;
import io.github.unode.data.ImageFolderReader;
import io.github.unode.data.ImageSet;
import io.github.unode.data.ImageSets;
import io.github.unode.data.Split;
import io.github.unode.model.Backbone;
import io.github.unode.model.UnodeModel;
import io.github.unode.score.Calibrator;
import io.github.unode.score.NoveltyDetector;
import io.github.unode.score.NoveltyScorer;
import io.github.unode.score.Provenance;
import io.github.unode.score.ScoreBatch;
import io.github.unode.score.ScoreRecipe;
import io.github.unode.score.ScoreSpace;
import io.github.unode.spark.NoveltyTransformer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Scoring the same PNG files directly with the library and through Spark {@code local[1]} and
 * {@code local[2]}, in one JVM, one engine thread per core throughout (run it with
 * {@code OMP_NUM_THREADS=1}): images per second, Spark's overhead per image, the scaling from
 * one core to two, the detector loads, the memory, and whether every Spark score equals the
 * library's bit for bit.
 *
 * <pre>
 * OMP_NUM_THREADS=1 unode-benchmarks/scripts/bench SparkBench [images=3000] [detector-dir] [rounds=2]
 * </pre>
 *
 * Without a detector it saves one like the demo's at scoring time: an untrained ResNet-18 at
 * width 1/4 on 28-px grey images, a bank of 900 bags and the pixel term (blur 1, centred,
 * weight 4) calibrated on 100 more (scoring costs the same trained or not).
 */
public final class SparkBench {
    private SparkBench() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Path work = Files.createTempDirectory("unode-spark-bench");
        Path detector = args.length > 1 && !args[1].equals("-") ? Path.of(args[1]) : demoLikeDetector(work);
        Path images = work.resolve("images");
        try (ImageSet test = ImageSets.bundledFashionMnist(Split.TEST)) {
            ImageExport.writePngs(test, n, images);
        }
        Engine.getEngine("PyTorch");
        JniUtils.setNumThreads(1);
        System.out.printf(Locale.ROOT, "%d PNG images of the bundled test set; detector %s; engine threads 1 (OMP_NUM_THREADS=%s)%n",
                n, detector, System.getenv("OMP_NUM_THREADS"));

        // the library alone, one thread: read the bytes, decode them as the folder reader does, score in batches of 256
        List<Path> files;
        try (Stream<Path> s = Files.list(images)) {
            files = s.sorted().toList();
        }
        Map<String, Float> direct = new HashMap<>();
        double directRate = 0;
        try (NoveltyDetector d = NoveltyDetector.load(detector)) {
            ImageShape shape = d.inputShape();
            for (int round = 0; round <= rounds; round++) {
                long t0 = System.nanoTime();
                for (int from = 0; from < files.size(); from += NoveltyDetector.DEFAULT_BATCH) {
                    int to = Math.min(files.size(), from + NoveltyDetector.DEFAULT_BATCH);
                    float[] px = new float[(to - from) * shape.pixels()];
                    for (int i = from; i < to; i++) {
                        float[] one = ImageFolderReader.decode(Files.readAllBytes(files.get(i)), shape, files.get(i).toString());
                        System.arraycopy(one, 0, px, (i - from) * shape.pixels(), one.length);
                    }
                    try (ImageSet set = ImageSet.fromPixels(px, shape, null, "batch")) {
                        ScoreBatch b = d.score(set);
                        for (int i = from; i < to; i++) {
                            direct.put(files.get(i).getFileName().toString(), b.novelty()[i - from]);
                        }
                    }
                }
                double rate = files.size() / ((System.nanoTime() - t0) / 1e9);
                System.out.printf(Locale.ROOT, "direct, round %d%s: %.1f images/s%n", round, round == 0 ? " (warm-up)" : "", rate);
                if (round > 0) {
                    directRate = Math.max(directRate, rate);
                }
            }
        }

        double[] sparkRate = new double[3];
        for (int cores : new int[] {1, 2}) {
            SparkSession spark = SparkSession.builder().master("local[" + cores + "]").appName("unode-spark-bench")
                    .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4")
                    .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                    .getOrCreate();
            try {
                NoveltyTransformer t = new NoveltyTransformer().setDetectorPath(detector.toString())
                        .setInputCol("content").setEngineThreads(1);
                for (int round = 0; round <= rounds; round++) {
                    Dataset<Row> in = spark.read().format("binaryFile").load(images.toString()).repartition(8);
                    long t0 = System.nanoTime();
                    Dataset<Row> scored = t.transform(in).select("path", "novelty");
                    long equal = 0;
                    if (round == rounds) { // the last round also collects, to compare
                        List<Row> rows = scored.collectAsList();
                        double rate = files.size() / ((System.nanoTime() - t0) / 1e9);
                        for (Row r : rows) {
                            String p = r.getString(0);
                            Float want = direct.get(p.substring(p.lastIndexOf('/') + 1));
                            if (want != null && Float.floatToIntBits(want) == Float.floatToIntBits(r.getFloat(1))) {
                                equal++;
                            }
                        }
                        System.out.printf(Locale.ROOT, "spark local[%d], round %d (collect): %.1f images/s; %d of %d scores "
                                + "equal the library's bit for bit%n", cores, round, rate, equal, rows.size());
                        sparkRate[cores] = Math.max(sparkRate[cores], rate);
                    } else {
                        scored.write().format("noop").mode("overwrite").save();
                        double rate = files.size() / ((System.nanoTime() - t0) / 1e9);
                        System.out.printf(Locale.ROOT, "spark local[%d], round %d%s: %.1f images/s%n", cores, round,
                                round == 0 ? " (warm-up)" : "", rate);
                        if (round > 0) {
                            sparkRate[cores] = Math.max(sparkRate[cores], rate);
                        }
                    }
                }
            } finally {
                spark.stop();
            }
            System.out.printf(Locale.ROOT, "detector loads in this JVM so far: %d%n", NoveltyTransformer.detectorLoads());
        }
        System.gc();
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "%nbest rates: direct %.1f, local[1] %.1f, local[2] %.1f images/s%n", directRate,
                sparkRate[1], sparkRate[2]);
        System.out.printf(Locale.ROOT, "Spark's overhead per image on one core: %.3f ms (%.1f%%); local[2] / local[1] = %.2f%n",
                1000 / sparkRate[1] - 1000 / directRate, 100 * (directRate / sparkRate[1] - 1), sparkRate[2] / sparkRate[1]);
        System.out.printf(Locale.ROOT, "memory: Java heap in use after GC %d MiB (max %d MiB), process peak resident %s%n",
                (rt.totalMemory() - rt.freeMemory()) >> 20, rt.maxMemory() >> 20, peakRss());
        System.out.printf(Locale.ROOT, "detector loads: %d (one JVM: the driver is the executor in local mode)%n",
                NoveltyTransformer.detectorLoads());
    }

    static String peakRss() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return line.substring(6).trim();
            }
        }
        return "?";
    }

    static Path demoLikeDetector(Path work) throws Exception {
        Path dir = work.resolve("detector");
        try (ImageSet train = ImageSets.bundledFashionMnist(Split.TRAIN); ImageSet bags = train.onlyLabel(8);
                ImageSet bank = bags.first(900); ImageSet rest = bags.select(java.util.stream.IntStream.range(900, 1000)
                        .toArray())) {
            Model model = Model.newInstance("spark-bench");
            UnodeModel net = new UnodeModel(Backbone.resNet18(bags.shape(), 0.25));
            net.initialize(model.getNDManager(), 1);
            model.setBlock(net);
            NoveltyScorer scorer = Calibrator.of(ScoreRecipe.of(ScoreSpace.FEATURES, 0.05)
                    .withPixelTerm(new ScoreRecipe.PixelTerm(1.0, true, 4.0))).calibrate(model, bank, rest);
            try (NoveltyDetector d = new NoveltyDetector(model, scorer, Map.of(), Provenance.now(1, "spark-bench", "-",
                    bags.size(), 0, Map.of()), null)) {
                d.save(dir);
            }
        }
        return dir;
    }
}
