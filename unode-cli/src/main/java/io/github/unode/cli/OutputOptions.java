package io.github.unode.cli;

import io.github.unode.eval.internal.ReportLayout;
import io.github.unode.eval.report.EvaluationReport;
import io.github.unode.internal.DetectorLayout;
import io.github.unode.internal.OutputGuard;
import io.github.unode.internal.OutputKind;
import io.github.unode.score.NoveltyDetector;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import picocli.CommandLine.Option;

/**
 * The {@code --overwrite} rule of every command that writes output: an existing output is
 * replaced only with {@code --overwrite}, and only if unode wrote it ({@link OutputGuard});
 * anything else in the way is refused (exit code 4). Commands check their outputs before any
 * work, so that a long run never ends refused.
 */
final class OutputOptions {
    private static final String HOW_TO_REPLACE = "pass --overwrite";

    @Option(names = "--overwrite", description = "Replace what an earlier unode run wrote at the output path (a"
            + " detector, a report folder, a score file). Without it an existing output is refused; with it too,"
            + " anything unode did not write is never replaced or deleted.")
    boolean overwrite;

    /** Refuses {@code dir} for an output of {@code kind} unless the rule allows it. */
    void checkDirectory(Path dir, OutputKind kind) throws IOException {
        OutputGuard.checkDirectory(dir, kind, overwrite, HOW_TO_REPLACE);
    }

    /** Refuses {@code dir} for a detector unless the rule allows it. */
    void checkDetector(Path dir) throws IOException {
        checkDirectory(dir, DetectorLayout.KIND);
    }

    /** Refuses {@code dir} for a report unless the rule allows it. */
    void checkReport(Path dir) throws IOException {
        checkDirectory(dir, ReportLayout.KIND);
    }

    /** Refuses {@code file} unless it is new or, with --overwrite, a file {@code writtenByUnode} recognises. */
    void checkFile(Path file, String description, Predicate<Path> writtenByUnode) throws IOException {
        OutputGuard.checkFile(file, description, writtenByUnode, overwrite, HOW_TO_REPLACE);
    }

    /** Saves a detector by the rule. */
    void save(NoveltyDetector d, Path dir) throws IOException {
        checkDetector(dir);
        if (overwrite) {
            d.saveReplacing(dir);
        } else {
            d.save(dir);
        }
    }

    /** Writes a report by the rule, with the per-image scores if asked. */
    void write(EvaluationReport report, Path dir, boolean scores) throws IOException {
        checkReport(dir);
        List<EvaluationReport.Option> options = new ArrayList<>();
        if (overwrite) {
            options.add(EvaluationReport.Option.REPLACE);
        }
        if (scores) {
            options.add(EvaluationReport.Option.SCORES);
        }
        report.write(dir, options.toArray(EvaluationReport.Option[]::new));
    }

    /** Whether the first line of {@code file} (read as UTF-8, at most 64 KiB) satisfies {@code test}. */
    static boolean firstLine(Path file, Predicate<String> test) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            char[] buf = new char[1 << 16];
            int n = r.read(buf);
            if (n <= 0) {
                return false;
            }
            String s = new String(buf, 0, n);
            int nl = s.indexOf('\n');
            return test.test(nl < 0 ? s : s.substring(0, nl));
        } catch (IOException | RuntimeException e) {
            return false; // unreadable or not text: not a file unode wrote
        }
    }
}
