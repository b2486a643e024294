package io.github.unode.core;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * A kind of directory that unode writes whole and may later replace (a saved detector, an
 * evaluation report, a training checkpoint), and how to recognise one. Each kind leaves a marker
 * (a manifest) that lists what it wrote; recognising it is what lets unode replace its own
 * output while never deleting anything it did not write ({@link OutputGuard}).
 */
public interface OutputKind {
    /** What this output is, for messages: "unode detector". */
    String description();

    /**
     * The entries directly in {@code dir} (file and folder names) that an output of this kind
     * wrote there, as its marker lists them; empty when {@code dir} holds no readable marker of
     * this kind. Must not throw for a directory of any other content.
     */
    Optional<Set<String>> entriesWritten(Path dir);
}
