package io.github.unode.eval.report;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.unode.core.AtomicFiles;
import io.github.unode.eval.TaskResult;
import io.github.unode.eval.metrics.DetectionMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The results of an evaluation and their summaries (METHOD section 7): per data set and test
 * condition, each method's mean and standard deviation of AUROC over the settings (classes);
 * across data sets, the mean and spread of the per-data-set means (the paper's "universality").
 * Written as Markdown, CSV, JSON and PNG plots into one folder.
 */
public final class EvaluationReport {
    private final String title;
    private final String command;
    private final String machine;
    private final List<TaskResult> results;

    /**
     * @param title a heading
     * @param command the command that produced the results (printed in the report)
     * @param machine a description of the machine
     * @param results every task's result
     */
    public EvaluationReport(String title, String command, String machine, List<TaskResult> results) {
        this.title = title;
        this.command = command;
        this.machine = machine;
        this.results = List.copyOf(results);
    }

    public List<TaskResult> results() {
        return results;
    }

    /** Mean and population standard deviation. */
    public record Spread(double mean, double std, int n) {
        static Spread of(List<Double> v) {
            if (v.isEmpty()) {
                return new Spread(Double.NaN, Double.NaN, 0);
            }
            double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
            return new Spread(io.github.unode.core.Stats.mean(a), io.github.unode.core.Stats.std(a), a.length);
        }

        String pct() {
            return String.format(Locale.ROOT, "%.1f ± %.1f", 100 * mean, 100 * std);
        }
    }

    public List<String> methods() {
        return results.stream().map(TaskResult::method).distinct().toList();
    }

    public List<String> datasets() {
        return results.stream().map(TaskResult::dataset).distinct().toList();
    }

    public List<String> conditions() {
        return results.stream().map(TaskResult::condition).distinct().toList();
    }

    /** AUROC over the settings of one data set, condition and method. */
    public Spread auroc(String dataset, String condition, String method) {
        return Spread.of(results.stream().filter(r -> r.dataset().equals(dataset) && r.condition().equals(condition)
                && r.method().equals(method)).map(r -> r.metrics().auroc()).toList());
    }

    /** Mean and spread over data sets of the per-data-set mean AUROC. */
    public Spread acrossDatasets(String condition, String method) {
        return Spread.of(datasets().stream().map(d -> auroc(d, condition, method)).filter(s -> s.n() > 0)
                .map(Spread::mean).toList());
    }

    /** Over the corruptions (every condition but clean): the mean of the per-corruption means. */
    public Spread acrossCorruptions(String dataset, String method) {
        return Spread.of(conditions().stream().filter(c -> !c.equals("clean"))
                .map(c -> auroc(dataset, c, method)).filter(s -> s.n() > 0).map(Spread::mean).toList());
    }

    /** The summary printed by the command line. */
    public String summary() {
        StringBuilder b = new StringBuilder();
        List<String> methods = methods();
        for (String d : datasets()) {
            b.append(String.format(Locale.ROOT, "%s: AUROC %% (mean ± std over %d settings)%n", d,
                    auroc(d, "clean", methods.get(0)).n()));
            b.append(String.format(Locale.ROOT, "  %-22s", "condition"));
            for (String m : methods) {
                b.append(String.format(Locale.ROOT, " %22s", m));
            }
            b.append('\n');
            for (String c : conditions()) {
                b.append(String.format(Locale.ROOT, "  %-22s", c));
                for (String m : methods) {
                    b.append(String.format(Locale.ROOT, " %22s", auroc(d, c, m).pct()));
                }
                b.append('\n');
            }
            if (conditions().size() > 1) {
                b.append(String.format(Locale.ROOT, "  %-22s", "all corruptions"));
                for (String m : methods) {
                    b.append(String.format(Locale.ROOT, " %22s", acrossCorruptions(d, m).pct()));
                }
                b.append('\n');
            }
        }
        if (datasets().size() > 1) {
            b.append("across data sets (mean ± spread of the per-data-set means)\n");
            for (String m : methods) {
                b.append(String.format(Locale.ROOT, "  %-22s %s%n", m, acrossDatasets("clean", m).pct()));
            }
        }
        return b.toString();
    }

    /** Writes report.md, results.csv, results.json and plots/ into {@code dir}. */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, String> plots = writePlots(dir.resolve("plots"));
        AtomicFiles.write(dir.resolve("report.md"), markdown(plots).getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(dir.resolve("results.csv"), csv().getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(dir.resolve("results.json"), json().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes every per-image novelty score behind the report, gzip-compressed CSV with the
     * columns {@code dataset,setting,condition,method,image,novel,score} (image: the index in its
     * test set, the same order for every method of a task; novel: 1 or 0), so that scores can be
     * combined or re-weighed offline without running the methods again. Written atomically.
     */
    public void writeScores(Path file) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.Writer w = new java.io.OutputStreamWriter(new java.util.zip.GZIPOutputStream(bytes),
                StandardCharsets.UTF_8)) {
            w.write("dataset,setting,condition,method,image,novel,score\n");
            for (TaskResult r : results) {
                String prefix = String.join(",", quote(r.dataset()), quote(r.setting()), quote(r.condition()),
                        quote(r.method())) + ",";
                for (int i = 0; i < r.scores().length; i++) {
                    w.write(prefix + i + "," + (r.novel()[i] ? "1" : "0") + "," + r.scores()[i] + "\n");
                }
            }
        }
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        AtomicFiles.write(file, bytes.toByteArray());
    }

    private Map<String, String> writePlots(Path dir) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        Map<String, List<TaskResult>> byTask = results.stream().filter(TaskResult::clean)
                .collect(Collectors.groupingBy(r -> r.dataset() + " / " + r.setting(), LinkedHashMap::new, Collectors.toList()));
        for (Map.Entry<String, List<TaskResult>> e : byTask.entrySet()) {
            String slug = e.getKey().replaceAll("[^A-Za-z0-9]+", "-").replaceAll("(^-|-$)", "").toLowerCase(Locale.ROOT);
            Plots.roc(dir.resolve("roc-" + slug + ".png"), "ROC: " + e.getKey(), e.getValue());
            Plots.histogram(dir.resolve("scores-" + slug + ".png"), e.getValue().get(0).method() + " scores: " + e.getKey(),
                    e.getValue().get(0));
            files.put(e.getKey(), slug);
        }
        return files;
    }

    String markdown(Map<String, String> plots) {
        StringBuilder b = new StringBuilder();
        b.append("# ").append(title).append("\n\n");
        b.append("Command: `").append(command).append("`  \n");
        b.append("Machine: ").append(machine).append("\n\n");
        b.append("## Summary\n\n```\n").append(summary()).append("```\n\n");
        b.append("## Every task\n\n");
        b.append("| data set | setting | condition | method | AUROC | AUPR | FPR@95TPR | detection @ threshold | FPR @ threshold | fit s | score s |\n");
        b.append("|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (TaskResult r : results) {
            DetectionMetrics m = r.metrics();
            b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.2f | %.2f | %.2f | %s | %s | %.1f | %.2f |%n",
                    r.dataset(), r.setting(), r.condition(), r.method(), 100 * m.auroc(), 100 * m.aupr(),
                    100 * m.fprAt95Tpr(), pctOrDash(m.detectionRate()), pctOrDash(m.falsePositiveRate()),
                    r.fitSeconds(), r.scoreSeconds()));
        }
        if (!plots.isEmpty()) {
            b.append("\n## Plots (clean test sets)\n\n");
            for (Map.Entry<String, String> e : plots.entrySet()) {
                b.append("### ").append(e.getKey()).append("\n\n");
                b.append("![ROC](plots/roc-").append(e.getValue()).append(".png) ");
                b.append("![scores](plots/scores-").append(e.getValue()).append(".png)\n\n");
            }
        }
        b.append("\nMetrics: novel images are the positive class; AUROC with ties averaged, AUPR as average precision,"
                + " FPR@95TPR the smallest false-positive rate detecting 95% of novel images; detection and FPR at the"
                + " method's own calibrated threshold where it has one.\n");
        return b.toString();
    }

    private static String pctOrDash(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", 100 * v);
    }

    String csv() {
        StringBuilder b = new StringBuilder("dataset,setting,condition,method,auroc,aupr,fpr_at_95_tpr,threshold,"
                + "detection_rate,false_positive_rate,novel,inliers,fit_seconds,score_seconds\n");
        for (TaskResult r : results) {
            DetectionMetrics m = r.metrics();
            b.append(String.join(",", quote(r.dataset()), quote(r.setting()), quote(r.condition()), quote(r.method()),
                    num(m.auroc()), num(m.aupr()), num(m.fprAt95Tpr()), num(m.threshold()), num(m.detectionRate()),
                    num(m.falsePositiveRate()), Integer.toString(m.novel()), Integer.toString(m.inliers()),
                    num(r.fitSeconds()), num(r.scoreSeconds()))).append('\n');
        }
        return b.toString();
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6f", v);
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    String json() {
        JsonObject root = new JsonObject();
        root.addProperty("title", title);
        root.addProperty("command", command);
        root.addProperty("machine", machine);
        JsonArray rows = new JsonArray();
        for (TaskResult r : results) {
            JsonObject o = new JsonObject();
            o.addProperty("dataset", r.dataset());
            o.addProperty("setting", r.setting());
            o.addProperty("condition", r.condition());
            o.addProperty("method", r.method());
            DetectionMetrics m = r.metrics();
            o.addProperty("auroc", m.auroc());
            o.addProperty("aupr", m.aupr());
            o.addProperty("fprAt95Tpr", m.fprAt95Tpr());
            if (!Double.isNaN(m.threshold())) {
                o.addProperty("threshold", m.threshold());
                o.addProperty("detectionRate", m.detectionRate());
                o.addProperty("falsePositiveRate", m.falsePositiveRate());
            }
            o.addProperty("novel", m.novel());
            o.addProperty("inliers", m.inliers());
            o.addProperty("fitSeconds", r.fitSeconds());
            o.addProperty("scoreSeconds", r.scoreSeconds());
            rows.add(o);
        }
        root.add("results", rows);
        JsonObject summary = new JsonObject();
        for (String d : datasets()) {
            JsonObject ds = new JsonObject();
            for (String c : conditions()) {
                JsonObject cs = new JsonObject();
                for (String m : methods()) {
                    Spread s = auroc(d, c, m);
                    JsonObject v = new JsonObject();
                    v.addProperty("meanAuroc", s.mean());
                    v.addProperty("stdAuroc", s.std());
                    v.addProperty("settings", s.n());
                    cs.add(m, v);
                }
                ds.add(c, cs);
            }
            summary.add(d, ds);
        }
        root.add("summary", summary);
        Gson gson = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();
        return gson.toJson(root);
    }

    static List<String> unique(List<String> v) {
        return new ArrayList<>(new LinkedHashSet<>(v));
    }
}
