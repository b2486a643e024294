package io.github.unode.benchkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** A history of runs: one summary per line of a JSON Lines file, appended only when asked. */
public final class History {
    private History() {}

    /** Appends the summary as one line to {@code file} (created if missing). */
    public static void append(Path file, BenchSummary summary) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, summary.toJsonLine() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /** Reads every run of a history; blank lines are skipped, a bad line names its number. */
    public static List<BenchSummary> read(Path file) throws IOException {
        List<BenchSummary> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                out.add(BenchSummary.parse(lines.get(i), file + " line " + (i + 1)));
            }
        }
        return out;
    }
}
