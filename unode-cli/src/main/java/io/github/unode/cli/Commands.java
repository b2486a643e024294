package io.github.unode.cli;

import io.github.unode.internal.Engines;
import java.util.List;

/** Helpers shared by the commands. */
final class Commands {
    private static volatile List<String> args = List.of();

    private Commands() {}

    static void setArgs(String... a) {
        args = List.of(a);
    }

    /** The arguments the command line was called with. */
    static List<String> args() {
        return args;
    }

    /** A one-line description of this machine for reports. */
    static String machine() {
        return Runtime.getRuntime().availableProcessors() + " CPU threads, " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + ", Java " + System.getProperty("java.version") + ", "
                + Engines.describe() + ", libtorch intra-op threads " + Engines.intraOpThreads();
    }
}
