package io.github.unode.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.unode.core.DetectorFormatException;
import io.github.unode.core.ImageShape;
import io.github.unode.core.RandomSource;
import io.github.unode.data.ImageSet;
import io.github.unode.model.Backbone;
import io.github.unode.model.BackboneSpec;
import io.github.unode.model.UnodeModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A detector whose ResNet-18 has a downsampling stem: saved, loaded, and old model.json files. */
class StemDetectorTest {
    private static final ImageShape SHAPE = ImageShape.rgb(32);

    private static ImageSet images(int n, long seed) {
        return ImageSet.fromPixels(new RandomSource(seed).uniforms(n * SHAPE.pixels()), SHAPE, null, "random " + seed);
    }

    /** An untrained, deterministic detector of 32 px colour images with a stem of this stride. */
    private static NoveltyDetector detector(int stem) {
        Model model = Model.newInstance("test");
        UnodeModel net = new UnodeModel(Backbone.resNet18(SHAPE, 0.125, stem));
        net.initialize(model.getNDManager(), 9);
        model.setBlock(net);
        try (ImageSet bank = images(40, 1); ImageSet held = images(20, 2)) {
            NoveltyScorer scorer = Calibrator.of(ScoreRecipe.of(ScoreSpace.FEATURES, 0.1)).calibrate(model, bank, held);
            Provenance p = Provenance.now(9, "random", bank.fingerprint(), 60, 0.5, Map.of("note", "test"));
            return new NoveltyDetector(model, scorer, Map.of("epochs", "0"), p, null);
        }
    }

    /** Replaces {@code model.json} in a saved detector by {@code text}, with the manifest listing it. */
    private static void rewriteModelJson(Path dir, String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("model.json"), bytes);
        Path manifest = dir.resolve(DetectorStore.MANIFEST);
        JsonObject m = JsonParser.parseString(Files.readString(manifest)).getAsJsonObject();
        JsonObject entry = m.getAsJsonObject("files").getAsJsonObject("model.json");
        entry.addProperty("bytes", bytes.length);
        entry.addProperty("sha256", DetectorStore.sha256(bytes));
        Files.writeString(manifest, new GsonBuilder().setPrettyPrinting().create().toJson(m));
    }

    @Test
    void aStrideFourDetectorSavesLoadsAndScoresTheSame(@TempDir Path tmp) throws Exception {
        for (int stem : new int[] {2, 4}) {
            Path dir = tmp.resolve("stem-" + stem);
            try (NoveltyDetector d = detector(stem); ImageSet test = images(30, 3)) {
                ScoreBatch before = d.score(test);
                d.save(dir);
                JsonObject model = JsonParser.parseString(Files.readString(dir.resolve("model.json"))).getAsJsonObject();
                assertThat(model.getAsJsonObject("backbone").get("stem").getAsInt()).isEqualTo(stem);
                // a reader of format 3 would build the stride-1 stem and load these same-shaped weights
                assertThat(Files.readString(dir.resolve("manifest.json"))).contains("\"formatVersion\": 4");
                try (NoveltyDetector again = NoveltyDetector.load(dir)) {
                    assertThat(again.network().backbone().spec()).isEqualTo(new BackboneSpec.ResNet18(SHAPE, 8, stem));
                    ScoreBatch after = again.score(test);
                    assertThat(after.novelty()).containsExactly(before.novelty());
                    assertThat(after.similarity()).containsExactly(before.similarity());
                    assertThat(after.binaryLogOdds()).containsExactly(before.binaryLogOdds());
                    assertThat(again.threshold()).isEqualTo(d.threshold());
                }
            }
        }
    }

    @Test
    void aStrideOneDetectorIsWrittenAsBefore(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("one");
        try (NoveltyDetector d = detector(1)) {
            d.save(dir);
        }
        assertThat(Files.readString(dir.resolve("model.json"))).doesNotContain("stem");
        assertThat(Files.readString(dir.resolve("manifest.json"))).doesNotContain("\"formatVersion\": 4");
    }

    @Test
    void anOldModelJsonWithoutAStemLoadsAsStrideOne(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("old");
        try (NoveltyDetector d = detector(1); ImageSet test = images(30, 3)) {
            ScoreBatch before = d.score(test);
            d.save(dir);
            // model.json exactly as unode wrote it before the stem was a setting
            rewriteModelJson(dir, "{\n  \"backbone\": {\n    \"kind\": \"resnet18\",\n    \"input\": {\n"
                    + "      \"channels\": 3,\n      \"height\": 32,\n      \"width\": 32\n    },\n    \"width\": 8,\n"
                    + "    \"depth\": 0,\n    \"widen\": 0,\n    \"features\": 0\n  },\n  \"headClasses\": 2\n}");
            try (NoveltyDetector again = NoveltyDetector.load(dir)) {
                BackboneSpec spec = again.network().backbone().spec();
                assertThat(spec).isEqualTo(new BackboneSpec.ResNet18(SHAPE, 8));
                assertThat(((BackboneSpec.ResNet18) spec).stem()).isEqualTo(1);
                assertThat(again.score(test).novelty()).containsExactly(before.novelty());
            }
        }
    }

    @Test
    void theStemInModelJsonIsWhatMakesTheScores(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("two");
        try (NoveltyDetector d = detector(2); ImageSet test = images(30, 3)) {
            ScoreBatch before = d.score(test);
            d.save(dir);
            String json = Files.readString(dir.resolve("model.json"));
            // without its stem a stride-2 network's parameters load into the stride-1 network (the same
            // blocks and shapes) and score otherwise: why such a detector is format 4
            rewriteModelJson(dir, json.replaceAll(",\\s*\"stem\": 2", ""));
            try (NoveltyDetector again = NoveltyDetector.load(dir)) {
                assertThat(again.network().backbone().spec()).isEqualTo(new BackboneSpec.ResNet18(SHAPE, 8, 1));
                assertThat(again.score(test).similarity()).isNotEqualTo(before.similarity());
            }
            rewriteModelJson(dir, json.replace("\"stem\": 2", "\"stem\": 3"));
            assertThatThrownBy(() -> NoveltyDetector.load(dir)).isInstanceOf(DetectorFormatException.class)
                    .hasMessageContaining("invalid backbone").hasMessageContaining("1, 2 or 4, got 3");
        }
        Path four = tmp.resolve("four");
        try (NoveltyDetector d = detector(4)) {
            d.save(four);
        }
        // a stride-4 network has one block more (its max-pool): its parameters do not fit the stride-1 one
        rewriteModelJson(four, Files.readString(four.resolve("model.json")).replaceAll(",\\s*\"stem\": 4", ""));
        assertThatThrownBy(() -> NoveltyDetector.load(four)).isInstanceOf(DetectorFormatException.class)
                .hasMessageContaining("does not fit the saved architecture");
    }
}
