package io.github.unode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.unode.testing.MvtecLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Image folders in MVTec AD's layout through the command line, grey and colour, with the default
 * settings but a tiny budget: train/good are the inliers, matched with test/good by name, every
 * defect folder is novel and gets its own AUROC in the reports.
 */
class ImageFolderCommandLineTest {
    /** A tiny training budget; everything else is the command line's default recipe. */
    private static final List<String> TINY = List.of("--steps", "4", "--batch-size", "8", "--width", "0.125", "--quiet");
    private static final int TEST_IMAGES = MvtecLayout.TEST_GOOD + MvtecLayout.DEFECTS.size() * MvtecLayout.PER_DEFECT;
    private static final int NOVEL = TEST_IMAGES - MvtecLayout.TEST_GOOD;

    @RegisterExtension
    final CliHarness cli = new CliHarness();

    private static String[] args(List<String> head, String... tail) {
        List<String> all = new java.util.ArrayList<>(head);
        all.addAll(TINY);
        all.addAll(List.of(tail));
        return all.toArray(String[]::new);
    }

    private static String channels(boolean colour) {
        return colour ? "3" : "1";
    }

    /** The rows of a report CSV as maps from column to value (no field holds a comma here). */
    private static List<Map<String, String>> rows(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        String[] head = lines.get(0).split(",", -1);
        return lines.subList(1, lines.size()).stream().map(l -> {
            String[] f = l.split(",", -1);
            return Arrays.stream(head).collect(Collectors.toMap(Function.identity(),
                    h -> f[Arrays.asList(head).indexOf(h)]));
        }).toList();
    }

    /** Every overall row has test/good as its inliers and every defect image as novel; every defect has its rows. */
    private static void assertMatchedByName(Path report, List<String> methods) throws Exception {
        List<Map<String, String>> overall = rows(report.resolve("results.csv"));
        assertThat(overall).extracting(r -> r.get("method")).containsExactlyInAnyOrderElementsOf(methods);
        for (Map<String, String> r : overall) {
            assertThat(r.get("setting")).isEqualTo("class 2 (good)");
            assertThat(r.get("inliers")).as("inliers = test/good").isEqualTo(Integer.toString(MvtecLayout.TEST_GOOD));
            assertThat(r.get("novel")).isEqualTo(Integer.toString(NOVEL));
        }
        List<Map<String, String>> perDefect = rows(report.resolve("novel-classes.csv"));
        assertThat(perDefect).hasSize(MvtecLayout.DEFECTS.size() * methods.size());
        for (String m : methods) {
            assertThat(perDefect.stream().filter(r -> r.get("method").equals(m)).map(r -> r.get("novel_class")))
                    .as(m).containsExactlyElementsOf(MvtecLayout.DEFECTS);
        }
        for (Map<String, String> r : perDefect) {
            assertThat(r.get("novel")).isEqualTo(Integer.toString(MvtecLayout.PER_DEFECT));
            assertThat(r.get("inliers")).isEqualTo(Integer.toString(MvtecLayout.TEST_GOOD));
            assertThat(Double.parseDouble(r.get("auroc"))).isBetween(0.0, 1.0);
        }
        // the raw-pixel nearest neighbour is exact arithmetic: a black hole in the striped surface is found
        assertThat(perDefect.stream().filter(r -> r.get("method").equals("raw-pixel NN") && r.get("novel_class")
                .equals("hole")).map(r -> Double.parseDouble(r.get("auroc")))).containsExactly(1.0);
        String md = Files.readString(report.resolve("report.md"));
        assertThat(md).contains("## Each kind of novelty");
        for (String d : MvtecLayout.DEFECTS) {
            assertThat(md).contains("| class 2 (good) | clean | raw-pixel NN | " + d + " | 4 | 8 |");
        }
        JsonObject json = JsonParser.parseString(Files.readString(report.resolve("results.json"))).getAsJsonObject();
        JsonArray byClass = json.getAsJsonArray("results").get(0).getAsJsonObject().getAsJsonArray("byNovelClass");
        assertThat(byClass).hasSize(MvtecLayout.DEFECTS.size());
        assertThat(report.resolve("unode-report.json")).exists();
    }

    @ParameterizedTest(name = "colour={0}")
    @ValueSource(booleans = {false, true})
    void benchmarkOnTheMvtecLayoutTrainsOnGoodAndReportsEachDefect(boolean colour, @TempDir Path tmp) throws Exception {
        Path data = MvtecLayout.write(tmp.resolve("bottle"), colour);
        Path bench = tmp.resolve("bench");
        assertThat(cli.run(args(List.of("benchmark", "--data", data.toString(), "--channels", channels(colour),
                "--progress"), "-o", bench.toString()))).as(cli.output()).isZero();
        // --progress: each task's progress on standard error although it is not a terminal
        assertThat(cli.stderr()).contains("bottle, class 2 (good): fitting UNODE").doesNotContain("class 0");
        assertThat(cli.stdout()).doesNotContain("fitting UNODE");
        assertThat(cli.output())
                .contains("each kind of novelty").contains("    scratch");
        assertMatchedByName(bench, List.of("UNODE", "raw-pixel NN", "DN2-style NN (untrained backbone)"));
    }

