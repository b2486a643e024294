package io.github.unode.internal;

import io.github.unode.core.ExistingOutputException;
import io.github.unode.internal.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The rule for every path unode writes output to: it never deletes or overwrites what it did not
 * write. A directory output (a detector, a report, a checkpoint) goes to a path that does not
 * exist or is an empty directory, or, only when the caller asks to replace, to one that holds an
 * earlier output of the same kind and nothing else (recognised by the marker of its
 * {@link OutputKind}). A file output may replace only a file recognised as unode's own, again
 * only when asked. Anything else is refused with an {@link ExistingOutputException} naming what
 * is in the way; nothing is written or deleted then.
 *
 * <p>Checks run before the work that produces the output (so that a long run is not lost at the
 * end) and again just before the output is put in place.
 */
public final class OutputGuard {
    /** How many entries in the way a message names before it counts the rest. */
    private static final int NAMED = 8;

    private OutputGuard() {}

    /**
     * Refuses {@code dir} as the place of a new output of {@code kind} unless it does not exist,
     * is an empty directory, or ({@code replace}) holds one earlier output of {@code kind} and
     * nothing else.
     *
     * @param howToReplace what the caller does to replace an earlier output, for the message
     *     ("pass --overwrite")
     * @throws ExistingOutputException naming the directory, what is in it and how to proceed
     */
    public static void checkDirectory(Path dir, OutputKind kind, boolean replace, String howToReplace) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        String what = kind.description();
        if (!Files.isDirectory(dir)) {
            throw new ExistingOutputException(dir, dir + " exists and is not a directory; a " + what
                    + " is a directory: choose another path", false);
        }
        List<String> entries = entries(dir);
        if (entries.isEmpty()) {
            return;
        }
        Optional<Set<String>> ours = kind.entriesWritten(dir);
        if (ours.isEmpty()) {
            throw new ExistingOutputException(dir, dir + " is not empty and is not a " + what + " (it holds "
                    + named(entries) + "); unode never deletes what it did not write: choose another directory, or"
                    + " empty this one", false);
        }
        List<String> foreign = entries.stream().filter(e -> !ours.get().contains(e)).toList();
        if (!foreign.isEmpty()) {
            throw new ExistingOutputException(dir, dir + " holds a " + what + " but also " + named(foreign)
                    + ", which unode did not write and will not delete: move " + (foreign.size() == 1 ? "it" : "them")
                    + " out, or choose another directory", false);
        }
        if (!replace) {
            throw new ExistingOutputException(dir, dir + " already holds a " + what + "; " + howToReplace
                    + " to replace it, or choose another directory", true);
        }
    }

    /**
     * Writes a directory output atomically ({@link AtomicFiles#writeDirectory}) after
     * {@link #checkDirectory}, which runs again just before an earlier output is replaced.
     */
    public static void writeDirectory(Path dir, OutputKind kind, boolean replace, String howToReplace,
            AtomicFiles.DirectoryWriter writer) throws IOException {
        checkDirectory(dir, kind, replace, howToReplace);
        AtomicFiles.writeDirectory(dir, writer, target -> checkDirectory(target, kind, replace, howToReplace));
    }

    /**
     * Deletes an output of {@code kind}: the entries its marker lists, then the directory if
     * nothing else is left in it. A directory without the marker is left alone.
     */
    public static void deleteOutput(Path dir, OutputKind kind) throws IOException {
        Optional<Set<String>> ours = kind.entriesWritten(dir);
        if (ours.isEmpty()) {
            return;
        }
        for (String entry : ours.get()) {
            AtomicFiles.deleteRecursively(dir.resolve(entry));
        }
        if (entries(dir).isEmpty()) {
            Files.delete(dir);
        }
    }

    /**
     * Refuses {@code file} as the place of a new file output unless it does not exist or
     * ({@code replace}) is a file that {@code writtenByUnode} recognises.
     *
     * @param description what the file is, for messages ("score file")
     * @throws ExistingOutputException naming the file and how to proceed
     */
    public static void checkFile(Path file, String description, Predicate<Path> writtenByUnode, boolean replace,
            String howToReplace) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        if (Files.isDirectory(file)) {
            throw new ExistingOutputException(file, file + " is a directory; the " + description
                    + " is one file: give the path of a file (in that directory or elsewhere)", false);
        }
        if (!writtenByUnode.test(file)) {
            throw new ExistingOutputException(file, file + " exists and is not a " + description
                    + " written by unode; unode never overwrites what it did not write: choose another file name, or"
                    + " delete this file", false);
        }
        if (!replace) {
            throw new ExistingOutputException(file, file + " already holds a " + description + "; " + howToReplace
                    + " to replace it, or choose another file name", true);
        }
    }

    private static List<String> entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String named(List<String> entries) {
        String shown = String.join(", ", entries.subList(0, Math.min(NAMED, entries.size())));
        return entries.size() > NAMED ? shown + " and " + (entries.size() - NAMED) + " more" : shown;
    }
}
