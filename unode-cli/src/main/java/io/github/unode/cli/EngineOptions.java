package io.github.unode.cli;

import io.github.unode.internal.Engines;
import picocli.CommandLine.Option;

/** The engine's threads (shared by every command that runs the network). */
final class EngineOptions {
    @Option(names = "--threads", description = "libtorch intra-op threads (default: the engine's choice, one per"
            + " core; OMP_NUM_THREADS also sets it).")
    Integer threads;

    /** Applies the options to the engine; call before any work. */
    void apply() {
        if (threads != null) {
            if (threads < 1) {
                throw new UsageException("--threads must be at least 1, got " + threads);
            }
            Engines.setIntraOpThreads(threads);
        }
    }
}