    @ParameterizedTest(name = "colour={0}")
    @ValueSource(booleans = {false, true})
    void trainScoreAndEvaluateOnTheMvtecLayout(boolean colour, @TempDir Path tmp) throws Exception {
        Path data = MvtecLayout.write(tmp.resolve("bottle"), colour);
        String c = channels(colour);
        Path det = tmp.resolve("det");
        // the class by name
        assertThat(cli.run(args(List.of("train", "--data", data.toString(), "--channels", c, "--class", "good"),
                "-o", det.toString()))).as(cli.output()).isZero();
        assertThat(cli.output()).contains("inlier class 2 (good) of bottle")
                .contains("training on " + MvtecLayout.TRAIN_GOOD + " inliers");

        Path csv = tmp.resolve("scores.csv");
        assertThat(cli.run("score", "-d", det.toString(), "--images", data.resolve("test").toString(), "-o",
                csv.toString())).as(cli.output()).isZero();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(TEST_IMAGES + 1);
        assertThat(lines.stream().skip(1).filter(l -> l.split(",")[2].equals("2")).count())
                .as("test/good is label 2 in the score file too").isEqualTo(MvtecLayout.TEST_GOOD);
        // every row names its image's file, in the folder of the row's class
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            Path image = Path.of(f[1]);
            assertThat(image).as(line).isRegularFile();
            assertThat(image.getParent().getFileName().toString().equals("good")).as(line).isEqualTo(f[2].equals("2"));
        }

        // the class by index into the sorted class names
        Path eval = tmp.resolve("eval");
        assertThat(cli.run("evaluate", "-d", det.toString(), "--data", data.toString(), "--channels", c, "--class", "2",
                "-o", eval.toString())).as(cli.output()).isZero();
        assertThat(cli.output()).contains("each kind of novelty");
        assertMatchedByName(eval, List.of("UNODE (det)", "raw-pixel NN"));
    }

    @Test
    void layoutsAndClassesThatCannotBeMatchedAreRefusedNamingThem(@TempDir Path tmp) throws Exception {
        Path data = MvtecLayout.write(tmp.resolve("bottle"), false);
        Path det = tmp.resolve("det");
        assertThat(cli.run("train", "--data", data.toString(), "--class", "scratch", "-o", det.toString()))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.output()).contains("class 6 (scratch) of bottle has no training images")
                .contains("classes with training images are 2 (good)");
        assertThat(cli.run("train", "--data", data.toString(), "--class", "Good", "-o", det.toString()))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.output()).contains("no class is named 'Good'").contains("0 color").contains("2 good");
        assertThat(cli.run("benchmark", "--data", data.toString(), "--classes", "good,9", "-o", tmp.resolve("b").toString()))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.output()).contains("there is no class 9");

        // a training class that the test split lacks
        Files.move(data.resolve("test/good"), data.resolve("test/ok"));
        assertThat(cli.run("train", "--data", data.toString(), "--class", "good", "-o", det.toString()))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.output()).contains(data.resolve("train") + " has class folders that " + data.resolve("test")
                + " lacks: [good]").contains("ok");
        assertThat(det).doesNotExist();
    }

    private static io.github.unode.core.ImageShape inputShape(Path detector) throws Exception {
        try (io.github.unode.score.NoveltyDetector d = io.github.unode.score.NoveltyDetector.load(detector)) {
            return d.inputShape();
        }
    }

    /**
     * evaluate reads a folder at the size and channels the detector was trained at when --size and
     * --channels are not given, grey and colour; a size the detector was not trained at is refused,
     * naming both.
     */
    @ParameterizedTest(name = "colour={0}")
    @ValueSource(booleans = {false, true})
    void evaluateReadsTheFolderAtTheDetectorsShape(boolean colour, @TempDir Path tmp) throws Exception {
        Path data = MvtecLayout.write(tmp.resolve("bottle"), colour);
        Path det = tmp.resolve("det");
        assertThat(cli.run(args(List.of("train", "--data", data.toString(), "--class", "good", "--size", "40",
                "--channels", channels(colour)), "-o", det.toString()))).as(cli.output()).isZero();
        assertThat(inputShape(det)).isEqualTo(new io.github.unode.core.ImageShape(colour ? 3 : 1, 40, 40));
        Path eval = tmp.resolve("eval");
        assertThat(cli.run("evaluate", "-d", det.toString(), "--data", data.toString(), "--class", "good",
                "-o", eval.toString())).as(cli.output()).isZero();
        assertMatchedByName(eval, List.of("UNODE (det)", "raw-pixel NN"));
        assertThat(cli.run("evaluate", "-d", det.toString(), "--data", data.toString(), "--class", "good", "--size", "32",
                "-o", tmp.resolve("eval2").toString())).isNotZero();
        assertThat(cli.output()).contains("40").contains("32");
        assertThat(tmp.resolve("eval2")).doesNotExist();
    }
}
