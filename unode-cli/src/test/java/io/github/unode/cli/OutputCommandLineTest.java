package io.github.unode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.unode.score.NoveltyDetector;
import io.github.unode.testing.MvtecLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -o} never deletes what unode did not write: a foreign non-empty directory or file is
 * refused with exit code 4 and left as it was, and an earlier unode output is replaced only with
 * {@code --overwrite}.
 */
class OutputCommandLineTest {
    @RegisterExtension
    final CliHarness cli = new CliHarness();

    /** A few seconds of training on the good images of a small data set in MVTec AD's layout. */
    private int train(Path data, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--channels", "1", "--class",
                "good", "--steps", "2", "--batch-size", "8", "--width", "0.125", "--quiet", "-o", out.toString()));
        args.addAll(List.of(more));
        return cli.run(args.toArray(String[]::new));
    }

    @Test
    void aForeignDirectoryOrFileIsRefusedWithExitCode4AndKept(@TempDir Path tmp) throws Exception {
        Path mine = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(mine.resolve("thesis.tex"), "three years of work");
        for (boolean overwrite : new boolean[] {false, true}) {
            Path data = tmp.resolve("never-read");
            assertThat(overwrite ? train(data, mine, "--overwrite") : train(data, mine)).as(cli.output())
                    .isEqualTo(ExitCodes.IO);
            assertThat(cli.output()).contains(mine.toString()).contains("thesis.tex")
                    .contains("is not empty and is not a unode detector").contains("choose another directory")
                    .doesNotContain("training on"); // refused before any work
        }
        // the report folders of benchmark and evaluate, before any work (the detector is not even read)
        assertThat(cli.run("benchmark", "--classes", "1", "-o", mine.toString())).isEqualTo(ExitCodes.IO);
        assertThat(cli.output()).contains("is not a unode report").doesNotContain("fitting");
        assertThat(cli.run("evaluate", "-d", tmp.resolve("no-detector").toString(), "--class", "1", "-o",
                mine.toString(), "--overwrite")).isEqualTo(ExitCodes.IO);
        assertThat(cli.output()).contains("is not a unode report");
        // a score file in place of a file unode did not write, or of a directory
        assertThat(cli.run("score", "-d", tmp.resolve("no-detector").toString(), "--images", tmp.toString(), "-o",
                mine.resolve("thesis.tex").toString(), "--overwrite")).isEqualTo(ExitCodes.IO);
        assertThat(cli.output()).contains("is not a score file written by unode");
        assertThat(cli.run("score", "-d", tmp.resolve("no-detector").toString(), "--images", tmp.toString(), "-o",
                mine.toString())).isEqualTo(ExitCodes.IO);
        assertThat(cli.output()).contains("is a directory");

        try (var files = Files.list(mine)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("thesis.tex");
        }
        assertThat(Files.readString(mine.resolve("thesis.tex"))).isEqualTo("three years of work");
    }

    @Test
    void anEarlierDetectorOrReportIsReplacedOnlyWithOverwrite(@TempDir Path tmp) throws Exception {
        Path data = MvtecLayout.write(tmp.resolve("bottle"), false);
        Path det = tmp.resolve("det");
        assertThat(train(data, det, "--seed", "1")).as(cli.output()).isZero();
        byte[] manifest = Files.readAllBytes(det.resolve("manifest.json"));

        assertThat(train(data, det, "--seed", "2")).isEqualTo(ExitCodes.IO);
        assertThat(cli.output()).contains(det + " already holds a unode detector; pass --overwrite to replace it");
        assertThat(Files.readAllBytes(det.resolve("manifest.json"))).isEqualTo(manifest);

        assertThat(train(data, det, "--seed", "2", "--overwrite")).as(cli.output()).isZero();
        try (NoveltyDetector d = NoveltyDetector.load(det)) {
            assertThat(d.provenance().seed()).isEqualTo(2L);
        }
        // a file of someone else's beside the detector: not even --overwrite replaces it
        Files.writeString(det.resolve("NOTES"), "keep me");
        assertThat(train(data, det, "--seed", "3", "--overwrite")).isEqualTo(ExitCodes.IO);
        assertThat(cli.output()).contains("holds a unode detector but also NOTES");
        assertThat(Files.readString(det.resolve("NOTES"))).isEqualTo("keep me");
        Files.delete(det.resolve("NOTES"));

        // a report folder, and a score file, alike
        Path report = tmp.resolve("report");
        String[] evaluate = {"evaluate", "-d", det.toString(), "--data", data.toString(), "--channels", "1", "--class",
            "good", "-o", report.toString()};
        assertThat(cli.run(evaluate)).as(cli.output()).isZero();
        assertThat(report.resolve("unode-report.json")).exists();
        Files.setLastModifiedTime(report.resolve("results.csv"), java.nio.file.attribute.FileTime.fromMillis(0));
        assertThat(cli.run(evaluate)).isEqualTo(ExitCodes.IO);
        assertThat(cli.output()).contains("already holds a unode report").contains("--overwrite");
        assertThat(Files.getLastModifiedTime(report.resolve("results.csv")).toMillis()).isZero();
        List<String> again = new ArrayList<>(List.of(evaluate));
        again.add("--overwrite");
        assertThat(cli.run(again.toArray(String[]::new))).as(cli.output()).isZero();
        assertThat(Files.getLastModifiedTime(report.resolve("results.csv")).toMillis()).as("replaced").isPositive();

        Path images = data.resolve("test/good");
        Path csv = tmp.resolve("scores.csv");
        assertThat(cli.run("score", "-d", det.toString(), "--images", images.toString(), "-o", csv.toString()))
                .as(cli.output()).isZero();
        assertThat(cli.run("score", "-d", det.toString(), "--images", images.toString(), "-o", csv.toString()))
                .isEqualTo(ExitCodes.IO);
        assertThat(cli.output()).contains("already holds a score file");
        assertThat(cli.run("score", "-d", det.toString(), "--images", images.toString(), "-o", csv.toString(),
                "--overwrite")).as(cli.output()).isZero();
        assertThat(Files.readAllLines(csv)).hasSize(MvtecLayout.TEST_GOOD + 1);
    }
}
