package io.github.unode.benchkit;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Regression gates, read from a JSON file:
 *
 * <pre>{@code
 * {"format": "unode-bench-gates/1",
 *  "figures": {"score.batch": {"baseline": 0.0336, "tolerance": 0.25}},
 *  "metrics": {"accuracy.auroc": {"baseline": 88.12, "tolerance": 0.5}}}
 * }</pre>
 *
 * A figure's gate is on its ratio and one-sided: it fails when the ratio falls below
 * {@code baseline x (1 - tolerance)} (the tolerance is a fraction); being faster never fails. A
 * metric's gate is two-sided and absolute: it fails when the value is further than
 * {@code tolerance} from {@code baseline} (a fixed-seed AUROC that moves either way means the
 * training or the scoring changed). A gate whose figure is missing from the summary fails.
 *
 * <p>Baselines hold for one CPU model: training rounds differently on another (a fixed-seed
 * AUROC moves), and a figure's ratio to the matrix product moves with the product's speed. An
 * optional {@code "cpus"} object gives other CPUs' gates, keyed by the summary's
 * {@code machine.cpuModel} exactly or by its {@code machine.cpuVendor} ({@code GenuineIntel},
 * {@code AuthenticAMD}: one vendor's VMs report several model names, and the fixed-seed AUROC has
 * followed the vendor, not the model); an entry of the model wins over one of the vendor. A gate
 * it names replaces the default one on that CPU, and its verdict says so:
 *
 * <pre>{@code
 *  "cpus": {"GenuineIntel": {"note": "...",
 *           "metrics": {"accuracy.auroc": {"baseline": 69.11, "tolerance": 0.2}}}}
 * }</pre>
 */
public final class Gates {
    /** The format marker of a gates file. */
    public static final String FORMAT = "unode-bench-gates/1";

    /** One gate. */
    public record Gate(String name, boolean metric, double baseline, double tolerance) {
        public Gate {
            if (!Double.isFinite(baseline) || !Double.isFinite(tolerance) || tolerance < 0
                    || (!metric && tolerance >= 1)) {
                throw new BenchException("gate " + name + ": baseline and tolerance must be finite, the tolerance >= 0"
                        + (metric ? "" : " and < 1 (a fraction of the baseline)") + ", got baseline " + baseline
                        + ", tolerance " + tolerance);
            }
        }
    }

    /** The verdict of one gate, with its line of output. */
    public record Verdict(Gate gate, Double value, boolean passed, String message) {}

    private final List<Gate> gates;
    private final Map<String, List<Gate>> byCpu;

    public Gates(List<Gate> gates) {
        this(gates, Map.of());
    }

    /** Gates, and the gates that replace them on other CPU models (by {@code machine.cpuModel}). */
    public Gates(List<Gate> gates, Map<String, List<Gate>> byCpu) {
        this.gates = List.copyOf(gates);
        Map<String, List<Gate>> m = new LinkedHashMap<>();
        byCpu.forEach((cpu, list) -> m.put(cpu, List.copyOf(list)));
        this.byCpu = java.util.Collections.unmodifiableMap(m);
    }

    /** The gates that replace the default ones on other CPU models. */
    public Map<String, List<Gate>> byCpu() {
        return byCpu;
    }

    public List<Gate> gates() {
        return gates;
    }

