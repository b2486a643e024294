package io.github.unode.benchkit;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kit's command line:
 *
 * <pre>
 * java -jar unode-bench-kit-VERSION-runnable.jar --detector DIR --images DIR [--out DIR]
 *     [--gates gates.json] [--inlier-class NAME] [--append-history FILE.jsonl [--plot FILE.svg]]
 *     [--warmup N] [--iterations N] [--time SECONDS] [--forks N] [--threads N] [--label TEXT] [--verbose]
 * java -jar ... --summary summary.json --gates gates.json     (evaluates the gates only)
 * </pre>
 *
 * Exit status: 0 every gate passed (or none was given), 1 a gate failed, 2 a usage or input error.
 */
public final class Main {
    /** Every gate passed. */
    public static final int OK = 0;
    /** A gate failed. */
    public static final int GATE_FAILED = 1;
    /** The arguments or an input cannot be used. */
    public static final int USAGE = 2;

    static final String USAGE_TEXT = String.join("\n",
            "usage: java -jar unode-bench-kit-<version>-runnable.jar --detector DIR --images DIR [options]",
            "       java -jar unode-bench-kit-<version>-runnable.jar --summary summary.json --gates gates.json",
            "  --detector DIR        a detector saved with NoveltyDetector.save (required)",
            "  --images DIR          images to score: a folder, flat or one sub-folder per class (required)",
            "  --out DIR             where jmh.json and summary.json go (default: unode-bench-out)",
            "  --gates FILE          gates to check (format unode-bench-gates/1); exit 1 if one fails",
            "  --inlier-class NAME   class folder of --images holding the inliers: adds accuracy.auroc",
            "  --append-history FILE append the summary as one line to FILE (JSON Lines)",
            "  --plot FILE           with --append-history: SVG plot of the history (default: FILE without .jsonl, .svg)",
            "  --warmup N            warm-up iterations per benchmark (default 2)",
            "  --iterations N        measured iterations per benchmark (default 5)",
            "  --time SECONDS        time of each iteration (default 1)",
            "  --forks N             JMH forks (default 0: all in this JVM, as the reference)",
            "  --threads N           the engine's intra-op threads (default 1, steadiest; 0: the engine's own)",
            "  --label TEXT          a label stored in the summary (a commit, a branch)",
            "  --verbose             JMH's own progress output",
            "  --summary FILE        evaluate --gates on a summary written earlier; runs nothing");

    private Main() {}

