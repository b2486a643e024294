package io.github.unode.benchkit;

import java.io.IOException;
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
 * A plot of a history as a self-contained SVG: for each figure, its ratio in every run divided by
 * that figure's median over the history (1.0 = typical; 0.8 = 20% slower), one line per figure,
 * runs in order along x. Metrics (AUROC) are plotted as their difference from their median, in
 * points, on the same axis shifted to 1.
 */
public final class SvgPlot {
    private static final int W = 760;
    private static final int H = 420;
    private static final int LEFT = 60;
    private static final int RIGHT = 190;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;
    private static final String[] PALETTE = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b",
        "#e377c2", "#17becf"};

    private SvgPlot() {}

    /** Writes the plot of {@code runs} to {@code file}. */
    public static void write(Path file, List<BenchSummary> runs, String title) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, svg(runs, title), StandardCharsets.UTF_8);
    }

    /** The SVG text. */
    public static String svg(List<BenchSummary> runs, String title) {
        Set<String> names = new LinkedHashSet<>();
        Set<String> metricNames = new LinkedHashSet<>();
        for (BenchSummary s : runs) {
            names.addAll(s.figures().keySet());
            metricNames.addAll(s.metrics().keySet());
        }
        List<String> series = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        for (String n : names) {
            double[] v = runs.stream().mapToDouble(s -> s.ratio(n) == null ? Double.NaN : s.ratio(n)).toArray();
            double m = median(v);
            series.add(n + " (ratio / median)");
            values.add(Arrays.stream(v).map(x -> x / m).toArray());
        }
        for (String n : metricNames) {
            double[] v = runs.stream().mapToDouble(s -> s.metrics().getOrDefault(n, Double.NaN)).toArray();
            double m = median(v);
            series.add(n + " (1 + points from median)");
            values.add(Arrays.stream(v).map(x -> 1 + (x - m)).toArray());
        }
        double lo = 0.7;
        double hi = 1.3;
        for (double[] v : values) {
            for (double x : v) {
                if (Double.isFinite(x)) {
                    lo = Math.min(lo, x);
                    hi = Math.max(hi, x);
                }
            }
        }
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", W, H, W, H));
        b.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", W, H));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"14\">%s</text>%n", LEFT, esc(title)));
        int n = runs.size();
        double plotW = W - LEFT - RIGHT;
        double plotH = H - TOP - BOTTOM;
        final double lo0 = lo;
        final double hi0 = hi;
        java.util.function.DoubleUnaryOperator py = y -> TOP + plotH * (hi0 - y) / (hi0 - lo0);
        java.util.function.IntToDoubleFunction px = i -> LEFT + (n <= 1 ? plotW / 2 : plotW * i / (n - 1));
        // axes and grid
        b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"none\""
                + " stroke=\"#444\"/>%n", LEFT, TOP, plotW, plotH));
        double step = (hi - lo) > 1.2 ? 0.5 : 0.1;
        for (double y = Math.ceil(lo / step) * step; y <= hi + 1e-9; y += step) {
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>%n",
                    LEFT, LEFT + plotW, py.applyAsDouble(y), py.applyAsDouble(y),
                    Math.abs(y - 1) < 1e-9 ? "#888" : "#e4e4e4"));
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.1f</text>%n",
                    LEFT - 6, py.applyAsDouble(y) + 4, y));
        }
        for (int i = 0; i < n; i++) {
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>%n",
                    px.applyAsDouble(i), H - BOTTOM + 16, i + 1));
        }
        b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">run (oldest first)</text>%n",
                LEFT + plotW / 2, H - 12));
        for (int k = 0; k < series.size(); k++) {
            String c = PALETTE[k % PALETTE.length];
            double[] v = values.get(k);
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < v.length; i++) {
                if (Double.isFinite(v[i])) {
                    pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", px.applyAsDouble(i), py.applyAsDouble(v[i])));
                    b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>%n",
                            px.applyAsDouble(i), py.applyAsDouble(v[i]), c));
                }
            }
            b.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"/>%n",
                    pts.toString().trim(), c));
            int ly = TOP + 14 + 18 * k;
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"%s\""
                    + " stroke-width=\"2\"/>%n", LEFT + plotW + 10, LEFT + plotW + 28, ly - 4, ly - 4, c));
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\">%s</text>%n",
                    LEFT + plotW + 32, ly, esc(series.get(k))));
        }
        b.append("</svg>\n");
        return b.toString();
    }

    static double median(double[] v) {
        double[] f = Arrays.stream(v).filter(Double::isFinite).sorted().toArray();
        if (f.length == 0) {
            return Double.NaN;
        }
        return f.length % 2 == 1 ? f[f.length / 2] : (f[f.length / 2 - 1] + f[f.length / 2]) / 2;
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
