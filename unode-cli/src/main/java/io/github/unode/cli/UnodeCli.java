package io.github.unode.cli;

import io.github.unode.core.ExistingOutputException;
import io.github.unode.core.UnodeException;
import io.github.unode.score.Provenance;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code unode} command line. */
@Command(name = "unode", mixinStandardHelpOptions = true, versionProvider = UnodeCli.Version.class,
        description = "Universal novelty detection on images (UNODE, CVPR 2024) on the JVM.",
        subcommands = {DemoCommand.class, TrainCommand.class, ScoreCommand.class, EvaluateCommand.class, WeightsCommand.class,
            BenchmarkCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:internal error (a bug: please report it)", "2:bad command line",
            "3:the data or a saved detector could not be used",
            "4:a file could not be read or written, or an output path holds something unode will not replace",
            "10:`score --fail-on-novel` found novel images"})
public final class UnodeCli implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (see {@link ExitCodes}). */
    public static int run(String... args) {
        Commands.setArgs(args);
        CommandLine cli = new CommandLine(new UnodeCli());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            Throwable t = e;
            if (t instanceof UncheckedIOException u) {
                t = u.getCause();
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
            if (t instanceof IllegalArgumentException) {
                cmd.getErr().println("unode: " + t.getMessage());
                return ExitCodes.USAGE;
            }
            cmd.getErr().println("unode: internal error (please report it):");
            t.printStackTrace(cmd.getErr());
            return ExitCodes.INTERNAL;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Reports the library version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"unode " + Provenance.currentLibraryVersion()};
        }
    }
}
