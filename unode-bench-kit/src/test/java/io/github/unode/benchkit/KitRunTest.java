package io.github.unode.benchkit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import com.google.gson.JsonParser;
import io.github.unode.data.ImageSet;
import io.github.unode.data.ImageSets;
import io.github.unode.data.Split;
import io.github.unode.model.Backbone;
import io.github.unode.model.UnodeModel;
import io.github.unode.score.Calibrator;
import io.github.unode.score.NoveltyDetector;
import io.github.unode.score.NoveltyScorer;
import io.github.unode.score.Provenance;
import io.github.unode.score.ScoreRecipe;
import io.github.unode.score.ScoreSpace;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kit on a tiny saved detector outside the repository, with the real engine: the command
 * line's errors, and one short run end to end (JMH with iterations of 0.1 s).
 */
class KitRunTest {
    @TempDir
    static Path dir;

    static Path detector;
    static Path images;

    /** An untrained width-1/8 network with a bank of 60 bags: scoring costs what it costs. */
    @BeforeAll
    static void saveATinyDetector() throws Exception {
        detector = dir.resolve("detector");
        images = dir.resolve("images");
        try (ImageSet train = ImageSets.bundledFashionMnist(Split.TRAIN); ImageSet bags = train.onlyLabel(8);
                ImageSet some = bags.first(80); ImageSet.Partition parts = some.split(0.75, 1)) {
            Model model = Model.newInstance("kit-test");
            UnodeModel net = new UnodeModel(Backbone.resNet18(some.shape(), 0.125));
            net.initialize(model.getNDManager(), 1);
            model.setBlock(net);
            NoveltyScorer scorer = Calibrator.of(ScoreRecipe.of(ScoreSpace.FEATURES, 0.05)).calibrate(model, parts.first(), parts.second());
            try (NoveltyDetector d = new NoveltyDetector(model, scorer, Map.of(), Provenance.now(1, "kit-test", "-",
                    some.size(), 0, Map.of()), null)) {
                d.save(detector);
            }
        }
        try (ImageSet test = ImageSets.bundledFashionMnist(Split.TEST)) {
            assertThat(ImageExport.writePngs(test, 12, images)).isEqualTo(12);
        }
    }

    record Run(int status, String out, String err) {}

    static Run main(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true,
                StandardCharsets.UTF_8));
        return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void argumentErrorsExitWith2AndSayWhatIsWrong() throws Exception {
        assertThat(main("--images", images.toString())).satisfies(r -> {
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.err()).startsWith("error: --detector is required").contains("usage:");
        });
        Path missing = dir.resolve("no-such-detector");
        assertThat(main("--detector", missing.toString(), "--images", images.toString())).satisfies(r -> {
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.err()).contains("error: --detector " + missing + ": no such directory");
        });
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertThat(main("--detector", file.toString(), "--images", images.toString()).err())
                .contains("error: --detector " + file + ": not a directory");
        // a directory that is not a detector: the loader's reason, no stack trace
        assertThat(main("--detector", images.toString(), "--images", images.toString())).satisfies(r -> {
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.err()).startsWith("error: --detector " + images + " is not a detector this version can load: ")
                    .doesNotContain("\tat ");
        });
        assertThat(main("--detector", detector.toString(), "--images", images.toString(), "--gates",
                dir.resolve("none.json").toString()).err()).contains("--gates " + dir.resolve("none.json")
                + ": no such readable file");
        assertThat(main("--detector", detector.toString(), "--images", images.toString(), "--warmup", "two").err())
                .contains("--warmup needs a whole number, got two");
        assertThat(main("--detector", detector.toString(), "--images", images.toString(), "--frobnicate").err())
                .contains("unknown argument --frobnicate");
        assertThat(main("--help").status()).isZero();
    }

    @Test
    void aShortRunWritesJmhJsonAndTheSummaryAndGatesIt() throws Exception {
        Path out = dir.resolve("out");
        Path gates = Files.writeString(dir.resolve("gates.json"), """
                {"format": "unode-bench-gates/1",
                 "figures": {"score.single": {"baseline": 1e-9, "tolerance": 0.5},
                             "score.batch": {"baseline": 1e-9, "tolerance": 0.5},
                             "bank.search60k": {"baseline": 1e-9, "tolerance": 0.5}}}
                """);
        Path history = dir.resolve("results/bench-history.jsonl");
        Run r = main("--detector", detector.toString(), "--images", images.toString(), "--out", out.toString(),
                "--warmup", "0", "--iterations", "1", "--time", "0.1", "--gates", gates.toString(),
                "--append-history", history.toString(), "--label", "kit-test");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("all 3 gates passed").contains("GATE PASSED: score.batch ratio");

        BenchSummary s = BenchSummary.read(out.resolve("summary.json"));
        assertThat(s.figures()).containsOnlyKeys("score.single", "score.batch", "bank.search60k");
        assertThat(s.reference().name()).isEqualTo("reference.matmul1024");
        assertThat(s.reference().gflops()).isPositive();
        assertThat(s.reference().runs()).hasSize(2);
        s.figures().values().forEach(f -> {
            assertThat(f.msPerOp()).isPositive();
            assertThat(f.medianMs()).isGreaterThanOrEqualTo(f.msPerOp());
            // one measured iteration, the reference probed right before it
            assertThat(f.iterationRatios()).hasSize(1);
            assertThat(f.ratio()).isEqualTo(f.iterationRatios()[0]).isPositive();
            // against a rate within a factor of 10 of the run's reference (the same product, a second apart)
            assertThat(f.ratio() * s.reference().gflops() / f.opsPerSecond()).isBetween(0.1, 10.0);
            assertThat(f.opsPerSecond()).isEqualTo(1000 / f.msPerOp());
        });
        // one image is faster to score than 12
        assertThat(s.figures().get("score.single").msPerOp()).isLessThan(s.figures().get("score.batch").msPerOp());
        assertThat(s.machine()).containsKeys("cpus", "cpuModel", "cpuVendor", "java", "engine", "ONEDNN_MAX_CPU_ISA");
        assertThat(s.label()).isEqualTo("kit-test");

        // JMH's own JSON: the reference, the three benchmarks, the reference again
        var jmh = JsonParser.parseString(Files.readString(out.resolve("jmh.json"))).getAsJsonArray();
        assertThat(jmh).hasSize(5);
        assertThat(jmh.get(0).getAsJsonObject().get("benchmark").getAsString()).endsWith("KitBenchmarks.matmul");
        assertThat(jmh.get(0).getAsJsonObject().get("mode").getAsString()).isEqualTo("sample");
        assertThat(Files.list(out).map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("jmh.json", "summary.json");

        assertThat(History.read(history)).hasSize(1);
        assertThat(history.resolveSibling("bench-history.svg")).exists();

        // the same summary against a gate it misses: exit 1, the figure named
        Path strict = Files.writeString(dir.resolve("strict.json"), """
                {"format": "unode-bench-gates/1", "figures": {"score.batch": {"baseline": 1e9, "tolerance": 0.25}}}
                """);
        Run gated = main("--summary", out.resolve("summary.json").toString(), "--gates", strict.toString());
        assertThat(gated.status()).as(gated.out() + gated.err()).isEqualTo(1);
        assertThat(gated.err()).startsWith("GATE FAILED: score.batch ratio ").contains("< baseline 1000000000 \u2212 tolerance 25%");
        assertThat(gated.out()).contains("1 of 1 gates failed");
    }
}
