package io.github.unode.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.unode.core.DetectorFormatException;
import io.github.unode.core.ImageShape;
import io.github.unode.core.ImageShapeException;
import io.github.unode.core.InvalidPixelException;
import io.github.unode.core.RandomSource;
import io.github.unode.data.ImageSet;
import io.github.unode.model.Backbone;
import io.github.unode.model.UnodeModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NoveltyDetectorTest {
    private static final ImageShape SHAPE = ImageShape.grey(16);

    private static ImageSet images(int n, long seed) {
        return ImageSet.fromPixels(new RandomSource(seed).uniforms(n * SHAPE.pixels()), SHAPE, null, "random " + seed);
    }

    /** An untrained but deterministic detector: enough to test the scoring plumbing and the saved form. */
    static NoveltyDetector detector(ScoreSpace space) {
        Model model = Model.newInstance("test");
        UnodeModel net = new UnodeModel(Backbone.resNet18(SHAPE, 0.125));
        net.initialize(model.getNDManager(), 9);
        model.setBlock(net);
        try (ImageSet bank = images(40, 1); ImageSet held = images(20, 2)) {
            NoveltyScorer scorer = Calibrator.of(ScoreRecipe.of(space, 0.1)).calibrate(model, bank, held);
            Provenance p = Provenance.now(9, "random", bank.fingerprint(), 60, 0.5, Map.of("note", "test"));
            return new NoveltyDetector(model, scorer, Map.of("epochs", "0"), p, "{\"weights\":{}}");
        }
    }

    @Test
    void modelJsonKeepsTheFlatBackboneLayout(@TempDir Path tmp) throws Exception {
        // detectors written when BackboneSpec was one record of all kinds hold this object; the
        // sealed kinds must write and read the same
        Path dir = tmp.resolve("det");
        try (NoveltyDetector d = detector(ScoreSpace.FEATURES)) {
            d.save(dir);
        }
        com.google.gson.JsonObject model = com.google.gson.JsonParser.parseString(
                Files.readString(dir.resolve("model.json"))).getAsJsonObject();
        ImageShape s = SHAPE;
        assertThat(model.get("backbone").toString()).isEqualTo("{\"kind\":\"resnet18\",\"input\":{\"channels\":"
                + s.channels() + ",\"height\":" + s.height() + ",\"width\":" + s.width()
                + "},\"width\":8,\"depth\":0,\"widen\":0,\"features\":0}");
        try (NoveltyDetector again = NoveltyDetector.load(dir)) {
            assertThat(again.network().backbone().spec()).isEqualTo(new io.github.unode.model.BackboneSpec.ResNet18(s, 8));
        }
    }

    @Test
    void savedAndLoadedDetectorGivesIdenticalScores(@TempDir Path tmp) throws Exception {
        for (ScoreSpace space : ScoreSpace.values()) {
            Path dir = tmp.resolve("det-" + space);
            try (NoveltyDetector d = detector(space); ImageSet test = images(30, 3)) {
                ScoreBatch before = d.score(test);
                d.save(dir);
                try (NoveltyDetector again = NoveltyDetector.load(dir)) {
                    ScoreBatch after = again.score(test);
                    assertThat(after.novelty()).containsExactly(before.novelty());
                    assertThat(after.similarity()).containsExactly(before.similarity());
                    assertThat(after.binaryLogOdds()).containsExactly(before.binaryLogOdds());
                    assertThat(after.novel()).containsExactly(before.novel());
                    assertThat(again.threshold()).isEqualTo(d.threshold());
                    assertThat(again.scorer().lambda()).isEqualTo(d.scorer().lambda());
                    assertThat(again.scorer().space()).isEqualTo(space);
                    assertThat(again.configuration()).isEqualTo(d.configuration());
                    assertThat(again.provenance()).isEqualTo(d.provenance());
                    assertThat(again.augmentationReport()).contains("{\"weights\":{}}");
                    assertThat(again.inputShape()).isEqualTo(SHAPE);
                }
            }
        }
        // no temporary directories left behind
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "det-PROJECTION", "det-FEATURES");
        }
    }

    @Test
    void aDetectorWithATorchScriptEncoderSavesTheModuleItself(@TempDir Path tmp) throws Exception {
        Path pt = io.github.unode.testing.Fixtures.tinyCnn(tmp);
        Backbone b = Backbone.torchScript(pt, SHAPE, io.github.unode.model.Preprocessing.none(ImageShape.rgb(32)));
        Model model = Model.newInstance("ts");
        UnodeModel net = new UnodeModel(b);
        net.initialize(model.getNDManager(), 2);
        model.setBlock(net);
        float[] before;
        try (ImageSet bank = images(30, 5); ImageSet held = images(10, 6); ImageSet test = images(12, 7)) {
            NoveltyScorer scorer = Calibrator.of(ScoreRecipe.of(ScoreSpace.FEATURES, 0.1)).calibrate(model, bank, held);
            try (NoveltyDetector d = new NoveltyDetector(model, scorer, Map.of(), Provenance.now(2, "r", "f", 40, 0,
                    Map.of()), null)) {
                before = d.score(test).novelty();
                d.save(tmp.resolve("det"));
            }
            Files.delete(pt); // the saved detector must not need the original file
            try (NoveltyDetector again = NoveltyDetector.load(tmp.resolve("det"))) {
                assertThat(again.score(test).novelty()).containsExactly(before);
                assertThat(again.network().backbone().spec().kind()).isEqualTo("torchscript");
            }
        }
    }

    @Test
    void aHalfPrecisionBankSurvivesSaveAndLoad(@TempDir Path tmp) throws Exception {
        Model model = Model.newInstance("half");
        UnodeModel net = new UnodeModel(Backbone.resNet18(SHAPE, 0.125));
        net.initialize(model.getNDManager(), 9);
        model.setBlock(net);
        try (ImageSet bank = images(40, 1); ImageSet held = images(20, 2); ImageSet test = images(25, 3)) {
            NoveltyScorer scorer = Calibrator.of(ScoreRecipe.of(ScoreSpace.FEATURES, 0.1)
                    .withBankPrecision(EmbeddingBank.Precision.FLOAT16)).calibrate(model, bank, held);
            float[] before;
            try (NoveltyDetector d = new NoveltyDetector(model, scorer, Map.of(), Provenance.now(1, "r", "f", 60, 0,
                    Map.of()), null)) {
                assertThat(d.scorer().bank().precision()).isEqualTo(EmbeddingBank.Precision.FLOAT16);
                before = d.score(test).novelty();
                d.save(tmp.resolve("half"));
            }
            try (NoveltyDetector again = NoveltyDetector.load(tmp.resolve("half"))) {
                assertThat(again.scorer().bank().precision()).isEqualTo(EmbeddingBank.Precision.FLOAT16);
                assertThat(again.score(test).novelty()).containsExactly(before);
            }
        }
    }

    /** An untrained detector whose score has the pixel term, banked on {@code bank}, balanced on {@code held}. */
    private static NoveltyDetector pixelTermDetector(String name, ImageSet bank, ImageSet held) {
        return pixelTermDetector(name, bank, held, 0.0, false);
    }

    /**
     * As {@link #pixelTermDetector(String, ImageSet, ImageSet)}, the pixel term blurring by
     * {@code sigma} and centring each image with {@code centre}.
     */
    private static NoveltyDetector pixelTermDetector(String name, ImageSet bank, ImageSet held, double sigma,
            boolean centre) {
        Model model = Model.newInstance(name);
        UnodeModel net = new UnodeModel(Backbone.resNet18(SHAPE, 0.125));
        net.initialize(model.getNDManager(), 9);
        model.setBlock(net);
        NoveltyScorer scorer = Calibrator.of(ScoreRecipe.of(ScoreSpace.FEATURES, 0.1)
                .withPixelTerm(new ScoreRecipe.PixelTerm(sigma, centre, 1.0))).calibrate(model, bank, held);
        return new NoveltyDetector(model, scorer, Map.of(), Provenance.now(1, "r", "f", 60, 0, Map.of()), null);
    }

    @Test
    void aPixelTermScoresFromTheImagesAndSurvivesSaveAndLoad(@TempDir Path tmp) throws Exception {
        try (ImageSet bank = images(40, 1); ImageSet held = images(20, 2); ImageSet test = images(25, 3);
                NDManager m = NDManager.newBaseManager()) {
            ScoreBatch before;
            double mu;
            try (NoveltyDetector d = pixelTermDetector("pix", bank, held)) {
                mu = d.scorer().mu();
                assertThat(d.scorer().pixels()).hasValueSatisfying(p -> assertThat(p.size()).isEqualTo(40));
                assertThat(d.scorer().mu()).isPositive();
                before = d.score(test);
                // the pixel part is minus the distance to the nearest bank image, by brute force
                double[] nearest = PixelBankTest.bruteForce(bank.toFloatArray(), test.toFloatArray(), SHAPE.pixels());
                for (int i = 0; i < test.size(); i++) {
                    assertThat((double) before.pixelSimilarity()[i]).isCloseTo(-nearest[i],
                            org.assertj.core.api.Assertions.within(1e-3));
                    double expected = -(before.similarity()[i] + d.scorer().lambda() * before.binaryLogOdds()[i]
                            + d.scorer().mu() * before.pixelSimilarity()[i]);
                    assertThat((double) before.novelty()[i]).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-5));
                }
                // the single-image entry point sees the pixels too
                ScoreBatch one = d.score(test.batch(new int[] {4}, m).squeeze(0));
                assertThat(one.pixelSimilarity()[0]).isCloseTo(before.pixelSimilarity()[4],
                        org.assertj.core.api.Assertions.within(1e-4f));
                d.save(tmp.resolve("pix"));
            }
            try (NoveltyDetector again = NoveltyDetector.load(tmp.resolve("pix"))) {
                assertThat(again.scorer().mu()).isEqualTo(mu);
                ScoreBatch after = again.score(test);
                assertThat(after.novelty()).containsExactly(before.novelty());
                assertThat(after.pixelSimilarity()).containsExactly(before.pixelSimilarity());
            }
            // a manifest without the pixel bank the scorer needs is refused by name
            Path dir = tmp.resolve("pix");
            com.google.gson.JsonObject manifest = com.google.gson.JsonParser.parseString(
                    Files.readString(dir.resolve("manifest.json"))).getAsJsonObject();
            manifest.getAsJsonObject("files").remove("pixels.f32");
            Files.writeString(dir.resolve("manifest.json"), manifest.toString());
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> NoveltyDetector.load(dir))
                    .isInstanceOf(io.github.unode.core.DetectorFormatException.class).hasMessageContaining("pixels.f32");
        }
    }

    @Test
    void aBlurredCentredPixelTermComparesTransformedImagesAndSurvivesSaveAndLoad(@TempDir Path tmp) throws Exception {
        try (ImageSet bank = images(40, 1); ImageSet held = images(20, 2); ImageSet test = images(25, 3)) {
            ScoreBatch before;
            Path dir = tmp.resolve("blur");
            try (NoveltyDetector d = pixelTermDetector("blur", bank, held, 1.0, true)) {
                assertThat(d.scorer().pixels()).hasValueSatisfying(p -> {
                    assertThat(p.blurSigma()).isEqualTo(1.0);
                    assertThat(p.centred()).isTrue();
                    assertThat(p.imageShape()).hasValueSatisfying(s -> assertThat(s).containsExactly(
                            SHAPE.channels(), SHAPE.height(), SHAPE.width()));
                });
                before = d.score(test);
                // the pixel part is minus the distance between the blurred, centred images, by brute force
                GaussianBlur blur = GaussianBlur.ofSigma(1.0);
                float[] b = bank.toFloatArray();
                float[] t = test.toFloatArray();
                blur.blur(b, bank.size() * SHAPE.channels(), SHAPE.height(), SHAPE.width());
                blur.blur(t, test.size() * SHAPE.channels(), SHAPE.height(), SHAPE.width());
                double[] nearest = PixelBankTest.bruteForce(PixelBankTest.centredRows(b, SHAPE.pixels()),
                        PixelBankTest.centredRows(t, SHAPE.pixels()), SHAPE.pixels());
                for (int i = 0; i < test.size(); i++) {
                    assertThat((double) before.pixelSimilarity()[i]).isCloseTo(-nearest[i],
                            org.assertj.core.api.Assertions.within(1e-3));
                }
                d.save(dir);
            }
            // format 2, so that a reader of format 1 refuses it instead of searching unblurred
            assertThat(Files.readString(dir.resolve("manifest.json"))).contains("\"formatVersion\": 2");
            assertThat(Files.readString(dir.resolve("scorer.json"))).contains("\"pixelBlur\": 1.0")
                    .contains("\"pixelCentred\": true");
            try (NoveltyDetector again = NoveltyDetector.load(dir)) {
                assertThat(again.scorer().pixels().orElseThrow().blurSigma()).isEqualTo(1.0);
                assertThat(again.scorer().pixels().orElseThrow().centred()).isTrue();
                ScoreBatch after = again.score(test);
                assertThat(after.pixelSimilarity()).containsExactly(before.pixelSimilarity());
                assertThat(after.novelty()).containsExactly(before.novelty());
            }
        }
        // an unblurred pixel term stays format 1, which older readers load
        try (ImageSet bank = images(10, 1); ImageSet held = images(10, 2);
                NoveltyDetector d = pixelTermDetector("raw", bank, held)) {
            d.save(tmp.resolve("raw"));
            assertThat(Files.readString(tmp.resolve("raw").resolve("manifest.json"))).contains("\"formatVersion\": 1");
        }
        try (ImageSet bank = images(10, 1); ImageSet held = images(10, 2)) {
            assertThatThrownBy(() -> pixelTermDetector("bad", bank, held, -1.0, false))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sigma");
        }
    }

    /**
     * A service scores for months: a scoring call must not leave Java direct buffers behind
     * (an array made from a Java {@code float[]} lives in one until the next garbage collection),
     * or its resident memory would rise and fall with the heap. Copies of the caller's batch are
     * made by libtorch, not through Java.
     */
    @Test
    void scoringLeavesNoDirectBuffersBehind() {
        java.lang.management.BufferPoolMXBean direct = java.lang.management.ManagementFactory
                .getPlatformMXBeans(java.lang.management.BufferPoolMXBean.class).stream()
                .filter(b -> b.getName().equals("direct")).findFirst().orElseThrow();
        try (ImageSet bank = images(40, 1); ImageSet held = images(20, 2); ImageSet test = images(64, 3);
                NDManager m = NDManager.newBaseManager()) {
            try (NoveltyDetector d = pixelTermDetector("direct", bank, held)) {
                NDArray batch = test.batch(0, 64, m);
                float[] first = d.score(batch).novelty(); // warm-up: lazily created engine state
                d.score(test);
                long before = direct.getMemoryUsed();
                for (int i = 0; i < 20; i++) {
                    assertThat(d.score(batch).novelty()).containsExactly(first);
                    d.score(test);
                }
                // a direct copy of each batch would leave 64 KiB per call (64 images of 16x16 floats);
                // what DJL still allocates is a 4-byte buffer per scalar operation (x * 2f), a few per
                // call; a collection in between can only lower the figure, never raise it
                assertThat(direct.getMemoryUsed() - before).isLessThan(40 * 64);
            }
        }
    }

    @Test
    void scoresAreConsistentAcrossEntryPointsAndParts() {
        try (NoveltyDetector d = detector(ScoreSpace.FEATURES); ImageSet test = images(5, 4);
                NDManager m = NDManager.newBaseManager()) {
            ScoreBatch all = d.score(test);
            NDArray one = test.batch(new int[] {2}, m).squeeze(0);
            ScoreBatch single = d.score(one);
            assertThat(single.size()).isEqualTo(1);
            // batch composition changes libtorch's kernels only at the rounding level
            assertThat(single.novelty()[0]).isCloseTo(all.novelty()[2], org.assertj.core.api.Assertions.within(1e-5f));
            for (int i = 0; i < all.size(); i++) {
                float expected = (float) -(all.similarity()[i] + d.scorer().lambda() * all.binaryLogOdds()[i]);
                assertThat(all.novelty()[i]).isEqualTo(expected);
                assertThat(all.novel()[i]).isEqualTo(all.novelty()[i] > d.threshold());
            }
        }
    }

    @Test
    void wrongShapesAndBadPixelsGiveClearErrors() {
        try (NoveltyDetector d = detector(ScoreSpace.FEATURES); NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> d.score(m.zeros(new Shape(2, 3, 16, 16))))
                    .isInstanceOf(ImageShapeException.class)
                    .hasMessageContaining("3x16x16").hasMessageContaining("1x16x16 is expected")
                    .hasMessageContaining("give 1-channel images").hasMessageContaining("ImageSets.folder");
            assertThatThrownBy(() -> d.score(m.zeros(new Shape(2, 1, 20, 16))))
                    .isInstanceOf(ImageShapeException.class).hasMessageContaining("resize");
            assertThatThrownBy(() -> d.score(m.zeros(new Shape(16, 16))))
                    .isInstanceOf(ImageShapeException.class);
            NDArray nan = m.zeros(new Shape(1, 1, 16, 16));
            nan.set(new ai.djl.ndarray.index.NDIndex("0,0,3,3"), Float.NaN);
            assertThatThrownBy(() -> d.score(nan)).isInstanceOf(InvalidPixelException.class).hasMessageContaining("NaN");
            assertThatThrownBy(() -> d.score(m.ones(new Shape(1, 1, 16, 16)).mul(255)))
                    .isInstanceOf(InvalidPixelException.class).hasMessageContaining("255");
            // the resize option accepts another size with the same channel count
            try (ImageSet big = ImageSet.fromPixels(new float[2 * 24 * 24], ImageShape.grey(24), null, "big")) {
                assertThat(d.score(big, true).size()).isEqualTo(2);
                assertThatThrownBy(() -> d.score(big)).isInstanceOf(ImageShapeException.class);
            }
        }
    }

    @Test
    void damagedOrForeignDirectoriesAreRefused(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("det");
        try (NoveltyDetector d = detector(ScoreSpace.FEATURES)) {
            d.save(dir);
        }
        byte[] bank = Files.readAllBytes(dir.resolve("bank.f32"));
        bank[bank.length / 2] ^= 0x01;
        Files.write(dir.resolve("bank.f32"), bank);
        assertThatThrownBy(() -> NoveltyDetector.load(dir)).isInstanceOf(DetectorFormatException.class)
                .hasMessageContaining("bank.f32").hasMessageContaining("SHA-256");
        assertThatThrownBy(() -> NoveltyDetector.load(tmp)).isInstanceOf(DetectorFormatException.class)
                .hasMessageContaining("manifest.json");
    }
}
