package io.github.unode.cli;

import io.github.unode.core.ExistingOutputException;
import io.github.unode.core.UnodeException;
import io.github.unode.score.Provenance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code unode} command line. */
@Command(name = "unode", mixinStandardHelpOptions = true, versionProvider = UnodeCli.Version.class,
        description = "Universal novelty detection on images (UNODE, CVPR 2024) on the JVM.",
        subcommands = {DemoCommand.class, TrainCommand.class, ScoreCommand.class, EvaluateCommand.class, WeightsCommand.class,
            RecipeCommand.class,
            BenchmarkCommand.class, CommandLine.HelpCommand.class, picocli.AutoComplete.GenerateCompletion.class,
            ManPageCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            ExitCodes.OK + ":success",
            ExitCodes.INTERNAL + ":internal error (a bug: please report it with the stack trace, " + ExitCodes.REPORT_URL + ")",
            ExitCodes.USAGE + ":bad command line (the reason and the usage on standard error)",
            ExitCodes.BAD_INPUT + ":the data or a saved detector could not be used",
            ExitCodes.IO + ":a file could not be read or written, or an output path holds something unode will not replace",
            ExitCodes.NOVEL_FOUND + ":`score --fail-on-novel` found novel images"})
public final class UnodeCli implements Callable<Integer> {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (see {@link ExitCodes}). */
    public static int run(String... args) {
        Commands.setArgs(args);
        return commandLine().execute(args);
    }

    /** The command line with its exit-code mapping (also what the completion script and man page are made from). */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new UnodeCli());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            Throwable t = e;
            if (t instanceof UncheckedIOException u) {
                t = u.getCause();
            }
            if (t instanceof UsageException) {
                cmd.getErr().println("unode " + cmd.getCommandName() + ": " + t.getMessage());
                cmd.getErr().println("Try 'unode " + cmd.getCommandName() + " --help' for more information.");
                return ExitCodes.USAGE;
            }
            if (t instanceof UnodeException) {
                cmd.getErr().println("unode: " + t.getMessage());
                return ExitCodes.BAD_INPUT;
            }
            if (t instanceof ExistingOutputException) {
                cmd.getErr().println("unode: " + t.getMessage()); // says what is in the way and how to proceed
                return ExitCodes.IO;
            }
            if (t instanceof IOException) {
                cmd.getErr().println("unode: " + t.getClass().getSimpleName() + ": " + t.getMessage());
                return ExitCodes.IO;
            }
            // anything else, an IllegalArgumentException from inside the library too, is a bug
            cmd.getErr().println("unode: internal error, a bug: please report it with the command line and the stack"
                    + " trace below at " + ExitCodes.REPORT_URL);
            t.printStackTrace(cmd.getErr());
            return ExitCodes.INTERNAL;
        });
        return cli;
    }

    /** {@code unode} without a command: the usage, on standard error, and exit code 2. */
    @Override
    public Integer call() {
        System.err.println("unode: no command given");
        new CommandLine(this).usage(System.err);
        return ExitCodes.USAGE;
    }

    /** Reports the library version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"unode " + Provenance.currentLibraryVersion()};
        }
    }
}
