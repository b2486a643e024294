package io.github.unode.cli;

import io.github.unode.data.ImageSet;
import io.github.unode.internal.Engines;
import io.github.unode.score.NoveltyDetector;
import io.github.unode.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What scripts and shells rely on: usage errors on standard error with exit code 2, internal
 * errors exit 1 asking for a report, standard output holding only the data, and score files that
 * name every image and the threshold in use.
 */
class UnixConventionsTest {
    @RegisterExtension
    final CliHarness cli = new CliHarness();

    @Test
    void noCommandPrintsTheUsageOnStandardErrorAndExits2() {
        assertThat(cli.run()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.stdout()).isEmpty();
        assertThat(cli.stderr()).contains("no command given").contains("Usage: unode").contains("score");
    }

    @Test
    void aBadCommandLineExits2OnStandardError() {
        assertThat(cli.run("score", "-d", "x", "--images", "y", "--no-such-option")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.stdout()).isEmpty();
        assertThat(cli.stderr()).contains("--no-such-option");
        assertThat(cli.run("train", "--class", "1", "--threads", "0", "-o", "x")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.stderr()).contains("--threads must be at least 1").contains("unode train --help");
        assertThat(cli.run("train", "--class", "1", "--device", "tpu", "-o", "x")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.stderr()).contains("--device must be cpu, gpu or gpuN");
        assertThat(cli.run("score", "-d", "x", "--images", "y", "--threshold", "1", "--fpr", "0.1"))
                .as("--threshold and --fpr exclude each other").isEqualTo(ExitCodes.USAGE);
        assertThat(cli.stderr()).contains("mutually exclusive");
    }

    /** Throws what the library throws when it is called wrongly: a bug of the caller, here of the command line. */
    @Command(name = "library-misuse")
    static final class LibraryMisuse implements Runnable {
        @Override
        public void run() {
            Engines.setIntraOpThreads(0); // IllegalArgumentException from inside the library
        }
    }

    @Command(name = "broken-state")
    static final class BrokenState implements Runnable {
        @Override
        public void run() {
            throw new IllegalStateException("a state that cannot be");
        }
    }

    @Test
    void anInternalErrorExits1AskingForAReport() {
        CommandLine withBugs = UnodeCli.commandLine().addSubcommand(new LibraryMisuse()).addSubcommand(new BrokenState());
        assertThat(cli.run(withBugs, "broken-state")).isEqualTo(ExitCodes.INTERNAL);
        assertThat(cli.stderr()).contains("internal error").contains("please report it").contains(ExitCodes.REPORT_URL)
                .contains("IllegalStateException: a state that cannot be");
        // an IllegalArgumentException from deep inside the library is not a bad command line
        assertThat(cli.run(UnodeCli.commandLine().addSubcommand(new LibraryMisuse()), "library-misuse"))
                .isEqualTo(ExitCodes.INTERNAL);
        assertThat(cli.stderr()).contains("please report it").contains("intra-op threads must be at least 1");
    }

    @Test
    void aCompletionScriptIsGeneratedFromTheCommandDefinitions() {
        assertThat(cli.run("generate-completion")).isZero();
        assertThat(cli.stdout()).contains("complete -F").contains("score").contains("--threshold").contains("--checkpoint");
    }