    public static void main(String[] args) {
        quietLogs();
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> a;
        try {
            a = parse(args);
        } catch (BenchException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE_TEXT);
            return USAGE;
        }
        if (a.containsKey("--help")) {
            out.println(USAGE_TEXT);
            return OK;
        }
        try {
            if (a.containsKey("--summary")) {
                if (!a.containsKey("--gates")) {
                    throw new BenchException("--summary needs --gates");
                }
                BenchSummary s = BenchSummary.read(readableFile("--summary", a.get("--summary")));
                return report(s, Path.of(a.get("--gates")), null, null, out, err);
            }
            Path detector = Workloads.requireDirectory("--detector", a.get("--detector"));
            Path images = Workloads.requireDirectory("--images", a.get("--images"));
            Gates gates = a.containsKey("--gates") ? Gates.read(readableFile("--gates", a.get("--gates"))) : null;
            KitRunner.Config c = new KitRunner.Config(detector, images, Path.of(a.getOrDefault("--out", "unode-bench-out")),
                    integer(a, "--warmup", 2), integer(a, "--iterations", 5), number(a, "--time", 1),
                    integer(a, "--forks", 0), integer(a, "--threads", 1), Map.of(), a.get("--inlier-class"), a.get("--label"),
                    a.containsKey("--verbose"));
            BenchSummary s = new KitRunner(c, err).run(Map.of());
            out.println("wrote " + c.out().resolve("jmh.json") + " and " + c.out().resolve("summary.json"));
            printFigures(s, out);
            Path history = a.containsKey("--append-history") ? Path.of(a.get("--append-history")) : null;
            Path plot = a.containsKey("--plot") ? Path.of(a.get("--plot"))
                    : history == null ? null : plotBeside(history);
            return report(s, gates, history, plot, out, err);
        } catch (BenchException e) {
            err.println("error: " + e.getMessage());
            return USAGE;
        } catch (IOException e) {
            err.println("error: " + e);
            return USAGE;
        }
    }

    /** DJL's informational logging off (slf4j-simple in the runnable jar), unless asked for. */
    public static void quietLogs() {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        if (System.getProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
        }
    }

    /** Prints each figure, its time and its ratio. */
    public static void printFigures(BenchSummary s, PrintStream out) {
        out.printf(java.util.Locale.ROOT, "reference %s: %.1f GFLOP/s (runs %s)%n", s.reference().name(),
                s.reference().gflops(), java.util.Arrays.toString(s.reference().runs()));
        s.figures().forEach((n, f) -> out.printf(java.util.Locale.ROOT,
                "%-16s fastest %10.3f ms  median %10.3f ms  (%d calls)  ratio %s%n", n, f.msPerOp(), f.medianMs(),
                f.samples(), Gates.fmt(f.ratio())));
        s.metrics().forEach((n, v) -> out.printf(java.util.Locale.ROOT, "%-16s %10.4f%n", n, v));
    }

    /**
     * Evaluates the gates (if any), appends the history and writes its plot (if asked).
     *
     * @return {@link #OK} or {@link #GATE_FAILED}
     */
    public static int report(BenchSummary s, Path gatesFile, Path history, Path plot, PrintStream out, PrintStream err)
            throws IOException {
        return report(s, gatesFile == null ? null : Gates.read(readableFile("--gates", gatesFile.toString())), history,
                plot, out, err);
    }

    static int report(BenchSummary s, Gates gates, Path history, Path plot, PrintStream out, PrintStream err)
            throws IOException {
        if (history != null) {
            History.append(history, s);
            out.println("appended the summary to " + history);
            if (plot != null) {
                SvgPlot.write(plot, History.read(history), "unode benchmarks: ratio to the matmul rate, per run");
                out.println("wrote " + plot);
            }
        }
        if (gates == null) {
            return OK;
        }
        List<Gates.Verdict> verdicts = gates.evaluate(s);
        for (Gates.Verdict v : verdicts) {
            (v.passed() ? out : err).println(v.message());
        }
        boolean ok = Gates.allPassed(verdicts);
        out.println(ok ? "all " + verdicts.size() + " gates passed"
                : verdicts.stream().filter(v -> !v.passed()).count() + " of " + verdicts.size() + " gates failed");
        return ok ? OK : GATE_FAILED;
    }

    /** The default plot of a history: {@code bench-history.jsonl} gets {@code bench-history.svg}. */
    public static Path plotBeside(Path history) {
        return Path.of(history.toString().replaceAll("\\.jsonl$", "") + ".svg");
    }

    static Path readableFile(String option, String file) {
        Path p = Path.of(file);
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            throw new BenchException(option + " " + file + ": no such readable file");
        }
        return p;
    }

    private static final List<String> FLAGS = List.of("--help", "--verbose");
    private static final List<String> OPTIONS = List.of("--detector", "--images", "--out", "--gates", "--inlier-class",
            "--append-history", "--plot", "--warmup", "--iterations", "--time", "--forks", "--threads", "--label", "--summary");

    static Map<String, String> parse(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String k = args[i];
            String v = null;
            int eq = k.indexOf('=');
            if (k.startsWith("--") && eq > 0) {
                v = k.substring(eq + 1);
                k = k.substring(0, eq);
            }
            if (k.equals("-h")) {
                k = "--help";
            }
            if (FLAGS.contains(k)) {
                m.put(k, "");
                continue;
            }
            if (!OPTIONS.contains(k)) {
                throw new BenchException("unknown argument " + args[i]);
            }
            if (v == null) {
                if (i + 1 >= args.length) {
                    throw new BenchException(k + " needs a value");
                }
                v = args[++i];
            }
            m.put(k, v);
        }
        if (!m.containsKey("--help") && !m.containsKey("--summary")) {
            for (String req : List.of("--detector", "--images")) {
                if (!m.containsKey(req)) {
                    throw new BenchException(req + " is required");
                }
            }
        }
        return m;
    }

    private static int integer(Map<String, String> a, String k, int dflt) {
        try {
            return a.containsKey(k) ? Integer.parseInt(a.get(k)) : dflt;
        } catch (NumberFormatException e) {
            throw new BenchException(k + " needs a whole number, got " + a.get(k));
        }
    }

    private static double number(Map<String, String> a, String k, double dflt) {
        try {
            return a.containsKey(k) ? Double.parseDouble(a.get(k)) : dflt;
        } catch (NumberFormatException e) {
            throw new BenchException(k + " needs a number, got " + a.get(k));
        }
    }
}
