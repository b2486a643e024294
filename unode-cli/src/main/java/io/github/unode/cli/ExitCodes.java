package io.github.unode.cli;

/**
 * Every exit code of the {@code unode} command, in one place, stable so that scripts can rely on
 * them. {@code unode --help} lists them from here.
 */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /**
     * An unexpected internal error: a bug. The message asks for a report with the stack trace,
     * which follows it on standard error.
     */
    public static final int INTERNAL = 1;
    /**
     * The command line was wrong (no command, an unknown option, a missing argument, a bad value),
     * said on standard error with the usage.
     */
    public static final int USAGE = 2;
    /** The input data or a saved detector could not be used (named in the message). */
    public static final int BAD_INPUT = 3;
    /**
     * A file could not be read or written, or an output path holds something unode will not
     * replace (a non-empty folder it did not write, or an earlier output without --overwrite).
     */
    public static final int IO = 4;
    /** {@code score --fail-on-novel} found at least one novel image (the scores are written all the same). */
    public static final int NOVEL_FOUND = 10;

    /** Where the message of an internal error asks the user to report it. */
    public static final String REPORT_URL = "https://github.com/unode/unode/issues";

    private ExitCodes() {}
}
