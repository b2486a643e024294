package io.github.unode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.unode.core.ImageShape;
import io.github.unode.data.ImageSet;
import io.github.unode.data.ImageSets;
import io.github.unode.data.Split;
import io.github.unode.score.NoveltyDetector;
import io.github.unode.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end: train, score, evaluate, benchmark, and the exit codes scripts rely on. */
class CommandLineTest {
    @RegisterExtension
    final CliHarness cli = new CliHarness();

    private int run(String... args) {
        return cli.run(args);
    }

    private String output() {
        return cli.output();
    }

    @Test
    void trainScoreEvaluateAndBenchmark(@TempDir Path tmp) throws Exception {
        Path det = tmp.resolve("det");
        assertThat(run("train", "--class", "7", "--max-inliers", "200", "--epochs", "1", "--width", "0.125",
                "--batch-size", "32", "--quiet", "-o", det.toString())).as(output()).isZero();
        assertThat(output()).contains("saved to").contains("threshold")
                .contains("5% false positives on 20 held-out inliers, 90% interval of the rate on new inliers");
        // 20 held-out inliers are too few for a 5% threshold: said once, even with --quiet
        assertThat(output()).containsOnlyOnce("warning: the threshold was calibrated on only 20 held-out inliers");
        assertThat(det.resolve("manifest.json")).exists();

        // an IDX file of test images, with labels
        Path images = tmp.resolve("images.idx");
        Path labels = tmp.resolve("labels.idx");
        try (ImageSet test = ImageSets.bundledFashionMnist(Split.TEST)) {
            Path bundled = ImageSets.bundledDirectory();
            Files.copy(bundled.resolve("t10k-images-idx3-ubyte.gz"), images);
            Files.copy(bundled.resolve("t10k-labels-idx1-ubyte.gz"), labels);
            Path csv = tmp.resolve("scores.csv");
            assertThat(run("score", "-d", det.toString(), "--images", images.toString(), "--labels", labels.toString(),
                    "-o", csv.toString())).as(output()).isZero();
            var lines = Files.readAllLines(csv);
            assertThat(lines).hasSize(test.size() + 1);
            assertThat(lines.get(0)).isEqualTo("index,path,label,novelty,similarity,binary_log_odds,pixel_similarity,threshold,novel");
            assertThat(lines.get(1)).startsWith("0," + images + ",");
            // the recipe's pixel term: minus a Euclidean distance, finite and not positive
            double pixel = Double.parseDouble(lines.get(1).split(",")[6]);
            assertThat(pixel).isFinite().isLessThanOrEqualTo(0.0);
            assertThat(output()).contains(test.size() + " images scored");
            assertThat(run("score", "-d", det.toString(), "--images", images.toString(), "-o", csv.toString(),
                    "--overwrite", "--fail-on-novel")).isEqualTo(ScoreCommand.NOVEL_FOUND);
        }

        Path report = tmp.resolve("eval");
        assertThat(run("evaluate", "-d", det.toString(), "--class", "7", "-o", report.toString())).as(output()).isZero();
        assertThat(report.resolve("report.md")).exists();
        assertThat(Files.readString(report.resolve("results.csv"))).contains("raw-pixel NN").contains("UNODE");

        Path bench = tmp.resolve("bench");
        assertThat(run("benchmark", "--classes", "1", "--max-inliers", "100", "--max-test", "300", "--epochs", "1",
                "--width", "0.125", "--batch-size", "30", "--corruptions", "contrast", "--max-corrupted-test", "120", "--score-parts",
                "--quiet", "-o", bench.toString()))
                .as(output()).isZero();
        String md = Files.readString(bench.resolve("report.md"));
        assertThat(md).contains("contrast-3").contains("DN2-style").contains("raw-pixel NN").contains("plots/roc-")
                .contains("UNODE (similarity only)").contains("UNODE (head only)").contains("UNODE (pixel term only)")
                .contains("UNODE (similarity + head)");
        assertThat(bench.resolve("results.json")).exists();
        try (var plots = Files.list(bench.resolve("plots"))) {
            assertThat(plots.count()).isEqualTo(2);
        }
    }

    @Test
    void trainsAndScoresAFlatFolderOfColourImages(@TempDir Path tmp) throws Exception {
        Path good = tmp.resolve("good");
        Path fresh = tmp.resolve("new");
        try (ImageSet trousers = TestImages.fashion(1, 24, 3, 64); ImageSet boots = TestImages.fashion(9, 6, 3, 64)) {
            TestImages.writePngs(trousers, good);
            TestImages.writePngs(boots, fresh);
        }
        Path det = tmp.resolve("det");
        assertThat(run("train", "--images", good.toString(), "--channels", "3", "--size", "64", "--steps", "2",
                "--width", "0.125", "--batch-size", "8", "--quiet", "-o", det.toString())).as(output()).isZero();
        assertThat(output()).contains("training on 24 inliers").contains("(3x64x64)").contains("saved to");
        try (NoveltyDetector d = NoveltyDetector.load(det)) {
            assertThat(d.inputShape()).isEqualTo(ImageShape.rgb(64));
        }
        for (Path images : new Path[] {good, fresh}) {
            Path csv = tmp.resolve(images.getFileName() + ".csv");
            assertThat(run("score", "-d", det.toString(), "--images", images.toString(), "-o", csv.toString()))
                    .as(output()).isZero();
            List<String> lines = Files.readAllLines(csv);
            try (var files = Files.list(images)) {
                assertThat(lines).hasSize((int) files.count() + 1);
            }
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",");
                for (int k = 3; k <= 7; k++) { // novelty, similarity, binary log-odds, pixel similarity, threshold
                    assertThat(Double.parseDouble(f[k])).as("%s, column %d", line, k).isFinite();
                }
            }
        }
    }

    @Test
    void exitCodesSayWhatWentWrong(@TempDir Path tmp) throws Exception {
        assertThat(run("no-such-command")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("train", "--class", "1")).as("missing -o").isEqualTo(ExitCodes.USAGE);
        assertThat(run("train", "-o", tmp.resolve("x").toString())).as("neither --class nor --images")
                .isEqualTo(ExitCodes.USAGE);
        assertThat(output()).contains("--class").contains("--images");

        // a detector directory that is not one
        Files.createDirectories(tmp.resolve("empty"));
        assertThat(run("score", "-d", tmp.resolve("empty").toString(), "--images", tmp.toString()))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(output()).contains("manifest.json is missing");

        // an IDX directory whose header lies
        Path bad = Files.createDirectories(tmp.resolve("bad"));
        Files.write(bad.resolve("train-images-idx3-ubyte"), new byte[] {0, 0, 8, 3, 0, 0, 0, 5, 0, 0, 0, 28, 0, 0, 0, 28, 1, 2});
        Files.write(bad.resolve("train-labels-idx1-ubyte"), new byte[] {0, 0, 8, 1, 0, 0, 0, 5, 1, 1, 1, 1, 1});
        assertThat(run("train", "--data", bad.toString(), "--class", "1", "-o", tmp.resolve("d").toString()))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(output()).contains("truncated");

        // too few inliers
        assertThat(run("train", "--class", "1", "--max-inliers", "5", "-o", tmp.resolve("d").toString()))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(output()).contains("at least 20");

        assertThat(run("--version")).isZero();
        assertThat(output()).contains("unode 0.1.0");
        assertThat(run("--help")).isZero();
        assertThat(output()).contains("benchmark").contains("Exit codes");
    }
}
