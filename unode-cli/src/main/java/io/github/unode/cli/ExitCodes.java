package io.github.unode.cli;

/** Exit codes of the {@code unode} command, stable so that scripts can rely on them. */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** An unexpected internal error (a bug: please report it with the stack trace). */
    public static final int INTERNAL = 1;
    /** The command line was wrong (unknown option, missing argument, bad value). */
    public static final int USAGE = 2;
    /** The input data or a saved detector could not be used (named in the message). */
    public static final int BAD_INPUT = 3;
    /**
     * A file could not be read or written, or an output path holds something unode will not
     * replace (a non-empty folder it did not write, or an earlier output without --overwrite).
     */
    public static final int IO = 4;

    private ExitCodes() {}
}
