package io.github.unode.benchmarks;

import io.github.unode.benchkit.BenchSummary;
import io.github.unode.benchkit.Gates;
import io.github.unode.benchkit.History;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Chooses the CI gates from repeated runs of {@link CiBench} (a JSON Lines file of their
 * summaries, as {@code --append-history} writes it):
 *
 * <ul>
 *   <li>a figure's baseline is the median of its ratios; its tolerance, a fraction of the
 *       baseline, is {@code max(3 x MAD, median - slowest) / median + 0.10}, at most 0.9: the
 *       gate is one-sided, so what matters is how far below the median noise alone took a run;
 *   <li>a metric's baseline is its median; its tolerance {@code max(3 x MAD, largest distance
 *       from the median) + 0.2} points.
 * </ul>
 *
 * <pre>
 * unode-benchmarks/scripts/bench CiBaseline docs/results/ci-bench-spread.jsonl unode-benchmarks/ci-baseline.json
 * </pre>
 *
 * Prints a Markdown table of the runs and the chosen gates.
 */
public final class CiBaseline {
    static final double FIGURE_MARGIN = 0.10;
    static final double METRIC_MARGIN = 0.2;

    private CiBaseline() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: CiBaseline RUNS.jsonl BASELINE.json");
            System.exit(2);
        }
        List<BenchSummary> runs = History.read(Path.of(args[0]));
        Set<String> figures = new LinkedHashSet<>();
        Set<String> metrics = new LinkedHashSet<>();
        runs.forEach(r -> {
            figures.addAll(r.figures().keySet());
            metrics.addAll(r.metrics().keySet());
        });
        List<Gates.Gate> gates = new ArrayList<>();
        StringBuilder md = new StringBuilder("| figure |");
        for (int i = 1; i <= runs.size(); i++) {
            md.append(" run ").append(i).append(" |");
        }
        md.append(" median | MAD | slowest vs median | tolerance |\n|---|");
        md.append("---:|".repeat(runs.size() + 4)).append('\n');
        md.append("| reference GFLOP/s |");
        runs.forEach(r -> md.append(String.format(Locale.ROOT, " %.1f |", r.reference().gflops())));
        md.append(" | | | |\n");
        for (String f : figures) {
            double[] v = runs.stream().mapToDouble(r -> r.ratio(f) == null ? Double.NaN : r.ratio(f))
                    .filter(Double::isFinite).toArray();
            double med = median(v);
            double mad = mad(v, med);
            double low = med - Arrays.stream(v).min().orElse(med);
            double tol = Math.min(0.9, Math.max(3 * mad, low) / med + FIGURE_MARGIN);
            tol = Math.round(tol * 100) / 100.0;
            gates.add(new Gates.Gate(f, false, round4(med), tol));
            row(md, f + " ratio", runs.stream().mapToDouble(r -> r.ratio(f) == null ? Double.NaN : r.ratio(f)).toArray(),
                    med, mad, String.format(Locale.ROOT, "%.0f%%", -100 * low / med),
                    String.format(Locale.ROOT, "%.0f%%", tol * 100));
        }
        for (String m : metrics) {
            double[] v = runs.stream().mapToDouble(r -> r.metrics().getOrDefault(m, Double.NaN)).filter(Double::isFinite)
                    .toArray();
            double med = median(v);
            double mad = mad(v, med);
            double far = Arrays.stream(v).map(x -> Math.abs(x - med)).max().orElse(0);
            double tol = Math.round((Math.max(3 * mad, far) + METRIC_MARGIN) * 100) / 100.0;
            gates.add(new Gates.Gate(m, true, round4(med), tol));
            row(md, m, runs.stream().mapToDouble(r -> r.metrics().getOrDefault(m, Double.NaN)).toArray(), med, mad,
                    String.format(Locale.ROOT, "%.4f", far), String.format(Locale.ROOT, "\u00b1%.2f", tol));
        }
        String note = "chosen by CiBaseline from " + runs.size() + " runs of CiBench (" + args[0] + "): figure baseline"
                + " = median ratio, tolerance = max(3 MAD, median - slowest) / median + " + FIGURE_MARGIN
                + "; metric baseline = median, tolerance = max(3 MAD, largest distance from the median) + "
                + METRIC_MARGIN + " points";
        Files.writeString(Path.of(args[1]), new Gates(gates).toJson(note) + "\n", StandardCharsets.UTF_8);
        System.out.print(md);
        System.out.println("\nwrote " + args[1]);
    }

    private static void row(StringBuilder md, String name, double[] all, double med, double mad, String low, String tol) {
        md.append("| ").append(name).append(" |");
        for (double x : all) {
            md.append(' ').append(Double.isFinite(x) ? String.format(Locale.ROOT, "%.4g", x) : "-").append(" |");
        }
        md.append(String.format(Locale.ROOT, " %.4g | %.3g | %s | %s |%n", med, mad, low, tol));
    }

    private static double round4(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).doubleValue();
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    static double mad(double[] v, double med) {
        return median(Arrays.stream(v).map(x -> Math.abs(x - med)).toArray());
    }
}
