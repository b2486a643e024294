package io.github.unode.eval.report;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.unode.eval.TaskResult;
import io.github.unode.eval.internal.ReportLayout;
import io.github.unode.eval.metrics.DetectionMetrics;
import io.github.unode.internal.AtomicFiles;
import io.github.unode.internal.OutputGuard;
import io.github.unode.internal.OutputKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The results of an evaluation and their summaries (METHOD section 7): per data set and test
 * condition, each method's mean and standard deviation of AUROC over the settings (classes);
 * across data sets, the mean and spread of the per-data-set means (the paper's "universality").
 * Where the test split has kinds of novelty of its own (classes without training images, such as
 * MVTec AD's defect folders), also each one's AUROC against the test inliers. Written as Markdown,
 * CSV, JSON and PNG plots into one folder, marked as a report by {@value #MARKER} so that a later
 * report may replace it ({@link Option#REPLACE}) while nothing else is ever replaced.
 */
public final class EvaluationReport {
    /** The marker of a report folder: its format and the entries the report wrote. */
    public static final String MARKER = ReportLayout.MARKER;
    /** The file of the per-novel-class metrics in a report folder. */
    public static final String NOVEL_CLASSES_CSV = "novel-classes.csv";
    private static final String FORMAT = ReportLayout.FORMAT;

    private static final OutputKind KIND = ReportLayout.KIND;

    /** How {@link #write(Path, Option...)} writes. */
    public enum Option {
        /** Replace a report written earlier to the folder (never a folder holding anything else). */
        REPLACE,
        /** Also write every per-image score to {@code scores.csv.gz} (see {@link #writeScores}). */
        SCORES
    }

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
            return new Spread(io.github.unode.internal.Stats.mean(a), io.github.unode.internal.Stats.std(a), a.length);
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
            List<String> kinds = novelClasses(d);
            if (!kinds.isEmpty()) {
                b.append("  clean, each kind of novelty (a class only the test split has) against the test inliers:\n");
                for (String k : kinds) {
                    b.append(String.format(Locale.ROOT, "  %-22s", "  " + k));
                    for (String m : methods) {
                        b.append(String.format(Locale.ROOT, " %22s", auroc(d, "clean", m, k).pct()));
                    }
                    b.append('\n');
                }
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

    /**
     * Writes report.md, results.csv, results.json, plots/, {@value #NOVEL_CLASSES_CSV} (when the
     * test split has kinds of novelty of its own), scores.csv.gz (with {@link Option#SCORES}) and
     * the marker {@value #MARKER} into {@code dir}, as one directory put in place atomically.
     * {@code dir} must not exist or be empty; with {@link Option#REPLACE} it may also hold an
     * earlier report and nothing else, which is then replaced whole.
     *
     * @throws io.github.unode.core.ExistingOutputException if {@code dir} holds anything else, or
     *     a report and no {@link Option#REPLACE}; nothing is written or deleted then
     */
    public void write(Path dir, Option... options) throws IOException {
        Set<Option> opts = options.length == 0 ? EnumSet.noneOf(Option.class) : EnumSet.copyOf(List.of(options));
        OutputGuard.writeDirectory(dir, KIND, opts.contains(Option.REPLACE),
                "write it with EvaluationReport.Option.REPLACE", tmp -> {
                    List<String> files = new ArrayList<>();
                    Map<String, String> plots = writePlots(tmp.resolve("plots"));
                    if (Files.isDirectory(tmp.resolve("plots"))) {
                        files.add("plots");
                    }
                    writeFile(tmp, "report.md", markdown(plots).getBytes(StandardCharsets.UTF_8), files);
                    writeFile(tmp, "results.csv", csv().getBytes(StandardCharsets.UTF_8), files);
                    writeFile(tmp, "results.json", json().getBytes(StandardCharsets.UTF_8), files);
                    if (hasNovelClasses()) {
                        writeFile(tmp, NOVEL_CLASSES_CSV, novelClassesCsv().getBytes(StandardCharsets.UTF_8), files);
                    }
                    if (opts.contains(Option.SCORES)) {
                        writeFile(tmp, "scores.csv.gz", scoresGzip(), files);
                    }
                    JsonObject marker = new JsonObject();
                    marker.addProperty("format", FORMAT);
                    marker.addProperty("formatVersion", 1);
                    marker.addProperty("title", title);
                    JsonArray list = new JsonArray();
                    files.forEach(list::add);
                    marker.add("files", list);
                    Files.writeString(tmp.resolve(MARKER), new GsonBuilder().setPrettyPrinting().create().toJson(marker));
                });
    }

    private static void writeFile(Path dir, String name, byte[] bytes, List<String> files) throws IOException {
        Files.write(dir.resolve(name), bytes);
        files.add(name);
    }

    /** Whether some result has metrics per kind of novelty. */
    public boolean hasNovelClasses() {
        return results.stream().anyMatch(r -> !r.byNovelClass().isEmpty());
    }

    /** The kinds of novelty in a data set's results, in the order first met. */
    public List<String> novelClasses(String dataset) {
        return results.stream().filter(r -> r.dataset().equals(dataset)).flatMap(r -> r.byNovelClass().stream())
                .map(TaskResult.NovelClass::name).distinct().toList();
    }

    /**
     * AUROC of one kind of novelty against the test inliers, over the settings of one data set,
     * condition and method.
     */
    public Spread auroc(String dataset, String condition, String method, String novelClass) {
        return Spread.of(results.stream().filter(r -> r.dataset().equals(dataset) && r.condition().equals(condition)
                && r.method().equals(method)).flatMap(r -> r.byNovelClass().stream())
                .filter(k -> k.name().equals(novelClass)).map(k -> k.metrics().auroc()).toList());
    }

    /**
     * Writes every per-image novelty score behind the report, gzip-compressed CSV with the
     * columns {@code dataset,setting,condition,method,image,novel,score} (image: the index in its
     * test set, the same order for every method of a task; novel: 1 or 0), so that scores can be
     * combined or re-weighed offline without running the methods again. Written atomically.
     */
    public void writeScores(Path file) throws IOException {
        byte[] gz = scoresGzip();
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        AtomicFiles.write(file, gz);
    }

    private byte[] scoresGzip() throws IOException {
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
        return bytes.toByteArray();
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
        if (hasNovelClasses()) {
            b.append("\n## Each kind of novelty\n\n");
            b.append("The test split's classes that have no training images (kinds of novelty, such as defect types),"
                    + " each against the test inliers alone.\n\n");
            b.append("| data set | setting | condition | method | novel class | novel | inliers | AUROC | AUPR | FPR@95TPR"
                    + " | detection @ threshold |\n");
            b.append("|---|---|---|---|---|---:|---:|---:|---:|---:|---:|\n");
            for (TaskResult r : results) {
                for (TaskResult.NovelClass k : r.byNovelClass()) {
                    DetectionMetrics m = k.metrics();
                    b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %d | %d | %.2f | %.2f | %.2f | %s |%n",
                            r.dataset(), r.setting(), r.condition(), r.method(), k.name(), m.novel(), m.inliers(),
                            100 * m.auroc(), 100 * m.aupr(), 100 * m.fprAt95Tpr(), pctOrDash(m.detectionRate())));
                }
            }
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

    /** One row per result and kind of novelty. */
    String novelClassesCsv() {
        StringBuilder b = new StringBuilder("dataset,setting,condition,method,novel_class,auroc,aupr,fpr_at_95_tpr,"
                + "threshold,detection_rate,novel,inliers\n");
        for (TaskResult r : results) {
            for (TaskResult.NovelClass k : r.byNovelClass()) {
                DetectionMetrics m = k.metrics();
                b.append(String.join(",", quote(r.dataset()), quote(r.setting()), quote(r.condition()), quote(r.method()),
                        quote(k.name()), num(m.auroc()), num(m.aupr()), num(m.fprAt95Tpr()), num(m.threshold()),
                        num(m.detectionRate()), Integer.toString(m.novel()), Integer.toString(m.inliers()))).append('\n');
            }
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
            if (!r.byNovelClass().isEmpty()) {
                JsonArray kinds = new JsonArray();
                for (TaskResult.NovelClass k : r.byNovelClass()) {
                    JsonObject ko = new JsonObject();
                    ko.addProperty("novelClass", k.name());
                    ko.addProperty("auroc", k.metrics().auroc());
                    ko.addProperty("aupr", k.metrics().aupr());
                    ko.addProperty("fprAt95Tpr", k.metrics().fprAt95Tpr());
                    if (!Double.isNaN(k.metrics().threshold())) {
                        ko.addProperty("detectionRate", k.metrics().detectionRate());
                    }
                    ko.addProperty("novel", k.metrics().novel());
                    ko.addProperty("inliers", k.metrics().inliers());
                    kinds.add(ko);
                }
                o.add("byNovelClass", kinds);
            }
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
