package io.github.unode.benchkit;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import io.github.unode.internal.Engines;
import io.github.unode.score.EmbeddingBank;
import io.github.unode.score.NoveltyDetector;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the kit's benchmarks on a saved detector and images, in three JMH runs in this JVM: the
 * reference product, the benchmarks (the kit's and any extra ones), the reference again. Writes
 * JMH's JSON of all three ({@code jmh.json}) and the summary ({@code summary.json}) into the
 * output directory. Every benchmark is run in sample-time mode (each call timed), with the same
 * short settings.
 */
public final class KitRunner {
    /** The kit's benchmarks and their names in a summary. */
    public static final Map<String, String> KIT_FIGURES = Map.of(
            KitBenchmarks.class.getName() + ".scoreSingle", "score.single",
            KitBenchmarks.class.getName() + ".scoreBatch", "score.batch",
            KitBenchmarks.class.getName() + ".bankSearch", "bank.search60k");

    private static final String REFERENCE = KitBenchmarks.class.getName() + ".matmul";

    /**
     * What to run.
     *
     * @param detector the saved detector's directory
     * @param images the images' directory (flat or one sub-folder per class)
     * @param out where {@code jmh.json} and {@code summary.json} go
     * @param warmups warm-up iterations per benchmark
     * @param iterations measured iterations per benchmark
     * @param seconds each iteration's time
     * @param forks JMH forks (0: every benchmark in this JVM, the default; see the docs)
     * @param threads the engine's intra-op threads for the run (1, the default, keeps the ratios
     *     steadiest on a shared machine), or 0 to leave the engine's setting
     * @param extraFigures more benchmarks (JMH name to figure name), on this JVM's class path
     * @param inlierClass if not null, the class folder of {@code images} whose images are inliers:
     *     the detector's AUROC on the folder becomes the metric {@code accuracy.auroc}
     * @param label a label written into the summary, or null
     * @param verbose whether JMH prints its progress (to standard output)
     */
    public record Config(Path detector, Path images, Path out, int warmups, int iterations, double seconds, int forks,
            int threads, Map<String, String> extraFigures, String inlierClass, String label, boolean verbose) {
        public Config {
            if (warmups < 0 || iterations < 1 || !(seconds > 0) || forks < 0 || threads < 0) {
                throw new BenchException("need warm-ups >= 0, iterations >= 1, a positive iteration time, forks >= 0"
                        + " and threads >= 0");
            }
            extraFigures = extraFigures == null ? Map.of() : Map.copyOf(extraFigures);
        }

        /** The defaults: 2 warm-ups and 5 iterations of 1 s, no fork, one intra-op thread. */
        public static Config defaults(Path detector, Path images, Path out) {
            return new Config(detector, images, out, 2, 5, 1, 0, 1, Map.of(), null, null, false);
        }
    }

    private final Config config;
    private final PrintStream log;

    public KitRunner(Config config, PrintStream log) {
        this.config = config;
        this.log = log;
    }

    /**
     * Runs everything and writes {@code jmh.json} and {@code summary.json}.
     *
     * @param extraMetrics metrics measured by the caller (an AUROC), added to the summary
     */
    public BenchSummary run(Map<String, Double> extraMetrics) throws IOException {
        String detectorDir = config.detector().toString();
        String imagesDir = config.images().toString();
        Map<String, Double> metrics = new LinkedHashMap<>(extraMetrics == null ? Map.of() : extraMetrics);
        int dimension;
        String precision;
        // checks the inputs before any benchmark runs: a clear message, not a JMH stack trace
        try (NoveltyDetector d = Workloads.loadDetector(detectorDir)) {
            Workloads.readImages(imagesDir, d).close();
            EmbeddingBank bank = d.scorer().bank();
            dimension = bank.dimension();
            precision = bank.precision().name();
            if (config.inlierClass() != null) {
                metrics.put("accuracy.auroc", Workloads.auroc(d, imagesDir, config.inlierClass()));
            }
        }
        Files.createDirectories(config.out());
        if (config.threads() > 0) {
            Engines.setIntraOpThreads(config.threads());
            String omp = System.getenv("OMP_NUM_THREADS");
            if (!String.valueOf(config.threads()).equals(omp)) {
                log.println("note: the kit's benchmarks run on " + config.threads() + " intra-op thread(s); set"
                        + " OMP_NUM_THREADS=" + config.threads() + " in the environment for any other benchmark run"
                        + " with them (OpenMP keeps the count per thread)");
            }
        }
        Map<String, String> names = new LinkedHashMap<>(KIT_FIGURES);
        names.putAll(config.extraFigures());

        long t0 = System.nanoTime();
        ReferenceProbe.clear();
        // JMH refuses to start while another JMH holds /tmp/jmh.lock: on a shared CI machine that
        // is one more source of load, not a reason to fail
        System.setProperty("jmh.ignoreLock", "true");
        Collection<RunResult> before = jmh("reference-1", List.of(REFERENCE), dimension, precision);
        Collection<RunResult> main = jmh("benchmarks", List.copyOf(names.keySet()), dimension, precision);
        Collection<RunResult> after = jmh("reference-2", List.of(REFERENCE), dimension, precision);
        mergeJmhJson();

        double r1 = MatMulReference.gflops(MatMulReference.SIZE, 1000.0 / fastestMs(find(before, REFERENCE)));
        double r2 = MatMulReference.gflops(MatMulReference.SIZE, 1000.0 / fastestMs(find(after, REFERENCE)));
        double ref = Ratios.best(r1, r2);
        Map<String, BenchSummary.Figure> figures = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : names.entrySet()) {
            RunResult r = find(main, e.getKey());
            if (r != null) {
                var st = r.getPrimaryResult().getStatistics();
                figures.put(e.getValue(), BenchSummary.Figure.of(e.getKey(), fastestMs(r), st.getPercentile(50), st.getN(),
                        ref, pairedRatios(r, ReferenceProbe.take(e.getKey()))));
            }
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("warmupIterations", config.warmups());
        settings.put("iterations", config.iterations());
        settings.put("iterationSeconds", config.seconds());
        settings.put("forks", config.forks());
        settings.put("threads", config.threads());
        settings.put("estimator", "fastest sampled call (JMH sample-time mode)");
        settings.put("seconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
        BenchSummary s = new BenchSummary(BenchSummary.FORMAT, Instant.now().toString(), config.label(), machine(),
                settings, new BenchSummary.Reference(MatMulReference.name(MatMulReference.SIZE), ref, new double[] {r1, r2}),
                figures, metrics);
        s.write(config.out().resolve("summary.json"));
        return s;
    }

    private Collection<RunResult> jmh(String stage, List<String> benchmarks, int dimension, String precision)
            throws IOException {
        ChainedOptionsBuilder o = new OptionsBuilder()
                .mode(Mode.SampleTime).timeUnit(TimeUnit.MILLISECONDS)
                .warmupIterations(config.warmups()).measurementIterations(config.iterations())
                .warmupTime(time(config.seconds())).measurementTime(time(config.seconds()))
                .forks(config.forks()).threads(1).shouldFailOnError(true)
                .verbosity(config.verbose() ? VerboseMode.NORMAL : VerboseMode.SILENT)
                .param("detector", config.detector().toAbsolutePath().toString())
                .param("images", config.images().toAbsolutePath().toString())
                .param("dimension", String.valueOf(dimension))
                .param("precision", precision)
                .param("threads", String.valueOf(config.threads()))
                .resultFormat(ResultFormatType.JSON)
                .result(config.out().resolve("jmh-" + stage + ".json").toString());
        for (String b : benchmarks) {
            o.include("^" + Pattern.quote(b) + "$");
        }
        log.println("== " + stage + ": " + String.join(", ", benchmarks.stream()
                .map(b -> b.substring(b.lastIndexOf('.', b.lastIndexOf('.') - 1) + 1)).toList()));
        try {
            return new Runner(o.build()).run();
        } catch (RunnerException e) {
            throw new BenchException("JMH failed in " + stage + ": " + e.getMessage(), e);
        }
    }

    private static TimeValue time(double seconds) {
        return TimeValue.milliseconds(Math.round(seconds * 1000));
    }

    /** jmh.json: the three runs' results in one array, JMH's format; the per-run files removed. */
    private void mergeJmhJson() throws IOException {
        JsonArray all = new JsonArray();
        for (String stage : List.of("reference-1", "benchmarks", "reference-2")) {
            Path p = config.out().resolve("jmh-" + stage + ".json");
            if (Files.exists(p)) {
                all.addAll(JsonParser.parseString(Files.readString(p, StandardCharsets.UTF_8)).getAsJsonArray());
                Files.delete(p);
            }
        }
        Files.writeString(config.out().resolve("jmh.json"),
                new GsonBuilder().setPrettyPrinting().create().toJson(all) + "\n", StandardCharsets.UTF_8);
    }

    private static RunResult find(Collection<RunResult> results, String benchmark) {
        for (RunResult r : results) {
            if (r.getParams().getBenchmark().equals(benchmark)) {
                return r;
            }
        }
        return null;
    }

    /**
     * For each measured iteration, its fastest call's throughput over the reference rate probed
     * right before it; empty if the benchmark's state has no probe.
     */
    static double[] pairedRatios(RunResult r, List<Double> rates) {
        List<Double> fastest = new java.util.ArrayList<>();
        r.getBenchmarkResults().forEach(b -> b.getIterationResults()
                .forEach(i -> fastest.add(i.getPrimaryResult().getStatistics().getMin())));
        if (rates.size() != fastest.size()) {
            return new double[0];
        }
        double[] out = new double[rates.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Ratios.ratio(1000.0 / fastest.get(i), rates.get(i));
        }
        return out;
    }

    /** The fastest sampled call of a benchmark, ms (over all its measured iterations and forks). */
    private static double fastestMs(RunResult r) {
        if (r == null) {
            throw new BenchException("JMH did not run the reference");
        }
        return r.getPrimaryResult().getStatistics().getMin();
    }

    /** What the run ran on, for the summary. */
    public static Map<String, String> machine() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cpus", String.valueOf(Runtime.getRuntime().availableProcessors()));
        List<String> cpuinfo = cpuinfo();
        m.put("cpuModel", field(cpuinfo, "model name"));
        m.put("cpuVendor", field(cpuinfo, "vendor_id"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("maxHeapMiB", String.valueOf(Runtime.getRuntime().maxMemory() >> 20));
        m.put("engine", Engines.describe());
        m.put("intraOpThreads", String.valueOf(Engines.intraOpThreads()));
        m.put("ONEDNN_MAX_CPU_ISA", String.valueOf(System.getenv("ONEDNN_MAX_CPU_ISA")));
        m.put("OMP_NUM_THREADS", String.valueOf(System.getenv("OMP_NUM_THREADS")));
        return m;
    }

    /** The lines of /proc/cpuinfo, or none where it cannot be read (not Linux): the fields then say "unknown". */
    private static List<String> cpuinfo() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo"));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** The first value of a /proc/cpuinfo field ("model name", "vendor_id"), or "unknown". */
    private static String field(List<String> cpuinfo, String name) {
        for (String line : cpuinfo) {
            if (line.startsWith(name) && line.substring(name.length()).trim().startsWith(":")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return "unknown";
    }
}
