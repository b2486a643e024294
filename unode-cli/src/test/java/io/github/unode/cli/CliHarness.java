package io.github.unode.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the command line in this JVM with standard output and error captured (a JUnit extension:
 * {@code @RegisterExtension final CliHarness cli = new CliHarness();}).
 */
final class CliHarness implements BeforeEachCallback, AfterEachCallback {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream stdout;
    private PrintStream stderr;

    @Override
    public void beforeEach(ExtensionContext context) {
        stdout = System.out;
        stderr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        System.setOut(stdout);
        System.setErr(stderr);
    }

    /** Runs {@code unode args...} and returns its exit code; {@link #output} then holds what it printed. */
    int run(String... args) {
        out.reset();
        err.reset();
        return UnodeCli.run(args);
    }

    /** Runs {@code args} on {@code cli} (the command line with test commands added) and returns its exit code. */
    int run(picocli.CommandLine cli, String... args) {
        out.reset();
        err.reset();
        return cli.execute(args);
    }

    /** What the last run printed on standard output. */
    String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** What the last run printed on standard error. */
    String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** What the last run printed, standard output then standard error. */
    String output() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }
}