    @Test
    void aManPageIsGeneratedFromTheCommandDefinitions(@TempDir Path tmp) throws Exception {
        // picocli reports a description it cannot format (a bare '%') on System.err, not through the command
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream tracer = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(tracer, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertThat(cli.run("generate-man-page")).isZero();
        } finally {
            System.setErr(err);
        }
        assertThat(tracer.toString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
        String page = cli.stdout();
        assertThat(page).startsWith(".\\\" Generated").contains(".TH UNODE 1").contains(".SH EXIT STATUS");
        // every command and every visible option of every command is on the page, as --help has them
        CommandLine root = UnodeCli.commandLine();
        for (CommandLine sub : root.getSubcommands().values()) {
            if ("help".equals(sub.getCommandName())) {
                continue;
            }
            assertThat(page).contains(".SS \"unode " + sub.getCommandName());
            for (var o : sub.getCommandSpec().options()) {
                if (!o.hidden()) {
                    assertThat(page).contains(o.longestName().replace("-", "\\-"));
                }
            }
        }
        for (int code : new int[] {ExitCodes.OK, ExitCodes.INTERNAL, ExitCodes.USAGE, ExitCodes.BAD_INPUT, ExitCodes.IO,
            ExitCodes.NOVEL_FOUND}) {
            assertThat(page).contains(".TP\n.B " + code + "\n");
        }
        // defaults are filled in, not left as picocli variables
        assertThat(page).doesNotContain("${DEFAULT-VALUE}").doesNotContain("${COMPLETION-CANDIDATES}");
        // and groff renders it without a warning where groff is installed
        Path file = tmp.resolve("unode.1");
        Files.writeString(file, page);
        if (Files.isExecutable(Path.of("/usr/bin/groff"))) {
            Process p = new ProcessBuilder("/usr/bin/groff", "-man", "-Tutf8", "-ww", "-z", file.toString())
                    .redirectErrorStream(true).start();
            String warnings = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(p.waitFor()).isZero();
            assertThat(warnings).isEmpty();
        }
    }

    @Test
    void theHelpListsEveryExitCode() {
        assertThat(cli.run("--help")).isZero();
        for (int code : new int[] {ExitCodes.OK, ExitCodes.INTERNAL, ExitCodes.USAGE, ExitCodes.BAD_INPUT, ExitCodes.IO,
            ExitCodes.NOVEL_FOUND}) {
            assertThat(cli.stdout()).containsPattern("(?m)^\\s+" + code + "\\s");
        }
    }

    @Test
    void scoreWritesOneRowPerImageWithItsPathAndTheThresholdInUse(@TempDir Path tmp) throws Exception {
        Path good = tmp.resolve("good");
        Path fresh = tmp.resolve("new, with a comma");
        try (ImageSet trousers = TestImages.fashion(1, 24, 3, 32); ImageSet boots = TestImages.fashion(9, 6, 3, 32)) {
            TestImages.writePngs(trousers, good);
            TestImages.writePngs(boots, fresh);
        }
        Path det = tmp.resolve("det");
        assertThat(cli.run("train", "--images", good.toString(), "--channels", "3", "--size", "32", "--steps", "2",
                "--width", "0.125", "--batch-size", "8", "--threads", "1", "-o", det.toString())).as(cli.output()).isZero();
        assertThat(cli.stderr()).as("no progress where there is no terminal").doesNotContain("epoch 1/");

        // without -o: standard output is the CSV and nothing else, the summary goes to standard error
        assertThat(cli.run("score", "-d", det.toString(), "--images", fresh.toString())).as(cli.output()).isZero();
        List<String> lines = cli.stdout().lines().toList();
        List<Path> files;
        try (var s = Files.list(fresh)) {
            files = s.sorted().toList();
        }
        assertThat(lines).hasSize(files.size() + 1);
        assertThat(lines.get(0)).isEqualTo(ScoreCommand.HEADER);
        assertThat(cli.stderr()).contains(files.size() + " images scored");
        double threshold;
        try (NoveltyDetector d = NoveltyDetector.load(det)) {
            threshold = d.threshold();
        }
        double[] novelty = new double[files.size()];
        for (int i = 0; i < files.size(); i++) {
            // the path holds a comma: quoted as RFC 4180 says
            String row = lines.get(i + 1);
            String quoted = '"' + files.get(i).toString() + '"';
            assertThat(row).startsWith(i + "," + quoted + ",,");
            String[] f = row.substring((i + "," + quoted + ",,").length()).split(",");
            novelty[i] = Double.parseDouble(f[0]);
            assertThat(Double.parseDouble(f[4])).isCloseTo(threshold, org.assertj.core.data.Offset.offset(1e-6));
            assertThat(Boolean.parseBoolean(f[5])).isEqualTo(novelty[i] > Double.parseDouble(f[4]));
        }

        // --threshold: the flags are novelty > T, computed here by hand
        double[] sorted = novelty.clone();
        Arrays.sort(sorted);
        double t = (sorted[2] + sorted[3]) / 2; // three images above, three below
        Path csv = tmp.resolve("scores.csv");
        assertThat(cli.run("score", "-d", det.toString(), "--images", fresh.toString(), "-o", csv.toString(),
                "--threshold", Double.toString(t), "--fail-on-novel")).as(cli.output()).isEqualTo(ExitCodes.NOVEL_FOUND);
        assertThat(cli.stdout()).isEmpty();
        assertThat(cli.stderr()).contains("3 novel at threshold " + String.format(Locale.ROOT, "%.4f", t));
        List<String> rows = Files.readAllLines(csv);
        for (int i = 0; i < files.size(); i++) {
            String[] f = rows.get(i + 1).split(",");
            int n = f.length;
            assertThat(Double.parseDouble(f[n - 2])).isCloseTo(t, org.assertj.core.data.Offset.offset(1e-6));
            assertThat(f[n - 1]).isEqualTo(Boolean.toString(novelty[i] > t));
        }
        assertThat(rows.stream().skip(1).filter(r -> r.endsWith(",true")).count()).isEqualTo(3);

        // --fpr: the threshold the library computes for that rate
        double expected;
        try (NoveltyDetector d = NoveltyDetector.load(det)) {
            expected = d.thresholdForFpr(0.5);
        }
        assertThat(cli.run("score", "-d", det.toString(), "--images", good.toString(), "--fpr", "0.5")).isZero();
        String first = cli.stdout().lines().skip(1).findFirst().orElseThrow();
        String[] f = first.split(",");
        try (var s = Files.list(good)) {
            assertThat(f[1]).isEqualTo(s.sorted().findFirst().orElseThrow().toString());
        }
        assertThat(Double.parseDouble(f[f.length - 2])).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6));

        // --device cpu: the detector loaded on that device scores exactly as the default does
        String plain = cli.run("score", "-d", det.toString(), "--images", fresh.toString()) == 0 ? cli.stdout() : null;
        assertThat(cli.run("score", "-d", det.toString(), "--images", fresh.toString(), "--device", "cpu")).isZero();
        assertThat(cli.stdout()).isEqualTo(plain);
        // a device that is not there is a bad command line, named, before any work
        assertThat(cli.run("score", "-d", det.toString(), "--images", fresh.toString(), "--device", "tpu"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(cli.stderr()).contains("--device must be cpu, gpu or gpuN");
        if (Engines.engine().getGpuCount() == 0) {
            assertThat(cli.run("score", "-d", det.toString(), "--images", fresh.toString(), "--device", "gpu"))
                    .isEqualTo(ExitCodes.USAGE);
            assertThat(cli.stderr()).contains("the engine sees 0 GPUs");
        }
    }
}
