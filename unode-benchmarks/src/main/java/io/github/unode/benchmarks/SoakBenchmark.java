package io.github.unode.benchmarks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.unode.core.ImageShape;
import io.github.unode.core.RandomSource;
import io.github.unode.data.ImageSet;
import io.github.unode.data.ImageSets;
import io.github.unode.data.Split;
import io.github.unode.model.Backbone;
import io.github.unode.score.NoveltyDetector;
import io.github.unode.train.UnodeTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Scores a million images in batches and prints resident memory every 100,000: a detector that
 * runs for months must not grow. Passes when resident memory after the last batch is within 5% of
 * its value after the first 100,000 images (exit code 1 otherwise).
 *
 * <pre>
 * unode-benchmarks/scripts/bench SoakBenchmark [images=1000000] [batch=256] [detector-dir]
 * </pre>
 * On Linux, run it with jemalloc preloaded, as a service should be run (glibc's malloc lets
 * libtorch's resident memory creep up; docs/reliability.md):
 * {@code LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2 MALLOC_CONF=dirty_decay_ms:-1,muzzy_decay_ms:-1}.
 * The header line names the allocator in use.
 * Without a detector directory it trains a small one on the bundled subset first (about a minute),
 * a ResNet-18 of width {@code -Dsoak.width} (default 0.25; memory behaviour does not depend on
 * it, speed does).
 */
public final class SoakBenchmark {
    private SoakBenchmark() {}

    public static void main(String[] args) throws Exception {
        long total = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        NoveltyDetector detector;
        if (args.length > 2) {
            detector = NoveltyDetector.load(Path.of(args[2]));
        } else {
            try (ImageSet train = ImageSets.bundledFashionMnist(Split.TRAIN); ImageSet inliers = train.onlyLabel(8)) {
                detector = UnodeTrainer.builder().backbone(Backbone.resNet18(inliers.shape(),
                        Double.parseDouble(System.getProperty("soak.width", "0.25")))).epochs(1)
                        .batchSize(64).seed(1).build().fit(inliers);
            }
        }
        ImageShape shape = detector.inputShape();
        try (detector; NDManager data = NDManager.newBaseManager()) {
            // four different batches, cycled, so that every call scores real work
            NDArray[] batches = new NDArray[4];
            for (int k = 0; k < batches.length; k++) {
                batches[k] = data.create(new RandomSource(k).uniforms(batch * shape.pixels()), shape.batchShape(batch));
            }
            System.out.printf(Locale.ROOT, "# soak: %,d images in batches of %d, %s, detector input %s, allocator: %s%n",
                    total, batch, System.getProperty("java.version"), shape, allocator());
            System.out.printf(Locale.ROOT, "%12s %12s %12s %12s %10s %12s%n", "images", "rss_mib", "heap_mib",
                    "direct_mib", "seconds", "images/s");
            long start = System.nanoTime();
            long scored = 0;
            long nextReport = 100_000;
            double rssAtFirst = -1;
            double rss = 0;
            int novel = 0;
            while (scored < total) {
                novel += detector.score(batches[(int) (scored / batch) % batches.length]).novelCount();
                scored += batch;
                if (scored >= nextReport || scored >= total) {
                    rss = residentMib();
                    Runtime rt = Runtime.getRuntime();
                    double heap = (rt.totalMemory() - rt.freeMemory()) / 1048576.0;
                    double sec = (System.nanoTime() - start) / 1e9;
                    System.out.printf(Locale.ROOT, "%12d %12.1f %12.1f %12.2f %10.1f %12.0f%n", scored, rss, heap,
                            directMib(), sec, scored / sec);
                    if (rssAtFirst < 0) {
                        rssAtFirst = rss;
                    }
                    nextReport += 100_000;
                }
            }
            double growth = 100 * (rss - rssAtFirst) / rssAtFirst;
            System.out.printf(Locale.ROOT, "resident memory after %,d images: %.1f MiB, %+.2f%% since the first 100,000"
                    + " (limit +5%%); %d flagged novel%n", scored, rss, growth, novel);
            System.exit(growth < 5 ? 0 : 1);
        }
    }

    /** Memory held by Java direct buffers (freed only when the collector finds them), in MiB. */
    static double directMib() {
        return java.lang.management.ManagementFactory.getPlatformMXBeans(java.lang.management.BufferPoolMXBean.class)
                .stream().filter(b -> b.getName().equals("direct")).mapToLong(
                        java.lang.management.BufferPoolMXBean::getMemoryUsed).sum() / 1048576.0;
    }

    /** Which native allocator serves libtorch: glibc's malloc unless one is preloaded. */
    static String allocator() {
        String preload = System.getenv("LD_PRELOAD");
        if (preload != null && !preload.isBlank()) {
            String conf = System.getenv("MALLOC_CONF");
            return preload + (conf == null ? "" : ", MALLOC_CONF=" + conf);
        }
        String arenas = System.getenv("MALLOC_ARENA_MAX");
        return "glibc malloc" + (arenas == null ? "" : ", MALLOC_ARENA_MAX=" + arenas);
    }

    /** VmRSS of this process from /proc, in MiB. */
    static double residentMib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }
}
