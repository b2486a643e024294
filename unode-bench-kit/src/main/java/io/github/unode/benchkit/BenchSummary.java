package io.github.unode.benchkit;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one benchmark run measured, as {@code summary.json}: the reference rate (the engine's
 * matrix product, GFLOP/s, measured in the same JVM in the same run), each figure's throughput and
 * its <b>ratio</b> = throughput (operations per second) / reference rate (GFLOP/s), that is
 * operations per GFLOP of the reference product, higher is faster; and metrics without a ratio
 * (an AUROC). Ratios of one run can be compared with those of another run on another machine of
 * the same kind; absolute times cannot.
 *
 * @param format always {@value #FORMAT}
 * @param created when the run ended (ISO-8601)
 * @param label a free label of the run (a commit, a branch), or null
 * @param machine what the run ran on (cores, OS, Java, engine, oneDNN cap, threads)
 * @param settings the JMH settings (warm-up, iterations, their time, forks)
 * @param reference the reference rate
 * @param figures benchmark figures by name ({@code score.single}, {@code score.batch}, ...)
 * @param metrics other figures by name ({@code accuracy.auroc}), no ratio
 */
public record BenchSummary(String format, String created, String label, Map<String, String> machine,
        Map<String, Object> settings, Reference reference, Map<String, Figure> figures, Map<String, Double> metrics) {
    /** The format marker of a summary. */
    public static final String FORMAT = "unode-bench-summary/1";

    /** How a ratio is defined, written into every summary. */
    public static final String RATIO_DEFINITION = "ratio = throughput (ops/s) / reference matrix-product rate (GFLOP/s)";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
            .serializeSpecialFloatingPointValues().create();

    public BenchSummary {
        figures = figures == null ? Map.of() : new LinkedHashMap<>(figures);
        metrics = metrics == null ? Map.of() : new LinkedHashMap<>(metrics);
        machine = machine == null ? Map.of() : new LinkedHashMap<>(machine);
        settings = settings == null ? Map.of() : new LinkedHashMap<>(settings);
    }

    /**
     * The reference: the engine's {@code n x n} by {@code n x n} float32 matrix product.
     *
     * @param name e.g. {@code reference.matmul1024}
     * @param gflops the rate used for the ratios: that of the fastest sampled product of both runs
     * @param runs the rate of the fastest product of each run of it (before and after the others)
     */
    public record Reference(String name, double gflops, double[] runs) {}

    /**
     * One benchmark figure, from JMH's sampled times of single calls (sample-time mode).
     *
     * @param benchmark JMH's name of the benchmark
     * @param msPerOp the fastest sampled call, ms
     * @param medianMs the median sampled call, ms
     * @param samples how many calls were sampled
     * @param opsPerSecond {@code 1000 / msPerOp}
     * @param ratio the figure's ratio (see {@link Ratios}): the median of {@code iterationRatios}
     *     if there are any, else {@code opsPerSecond / reference.gflops}
     * @param iterationRatios per measured iteration: its fastest call's throughput over the
     *     reference rate probed right before it ({@link ReferenceProbe}); empty without a probe
     */
    public record Figure(String benchmark, double msPerOp, double medianMs, long samples, double opsPerSecond,
            double ratio, double[] iterationRatios) {
        /** A figure from its fastest and median call, the run's reference rate and its paired ratios. */
        public static Figure of(String benchmark, double minMs, double medianMs, long samples, double referenceGflops,
                double[] iterationRatios) {
            double ops = 1000.0 / minMs;
            double[] paired = iterationRatios == null ? new double[0] : iterationRatios.clone();
            double ratio = paired.length > 0 ? Ratios.median(paired) : Ratios.ratio(ops, referenceGflops);
            return new Figure(benchmark, minMs, medianMs, samples, ops, ratio, paired);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Figure f && f.benchmark.equals(benchmark) && f.msPerOp == msPerOp
                    && f.medianMs == medianMs && f.samples == samples && f.ratio == ratio
                    && java.util.Arrays.equals(f.iterationRatios, iterationRatios);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(benchmark, msPerOp, ratio);
        }
    }

    /** The summary as pretty-printed JSON, with the ratio's definition. */
    public String toJson() {
        JsonObject o = GSON.toJsonTree(this).getAsJsonObject();
        o.addProperty("ratioDefinition", RATIO_DEFINITION);
        return GSON.toJson(o);
    }

    /** The summary on one line (a line of a history file). */
    public String toJsonLine() {
        return new Gson().newBuilder().serializeSpecialFloatingPointValues().disableHtmlEscaping().create()
                .toJson(this);
    }

    /** Writes {@link #toJson()} to {@code file}, replacing it. */
    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, toJson() + "\n", StandardCharsets.UTF_8);
    }

    /**
     * Reads a summary.
     *
     * @throws BenchException if the text is not JSON or not a summary ({@value #FORMAT})
     */
    public static BenchSummary parse(String json, String source) {
        JsonObject o;
        try {
            o = JsonParser.parseString(json).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new BenchException(source + " is not a JSON object: " + e.getMessage(), e);
        }
        if (!o.has("format") || !FORMAT.equals(o.get("format").getAsString())) {
            throw new BenchException(source + " is not a benchmark summary (its \"format\" is not \"" + FORMAT + "\")");
        }
        try {
            return GSON.fromJson(o, BenchSummary.class);
        } catch (JsonParseException | IllegalStateException | NumberFormatException e) {
            throw new BenchException(source + " is not a valid benchmark summary: " + e.getMessage(), e);
        }
    }

    /** Reads a summary file. */
    public static BenchSummary read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /** The ratio of a figure, or null if the summary has no such figure. */
    public Double ratio(String figure) {
        Figure f = figures.get(figure);
        return f == null ? null : f.ratio();
    }
}