    /**
     * Parses a gates file's text.
     *
     * @throws BenchException naming the source and what is wrong
     */
    public static Gates parse(String json, String source) {
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(json);
            if (!e.isJsonObject()) {
                throw new BenchException(source + " is not a JSON object");
            }
            o = e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new BenchException(source + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!o.has("format") || !o.get("format").isJsonPrimitive() || !FORMAT.equals(o.get("format").getAsString())) {
            throw new BenchException(source + " is not a gates file (its \"format\" must be \"" + FORMAT + "\")");
        }
        List<Gate> list = new ArrayList<>();
        read(o, "figures", false, source, list);
        read(o, "metrics", true, source, list);
        if (list.isEmpty()) {
            throw new BenchException(source + " has no gate (neither \"figures\" nor \"metrics\")");
        }
        Map<String, List<Gate>> byCpu = new LinkedHashMap<>();
        if (o.has("cpus")) {
            if (!o.get("cpus").isJsonObject()) {
                throw new BenchException(source + ": \"cpus\" must be an object of gates by CPU model");
            }
            for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("cpus").entrySet()) {
                if (!e.getValue().isJsonObject()) {
                    throw new BenchException(source + ": the gates of CPU " + e.getKey() + " must be an object");
                }
                String where = source + ", CPU " + e.getKey();
                List<Gate> cpu = new ArrayList<>();
                read(e.getValue().getAsJsonObject(), "figures", false, where, cpu);
                read(e.getValue().getAsJsonObject(), "metrics", true, where, cpu);
                for (Gate g : cpu) {
                    if (list.stream().noneMatch(d -> d.name().equals(g.name()) && d.metric() == g.metric())) {
                        throw new BenchException(where + ": gate " + g.name() + " replaces no default gate");
                    }
                }
                byCpu.put(e.getKey(), cpu);
            }
        }
        return new Gates(list, byCpu);
    }

    private static void read(JsonObject o, String key, boolean metric, String source, List<Gate> into) {
        if (!o.has(key)) {
            return;
        }
        if (!o.get(key).isJsonObject()) {
            throw new BenchException(source + ": \"" + key + "\" must be an object of gates by name");
        }
        for (Map.Entry<String, JsonElement> e : o.getAsJsonObject(key).entrySet()) {
            String name = e.getKey();
            if (!e.getValue().isJsonObject()) {
                throw new BenchException(source + ": gate " + name + " must be an object {\"baseline\": x, \"tolerance\": t}");
            }
            JsonObject g = e.getValue().getAsJsonObject();
            into.add(new Gate(name, metric, number(g, "baseline", name, source), number(g, "tolerance", name, source)));
        }
    }

    private static double number(JsonObject g, String key, String name, String source) {
        JsonElement v = g.get(key);
        if (v == null || !v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) {
            throw new BenchException(source + ": gate " + name + " needs a number \"" + key + "\"");
        }
        return v.getAsDouble();
    }

    /** Reads a gates file. */
    public static Gates read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /**
     * Evaluates every gate against a summary, with the gates of the summary's CPU model where
     * {@code "cpus"} has them, else those of its CPU vendor.
     */
    public List<Verdict> evaluate(BenchSummary summary) {
        String cpu = cpuKey(summary);
        List<Gate> own = cpu == null ? List.of() : byCpu.get(cpu);
        List<Verdict> out = new ArrayList<>();
        for (Gate d : gates) {
            Gate g = own.stream().filter(c -> c.name().equals(d.name()) && c.metric() == d.metric()).findFirst()
                    .orElse(d);
            Verdict v = g.metric() ? metric(g, summary.metrics().get(g.name())) : figure(g, summary.ratio(g.name()));
            out.add(g == d ? v : new Verdict(v.gate(), v.value(), v.passed(), v.message() + " [baseline of " + cpu + "]"));
        }
        return out;
    }

    /** The {@code "cpus"} entry that judges a summary: its model's, else its vendor's, else none. */
    String cpuKey(BenchSummary summary) {
        for (String key : List.of("cpuModel", "cpuVendor")) {
            String v = summary.machine().get(key);
            if (v != null && byCpu.containsKey(v)) {
                return v;
            }
        }
        return null;
    }

    /** Whether every verdict passed. */
    public static boolean allPassed(List<Verdict> verdicts) {
        return verdicts.stream().allMatch(Verdict::passed);
    }

    private static Verdict figure(Gate g, Double ratio) {
        double limit = g.baseline() * (1 - g.tolerance());
        String tol = fmt(g.tolerance() * 100) + "%";
        if (ratio == null || ratio.isNaN()) {
            return new Verdict(g, ratio, false, String.format(Locale.ROOT,
                    "GATE FAILED: %s is missing from the summary (baseline ratio %s, tolerance %s)",
                    g.name(), fmt(g.baseline()), tol));
        }
        boolean ok = ratio >= limit;
        return new Verdict(g, ratio, ok, String.format(Locale.ROOT, "GATE %s: %s ratio %s %s baseline %s \u2212 tolerance %s"
                + " (limit %s; %+.1f%% from the baseline)", ok ? "PASSED" : "FAILED", g.name(), fmt(ratio),
                ok ? ">=" : "<", fmt(g.baseline()), tol, fmt(limit), (ratio / g.baseline() - 1) * 100));
    }

    private static Verdict metric(Gate g, Double value) {
        if (value == null || value.isNaN()) {
            return new Verdict(g, value, false, String.format(Locale.ROOT,
                    "GATE FAILED: %s is missing from the summary (baseline %s, tolerance \u00b1%s)",
                    g.name(), fmt(g.baseline()), fmt(g.tolerance())));
        }
        double diff = value - g.baseline();
        boolean ok = Math.abs(diff) <= g.tolerance();
        return new Verdict(g, value, ok, String.format(Locale.ROOT, "GATE %s: %s %s %s baseline %s \u00b1 tolerance %s"
                + " (%+.4f)%s", ok ? "PASSED" : "FAILED", g.name(), fmt(value), ok ? "within" : "outside",
                fmt(g.baseline()), fmt(g.tolerance()), diff,
                ok || diff < 0 ? "" : "; higher than the baseline: if the change is intended, update the baseline"));
    }

    /** Four significant digits, enough to tell a ratio from its limit. */
    static String fmt(double v) {
        if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
            return String.valueOf(v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /** The gates as a JSON file's text (for writing a baseline). */
    public String toJson(String note) {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        if (note != null) {
            o.addProperty("note", note);
        }
        Map<String, JsonObject> groups = new LinkedHashMap<>();
        groups.put("figures", new JsonObject());
        groups.put("metrics", new JsonObject());
        for (Gate g : gates) {
            JsonObject j = new JsonObject();
            j.addProperty("baseline", g.baseline());
            j.addProperty("tolerance", g.tolerance());
            groups.get(g.metric() ? "metrics" : "figures").add(g.name(), j);
        }
        groups.forEach(o::add);
        if (!byCpu.isEmpty()) {
            JsonObject cpus = new JsonObject();
            byCpu.forEach((cpu, list) -> {
                JsonObject c = new JsonObject();
                for (Gate g : list) {
                    JsonObject j = new JsonObject();
                    j.addProperty("baseline", g.baseline());
                    j.addProperty("tolerance", g.tolerance());
                    String group = g.metric() ? "metrics" : "figures";
                    if (!c.has(group)) {
                        c.add(group, new JsonObject());
                    }
                    c.getAsJsonObject(group).add(g.name(), j);
                }
                cpus.add(cpu, c);
            });
            o.add("cpus", cpus);
        }
        return new com.google.gson.GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(o);
    }
}
