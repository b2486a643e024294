package io.github.unode.train;

import io.github.unode.augment.auto.Divergence;
import io.github.unode.core.DataFormatException;
import io.github.unode.data.ImageSet;
import io.github.unode.data.ImageSets;
import io.github.unode.data.Split;
import io.github.unode.score.EmbeddingBank;
import io.github.unode.score.HeadScore;
import io.github.unode.score.NoveltyDetector;
import io.github.unode.score.SavedRecipe;
import io.github.unode.score.ScoreRecipe;
import io.github.unode.score.ScoreSpace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecipeTest {
    /** Every kind of every sealed part at least once, and every optional part set. */
    static List<Recipe> variety() {
        Recipe cpu = Recipe.cpu();
        return List.of(cpu, Recipe.paper(), Recipe.method(),
                cpu.withNetwork(new Network.WideResNet(16, 2)).withBudget(new Budget.Epochs(3, 32)),
                cpu.withNetwork(new Network.Given("torchscript /tmp/x.pt")),
                cpu.withNegatives(new Negatives(true, List.of("rotate", "blur"), 2, NegativeDraw.PER_IMAGE,
                        new Weighting.Fixed(Map.of("rotate", 2.0, "blur", 0.5)))),
                cpu.withNegatives(new Negatives(false, List.of("rotate", "invert"), 1, NegativeDraw.PER_BATCH,
                        Weighting.AutoAugOOD.defaults().withPretrained("/models/r18.pt", 112))),
                cpu.withScore(new ScoreRecipe(ScoreSpace.PROJECTION, HeadScore.PROBABILITY,
                        EmbeddingBank.Precision.FLOAT16, 0.2, 0.01, null)));
    }

    @Test
    void jsonRoundTripGivesAnEqualRecipeAndTheSameText() {
        for (Recipe r : variety()) {
            String json = r.toJson();
            Recipe back = Recipe.fromJson(json);
            assertThat(back).isEqualTo(r);
            assertThat(back.toJson()).isEqualTo(json);
            assertThat(back.fingerprint()).isEqualTo(r.fingerprint());
        }
    }

    @Test
    void theFingerprintIsStableAcrossRunsAndMachines() {
        // the canonical text of the CPU recipe, hashed; a change here changes every checkpoint's run id
        assertThat(Recipe.cpu().fingerprint()).isEqualTo(SavedRecipe.fingerprintOf(Recipe.cpu().toJson()))
                .isEqualTo(CPU_FINGERPRINT);
        assertThat(Recipe.cpu().toJson()).startsWith("{\n  \"format\": \"unode-recipe\",\n  \"version\": 1,\n"
                + "  \"network\": {\n    \"kind\": \"ResNet18\",\n    \"width\": 16\n  },");
    }

    static final String CPU_FINGERPRINT = "fb0b0aa7bd0f37cce48c6e9728f72e0b91d48f693e2629dde57a05d615ad2754";

    @Test
    void everyFieldChangesTheFingerprint() {
        Recipe c = Recipe.cpu();
        Optimiser o = c.optimiser();
        Loss l = c.loss();
        Negatives n = c.negatives();
        ScoreRecipe s = c.score();
        Weighting.AutoAugOOD a = Weighting.AutoAugOOD.defaults();
        List<Recipe> changed = List.of(c,
                c.withNetwork(new Network.ResNet18(17)), c.withBudget(new Budget.Steps(201, 64)),
                c.withBudget(new Budget.Steps(200, 63)), c.withBudget(new Budget.Epochs(200, 64)),
                c.withOptimiser(new Optimiser(0.41f, 10f, 0.1, null, 0.9f, 1e-6f, 1e-3f, false, 0, 0.5)),
                c.withOptimiser(new Optimiser(0.4f, 11f, 0.1, null, 0.9f, 1e-6f, 1e-3f, false, 0, 0.5)),
                c.withOptimiser(new Optimiser(0.4f, 10f, 0.2, null, 0.9f, 1e-6f, 1e-3f, false, 0, 0.5)),
                c.withOptimiser(new Optimiser(0.4f, 10f, 0.1, 10, 0.9f, 1e-6f, 1e-3f, false, 0, 0.5)),
                c.withOptimiser(new Optimiser(0.4f, 10f, 0.1, null, 0.8f, 1e-6f, 1e-3f, false, 0, 0.5)),
                c.withOptimiser(new Optimiser(0.4f, 10f, 0.1, null, 0.9f, 1e-5f, 1e-3f, false, 0, 0.5)),
                c.withOptimiser(new Optimiser(0.4f, 10f, 0.1, null, 0.9f, 1e-6f, 1e-2f, false, 0, 0.5)),
                c.withOptimiser(new Optimiser(0.4f, 10f, 0.1, null, 0.9f, 1e-6f, 1e-3f, true, 0, 0.5)),
                c.withOptimiser(new Optimiser(0.4f, 10f, 0.1, null, 0.9f, 1e-6f, 1e-3f, false, 1, 0.5)),
                c.withOptimiser(new Optimiser(0.4f, 10f, 0.1, null, 0.9f, 1e-6f, 1e-3f, false, 0, 0.6)),
                c.withLoss(new Loss(Losses.ContrastiveForm.PAPER, l.temperature(), 0f, l.crossEntropyReduction(), 1f)),
                c.withLoss(new Loss(l.contrastiveForm(), 0.6f, 0f, l.crossEntropyReduction(), 1f)),
                c.withLoss(new Loss(l.contrastiveForm(), 0.5f, 1f, l.crossEntropyReduction(), 1f)),
                c.withLoss(new Loss(l.contrastiveForm(), 0.5f, 0f, Losses.CrossEntropyReduction.PAPER_SUM, 1f)),
                c.withLoss(new Loss(l.contrastiveForm(), 0.5f, 0f, l.crossEntropyReduction(), 2f)),
                c.withNegatives(new Negatives(false, n.augmentations(), 2, n.draw(), n.weighting())),
                c.withNegatives(new Negatives(true, List.of("rotate"), 1, n.draw(), n.weighting())),
                c.withNegatives(new Negatives(true, n.augmentations(), 3, n.draw(), n.weighting())),
                c.withNegatives(new Negatives(true, n.augmentations(), 2, NegativeDraw.PER_BATCH, n.weighting())),
                c.withNegatives(new Negatives(true, n.augmentations(), 2, n.draw(),
                        new Weighting.Fixed(Map.of("rotate", 1.0)))),
                c.withNegatives(new Negatives(true, n.augmentations(), 2, n.draw(),
                        new Weighting.Fixed(Map.of("rotate", 2.0)))),
                c.withNegatives(new Negatives(true, n.augmentations(), 2, n.draw(), a)),
                c.withNegatives(new Negatives(true, n.augmentations(), 2, n.draw(), a.withTemperature(2))),
                c.withNegatives(new Negatives(true, n.augmentations(), 2, n.draw(),
                        a.withDivergence(Divergence.JENSEN_SHANNON))),
                c.withNegatives(new Negatives(true, n.augmentations(), 2, n.draw(), a.withSeed(2))),
                c.withNegatives(new Negatives(true, n.augmentations(), 2, n.draw(), a.withPretrained("f", 224))),
                c.withScore(new ScoreRecipe(ScoreSpace.PROJECTION, s.head(), s.bankPrecision(), 0.1, 0.05, s.pixelTerm())),
                c.withScore(new ScoreRecipe(s.space(), HeadScore.PROBABILITY, s.bankPrecision(), 0.1, 0.05, s.pixelTerm())),
                c.withScore(new ScoreRecipe(s.space(), s.head(), EmbeddingBank.Precision.FLOAT16, 0.1, 0.05, s.pixelTerm())),
                c.withScore(new ScoreRecipe(s.space(), s.head(), s.bankPrecision(), 0.2, 0.05, s.pixelTerm())),
                c.withScore(new ScoreRecipe(s.space(), s.head(), s.bankPrecision(), 0.1, 0.1, s.pixelTerm())),
                c.withScore(new ScoreRecipe(s.space(), s.head(), s.bankPrecision(), 0.1, 0.05, null)),
                c.withScore(new ScoreRecipe(s.space(), s.head(), s.bankPrecision(), 0.1, 0.05,
                        new ScoreRecipe.PixelTerm(0.5, true, 4))),
                c.withScore(new ScoreRecipe(s.space(), s.head(), s.bankPrecision(), 0.1, 0.05,
                        new ScoreRecipe.PixelTerm(1, false, 4))),
                c.withScore(new ScoreRecipe(s.space(), s.head(), s.bankPrecision(), 0.1, 0.05,
                        new ScoreRecipe.PixelTerm(1, true, 1))),
                c.withSeed(2));
        Set<String> prints = new HashSet<>();
        for (Recipe r : changed) {
            prints.add(r.fingerprint());
        }
        assertThat(prints).hasSize(changed.size());
    }

    @Test
    void theNamedRecipesAreTheBuildersAndTheCommandLines() {
        assertThat(UnodeTrainer.builder().recipe()).isEqualTo(Recipe.method());
        assertThat(UnodeTrainer.paperMethod().recipe()).isEqualTo(Recipe.paper());
        for (Recipe r : variety()) {
            if (!(r.network() instanceof Network.Given) && !(r.negatives().weighting() instanceof Weighting.AutoAugOOD a
                    && a.pretrained() != null)) {
                assertThat(UnodeTrainer.from(r).recipe()).isEqualTo(r);
            }
        }
        assertThat(Recipe.named("cpu")).isEqualTo(Recipe.cpu());
        assertThatThrownBy(() -> Recipe.named("gpu")).hasMessageContaining("known: cpu, paper, method");
    }

    /**
     * Each setter of the builder changes its part of the recipe and nothing else: the builder holds
     * a recipe, so a setting lives in one place and the builder cannot drift from it.
     */
    @Test
    void eachBuilderSetterChangesOnlyItsPartOfTheRecipe() {
        Recipe m = Recipe.method();
        Optimiser o = m.optimiser();
        Map<Recipe, Recipe> cases = new java.util.LinkedHashMap<>();
        cases.put(UnodeTrainer.builder().learningRate(0.3f).recipe(), m.withOptimiser(
                new Optimiser(0.3f, 10f, 0.1, null, 0.9f, 1e-6f, 1e-3f, false, 0, 0.5)));
        cases.put(UnodeTrainer.builder().warmupSteps(7).momentum(0.8f).weightDecay(0f).trustCoefficient(0.01f)
                .peakMultiplier(2f).larsExcludeBiasAndNorm(true).freezeEarlyLayers(2, 0.25).recipe(),
                m.withOptimiser(new Optimiser(0.1f, 2f, 0.1, 7, 0.8f, 0f, 0.01f, true, 2, 0.25)));
        cases.put(UnodeTrainer.builder().warmupSteps(7).warmupFraction(0.2).recipe(),
                m.withOptimiser(o.withWarmupFraction(0.2)));
        cases.put(UnodeTrainer.builder().temperature(0.2f).contrastiveWeight(0f).crossEntropyReduction(
                Losses.CrossEntropyReduction.PAPER_SUM).contrastiveForm(Losses.ContrastiveForm.PAPER).recipe(),
                m.withLoss(new Loss(Losses.ContrastiveForm.PAPER, 0.2f, 0f, Losses.CrossEntropyReduction.PAPER_SUM, 1f)));
        cases.put(UnodeTrainer.builder().batchSize(8).epochs(3).recipe(), m.withBudget(new Budget.Epochs(3, 8)));
        // steps replace the epochs, and steps(0) returns to the epochs given before
        cases.put(UnodeTrainer.builder().epochs(3).steps(50).batchSize(8).recipe(), m.withBudget(new Budget.Steps(50, 8)));
        cases.put(UnodeTrainer.builder().epochs(3).steps(50).epochs(4).steps(0).recipe(),
                m.withBudget(new Budget.Epochs(4, 64)));
        cases.put(UnodeTrainer.builder().maxCompositions(3).negativeDraw(NegativeDraw.PER_IMAGE).negatives(false)
                .recipe(), m.withNegatives(new Negatives(false, m.negatives().augmentations(), 3,
                NegativeDraw.PER_IMAGE, new Weighting.Uniform())));
        cases.put(UnodeTrainer.builder().augmentations(io.github.unode.augment.AugmentationPool.standard()
                .only("rotate", "noise")).augmentationWeights(Map.of("noise", 2.0)).recipe(),
                m.withNegatives(new Negatives(true, List.of("rotate", "noise"), 2, NegativeDraw.INDEPENDENT,
                        new Weighting.Fixed(Map.of("noise", 2.0)))));
        // a pixel setting given while the term is off waits for it; one given while it is on goes straight in
        cases.put(UnodeTrainer.builder().pixelWeight(2).pixelBlur(0).pixelTerm(true).pixelCentre(false).recipe(),
                m.withScore(m.score().withPixelTerm(new ScoreRecipe.PixelTerm(0, false, 2))));
        cases.put(UnodeTrainer.builder().pixelWeight(2).recipe(), m);
        cases.put(UnodeTrainer.from(Recipe.cpu()).pixelTerm(false).pixelTerm(true).recipe(), Recipe.cpu());
        cases.put(UnodeTrainer.builder().scoreSpace(ScoreSpace.PROJECTION).headScore(HeadScore.PROBABILITY)
                .targetFpr(0.1).holdOutFraction(0.2).bankPrecision(EmbeddingBank.Precision.FLOAT16).recipe(),
                m.withScore(new ScoreRecipe(ScoreSpace.PROJECTION, HeadScore.PROBABILITY,
                        EmbeddingBank.Precision.FLOAT16, 0.2, 0.1, null)));
        cases.put(UnodeTrainer.builder().seed(5).recipe(), m.withSeed(5));
        cases.forEach((got, want) -> assertThat(got).isEqualTo(want));
        // a bad value is refused by the setter, with the part's message
        assertThatThrownBy(() -> UnodeTrainer.builder().holdOutFraction(0.5))
                .hasMessage("hold-out fraction must lie in (0, 0.5), got 0.5");
        assertThatThrownBy(() -> UnodeTrainer.builder().momentum(1f)).hasMessage("momentum must lie in [0, 1), got 1.0");
        assertThatThrownBy(() -> UnodeTrainer.builder().epochs(0)).hasMessage("epochs must be at least 1, got 0");
        assertThatThrownBy(() -> UnodeTrainer.builder().steps(20).epochs(0))
                .hasMessage("epochs must be at least 1, got 0");
        assertThatThrownBy(() -> UnodeTrainer.builder().augmentationWeights(Map.of("nothing", 1.0)))
                .hasMessageContaining("'nothing', which is not among the augmentations");
    }

    @Test
    void aRecipeOfAnotherVersionOrWithAWrongKeyIsRefusedNamingIt() {
        String json = Recipe.cpu().toJson();
        assertThatThrownBy(() -> Recipe.fromJson(json.replace("\"version\": 1", "\"version\": 2")))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("version 2")
                .hasMessageContaining("reads versions up to 1");
        assertThatThrownBy(() -> Recipe.fromJson(json.replace("\"format\": \"unode-recipe\"", "\"format\": \"x\"")))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("not a unode recipe");
        assertThatThrownBy(() -> Recipe.fromJson(json.replace("\"learningRate\"", "\"learnigRate\"")))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("recipe.optimiser")
                .hasMessageContaining("unknown key 'learnigRate'");
        assertThatThrownBy(() -> Recipe.fromJson(json.replace("\"learningRate\": 0.4,", "")))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("recipe.optimiser lacks 'learningRate'");
        assertThatThrownBy(() -> Recipe.fromJson(json.replace("\"learningRate\": 0.4", "\"learningRate\": -1")))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("learning rate must be positive, got -1");
        assertThatThrownBy(() -> Recipe.fromJson(json.replace("\"kind\": \"Steps\"", "\"kind\": \"Hours\"")))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("recipe.budget.kind must be one of [Epochs, Steps]");
        assertThatThrownBy(() -> Recipe.fromJson(json.replace("\"space\": \"FEATURES\"", "\"space\": \"PIXELS\"")))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("recipe.score.space must be one of");
        assertThatThrownBy(() -> Recipe.fromJson("[1]")).isInstanceOf(DataFormatException.class);
        assertThatThrownBy(() -> UnodeTrainer.from(Recipe.cpu().withNetwork(new Network.Given("x"))).build())
                .hasMessageContaining("give it again with backbone(...)");
        assertThatThrownBy(() -> UnodeTrainer.from(Recipe.cpu().withNegatives(new Negatives(true,
                List.of("rotate", "warp"), 1, NegativeDraw.INDEPENDENT, new Weighting.Uniform()))))
                .hasMessageContaining("no augmentation named 'warp'");
    }

    @Test
    void aFileWrittenReadsBackEqual(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("recipe.json");
        Recipe.paper().write(f);
        assertThat(Recipe.read(f)).isEqualTo(Recipe.paper());
        Files.writeString(f, "{");
        assertThatThrownBy(() -> Recipe.read(f)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("not valid JSON");
    }

    /**
     * A saved detector's recipe loads, and trains again to the same detector (bitwise scores);
     * the checkpoint and AutoAugOOD paths are covered by CheckpointResumeTest.
     */
    @Test
    void aSavedDetectorsRecipeTrainsTheSameDetectorAgain(@TempDir Path dir) throws Exception {
        Recipe tiny = Recipe.cpu().withNetwork(new Network.ResNet18(8)).withBudget(new Budget.Steps(3, 24));
        try (ImageSet all = ImageSets.bundledFashionMnist(Split.TRAIN); ImageSet inliers = all.onlyLabel(8).first(60);
                ImageSet test = ImageSets.bundledFashionMnist(Split.TEST).first(100)) {
            float[] first;
            try (NoveltyDetector d = UnodeTrainer.from(tiny).build().fit(inliers)) {
                first = d.score(test).novelty();
                assertThat(Recipe.of(d)).contains(tiny);
                d.save(dir.resolve("d"));
            }
            Recipe loaded;
            try (NoveltyDetector d = NoveltyDetector.load(dir.resolve("d"))) {
                assertThat(d.recipe().orElseThrow().fingerprint()).isEqualTo(tiny.fingerprint());
                assertThat(d.recipe().orElseThrow().score()).isEqualTo(tiny.score());
                loaded = Recipe.of(d).orElseThrow();
                assertThat(d.score(test).novelty()).containsExactly(first);
            }
            try (NoveltyDetector again = UnodeTrainer.from(loaded).build().fit(inliers)) {
                assertThat(again.score(test).novelty()).containsExactly(first);
            }
            // the same recipe through the fluent builder: the same detector
            try (NoveltyDetector fluent = UnodeTrainer.builder().backbone(io.github.unode.model.Backbone.resNet18(
                    inliers.shape(), 0.125)).steps(3).batchSize(24).learningRate(0.4f).contrastiveWeight(0)
                    .pixelTerm(true).seed(1).build().fit(inliers)) {
                assertThat(Recipe.of(fluent)).contains(tiny);
                assertThat(fluent.score(test).novelty()).containsExactly(first);
            }
        }
    }

    @Test
    void aDownsamplingStemIsWrittenOnlyWhenThereIsOneAndOldRecipesReadAsStrideOne() {
        Recipe cpu = Recipe.cpu();
        assertThat(((Network.ResNet18) cpu.network()).stem()).isEqualTo(1);
        assertThat(cpu.toJson()).doesNotContain("stem");
        Recipe four = cpu.withNetwork(new Network.ResNet18(16, 4));
        assertThat(four.toJson()).contains("\"network\": {\n    \"kind\": \"ResNet18\",\n    \"width\": 16,\n"
                + "    \"stem\": 4\n  },");
        assertThat(Recipe.fromJson(four.toJson())).isEqualTo(four);
        assertThat(four.fingerprint()).isNotEqualTo(cpu.fingerprint())
                .isNotEqualTo(cpu.withNetwork(new Network.ResNet18(16, 2)).fingerprint());
        // a recipe written before the stem was a setting: the CIFAR stem
        String old = cpu.toJson();
        assertThat(Recipe.fromJson(old).network()).isEqualTo(new Network.ResNet18(16, 1));
        assertThatThrownBy(() -> Recipe.fromJson(four.toJson().replace("\"stem\": 4", "\"stem\": 3")))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("recipe.network")
                .hasMessageContaining("1, 2 or 4, got 3");
        assertThatThrownBy(() -> new Network.ResNet18(16, 0)).isInstanceOf(IllegalArgumentException.class);
        // the network it builds, and what a recipe records of a backbone given in code
        io.github.unode.model.Backbone b = new Network.ResNet18(16, 4).forShape(io.github.unode.core.ImageShape.rgb(64));
        assertThat(b.spec()).isEqualTo(new io.github.unode.model.BackboneSpec.ResNet18(
                io.github.unode.core.ImageShape.rgb(64), 16, 4));
        assertThat(Network.of(b.spec())).isEqualTo(new Network.ResNet18(16, 4));
        assertThatThrownBy(() -> new Network.ResNet18(16, 4).forShape(io.github.unode.core.ImageShape.grey(28)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 29x29");
    }

    /** The loss's settings are refused alike, with the same message, by the recipe and at once by the builder. */
    @Test
    void theRecipeAndTheBuilderRefuseTheSameBadLoss() {
        float[][] bad = {{0, 1, 1}, {Float.NaN, 1, 1}, {0.5f, -1, 1}, {0.5f, 1, Float.POSITIVE_INFINITY}, {0.5f, 0, 0}};
        String[] says = {"temperature must be positive, got 0.0", "temperature must be positive, got NaN",
            "contrastive weight must be non-negative, got -1.0", "cross-entropy weight must be non-negative, got Infinity",
            "the contrastive and cross-entropy weights cannot both be 0: nothing would be learned"};
        for (int i = 0; i < bad.length; i++) {
            float t = bad[i][0];
            float con = bad[i][1];
            float ce = bad[i][2];
            assertThatThrownBy(() -> new Loss(Losses.ContrastiveForm.ALL_ANCHORS, t, con,
                    Losses.CrossEntropyReduction.MEAN, ce)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(says[i]);
            assertThatThrownBy(() -> UnodeTrainer.builder().temperature(t).contrastiveWeight(con).crossEntropyWeight(ce))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage(says[i]);
        }
    }
}
