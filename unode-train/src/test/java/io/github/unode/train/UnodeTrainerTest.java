package io.github.unode.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unode.augment.AugmentationPool;
import io.github.unode.core.EmptyDataException;
import io.github.unode.core.ImageShape;
import io.github.unode.core.ImageShapeException;
import io.github.unode.core.RandomSource;
import io.github.unode.data.ImageSet;
import io.github.unode.data.ImageSets;
import io.github.unode.data.Split;
import io.github.unode.model.Backbone;
import io.github.unode.score.NoveltyDetector;
import io.github.unode.score.ScoreBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.github.unode.augment.auto.AugmentationReport;
import io.github.unode.augment.auto.AutoAugOOD;
import io.github.unode.augment.auto.TSne1D;
import java.nio.file.Path;

class UnodeTrainerTest {
    private static ImageSet train;
    private static ImageSet test;

    @BeforeAll
    static void load() throws Exception {
        train = ImageSets.bundledFashionMnist(Split.TRAIN);
        test = ImageSets.bundledFashionMnist(Split.TEST).first(600);
    }

    @AfterAll
    static void release() {
        train.close();
        test.close();
    }

    private static TrainerBuilder small(ImageShape shape) {
        return UnodeTrainer.builder().backbone(Backbone.resNet18(shape, 0.125)).batchSize(32).epochs(1).seed(3);
    }

    /**
     * Bit-identity holds within one JVM (one thread count) with correct, deterministic kernels:
     * the suite's ONEDNN_MAX_CPU_ISA=AVX2 (pom.xml). Without it, on a CPU with AVX-512, libtorch
     * 2.7.1's kernels for these 8-channel convolutions are wrong and vary from run to run, and
     * the trainer refuses them (EngineGuardTest).
     */
    @Test
    void sameSeedGivesBitIdenticalScores() {
        assertThat(System.getenv("ONEDNN_MAX_CPU_ISA")).as("the suite caps oneDNN (pom.xml)").isNotBlank();
        try (ImageSet inliers = train.onlyLabel(7).first(100)) {
            float[] a;
            float[] b;
            try (NoveltyDetector d = small(inliers.shape()).build().fit(inliers)) {
                a = d.score(test).novelty();
            }
            try (NoveltyDetector d = small(inliers.shape()).build().fit(inliers)) {
                b = d.score(test).novelty();
            }
            assertThat(b).containsExactly(a);
            try (NoveltyDetector d = small(inliers.shape()).seed(4).build().fit(inliers)) {
                assertThat(d.score(test).novelty()).isNotEqualTo(a);
            }
        }
    }

    @Test
    void listenersSeeEveryEpochAndTheProvenanceRecordsTheRun() {
        List<EpochStats> epochs = new ArrayList<>();
        List<TrainingPlan> plans = new ArrayList<>();
        try (ImageSet inliers = train.onlyLabel(1).first(100);
                NoveltyDetector d = small(inliers.shape()).epochs(2)
                        .augmentations(AugmentationPool.standard().only("rotate", "invert"))
                        .augmentationWeights(Map.of("rotate", 3.0, "invert", 1.0))
                        .listener(new TrainingListener() {
                            @Override
                            public void onStart(TrainingPlan plan) {
                                plans.add(plan);
                            }

                            @Override
                            public void onEpoch(EpochStats stats) {
                                epochs.add(stats);
                            }
                        }).build().fit(inliers)) {
            assertThat(plans).singleElement().satisfies(p -> {
                assertThat(p.trainImages()).isEqualTo(90);
                assertThat(p.heldOutImages()).isEqualTo(10);
                assertThat(p.stepsPerEpoch()).isEqualTo(2);
            });
            assertThat(epochs).hasSize(2);
            for (EpochStats e : epochs) {
                assertThat(e.loss()).isFinite().isCloseTo(e.contrastiveLoss() + e.crossEntropyLoss(),
                        org.assertj.core.api.Assertions.within(1e-4));
                assertThat(e.headAccuracy()).isBetween(0.0, 1.0);
                assertThat(e.imagesPerSecond()).isPositive();
            }
            // 4 steps, no warm-up step (10% of 4 rounds down), peak 1.0: the last of the cosine steps
            assertThat(epochs.get(1).learningRate()).isCloseTo(0.5 * (1 + Math.cos(Math.PI * 3 / 4)),
                    org.assertj.core.api.Assertions.within(1e-6));
            assertThat(d.provenance().dataFingerprint()).isEqualTo(inliers.fingerprint());
            assertThat(d.provenance().inlierCount()).isEqualTo(100);
            assertThat(d.configuration()).containsEntry("epochs", "2").containsEntry("seed", "3");
            assertThat(d.configuration().get("augmentations")).contains("rotate 0.750").contains("invert 0.250");
            assertThat(d.scorer().heldOutNovelty()).hasSize(10);
        }
    }

    @Test
    void theLossWeightsSetTheMixOfTheTwoObjectives() {
        // Table 5 of the paper: contrastive only, cross-entropy only, both
        float[][] weights = {{2f, 0.5f}, {0f, 1f}, {1f, 0f}};
        try (ImageSet inliers = train.onlyLabel(1).first(100)) {
            for (float[] w : weights) {
                List<EpochStats> epochs = new ArrayList<>();
                try (NoveltyDetector d = small(inliers.shape()).contrastiveWeight(w[0]).crossEntropyWeight(w[1])
                        .listener(new TrainingListener() {
                            @Override
                            public void onEpoch(EpochStats stats) {
                                epochs.add(stats);
                            }
                        }).build().fit(inliers)) {
                    EpochStats e = epochs.get(0);
                    assertThat(e.contrastiveLoss()).isPositive();
                    assertThat(e.crossEntropyLoss()).isPositive();
                    assertThat(e.loss()).as("loss with weights %s", java.util.Arrays.toString(w))
                            .isCloseTo(w[0] * e.contrastiveLoss() + w[1] * e.crossEntropyLoss(),
                                    org.assertj.core.api.Assertions.within(1e-4));
                    assertThat(d.configuration()).containsEntry("contrastiveWeight", Float.toString(w[0]))
                            .containsEntry("crossEntropyWeight", Float.toString(w[1]));
                }
            }
        }
        assertThatThrownBy(() -> UnodeTrainer.builder().contrastiveWeight(0).crossEntropyWeight(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both be 0");
        assertThatThrownBy(() -> UnodeTrainer.builder().contrastiveWeight(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("contrastive weight");
    }

    @Test
    void thePixelWeightScalesOnlyThePixelTermsBalance() {
        try (ImageSet inliers = train.onlyLabel(7).first(60);
                NoveltyDetector one = small(inliers.shape()).pixelTerm(true).pixelWeight(1).build().fit(inliers);
                NoveltyDetector four = small(inliers.shape()).pixelTerm(true).build().fit(inliers)) {
            // the default weight is 4: the same training (same seed), four times the pixel balance
            assertThat(four.configuration()).containsEntry("pixelWeight", "4.0");
            assertThat(one.configuration()).containsEntry("pixelWeight", "1.0");
            assertThat(four.scorer().lambda()).isEqualTo(one.scorer().lambda());
            assertThat(one.scorer().mu()).isPositive();
            assertThat(four.scorer().mu()).isCloseTo(4 * one.scorer().mu(),
                    org.assertj.core.api.Assertions.within(1e-9 * one.scorer().mu()));
            ScoreBatch a = one.score(test);
            ScoreBatch b = four.score(test);
            assertThat(b.pixelSimilarity()).containsExactly(a.pixelSimilarity());
            for (int i = 0; i < test.size(); i++) {
                double expected = -(b.similarity()[i] + b.lambda() * b.binaryLogOdds()[i] + b.mu() * b.pixelSimilarity()[i]);
                assertThat((double) b.novelty()[i]).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-4));
            }
        }
        assertThatThrownBy(() -> UnodeTrainer.builder().pixelWeight(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pixel term's weight");
        assertThatThrownBy(() -> UnodeTrainer.builder().pixelWeight(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
    }

    @Test
    void aStepBudgetSetsTheEpochsForTheInliersGiven() {
        UnodeTrainer t = UnodeTrainer.builder().batchSize(64).steps(200).build();
        assertThat(t.epochsFor(5400)).isEqualTo(2); // 84 steps per epoch: round(2.38)
        assertThat(t.epochsFor(900)).isEqualTo(14); // 14 steps per epoch: round(14.3)
        assertThat(t.epochsFor(30)).isEqualTo(200); // one step per epoch
        assertThat(UnodeTrainer.builder().epochs(7).build().epochsFor(5400)).isEqualTo(7);
        assertThatThrownBy(() -> UnodeTrainer.builder().steps(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("steps");
        List<TrainingPlan> plans = new ArrayList<>();
        try (ImageSet inliers = train.onlyLabel(1).first(100);
                NoveltyDetector d = small(inliers.shape()).steps(6).listener(new TrainingListener() {
                    @Override
                    public void onStart(TrainingPlan plan) {
                        plans.add(plan);
                    }
                }).build().fit(inliers)) {
            // 90 training inliers in batches of 32: 2 steps per epoch, so 3 epochs make 6 steps
            assertThat(plans).singleElement().satisfies(p -> {
                assertThat(p.epochs()).isEqualTo(3);
                assertThat(p.stepsPerEpoch()).isEqualTo(2);
            });
            assertThat(d.configuration()).containsEntry("steps", "6").containsEntry("epochs", "3");
        }
    }

    @Test
    void trainingBeatsChanceOnARealOneClassTask() {
        // trousers (class 1) against the other nine classes, a short run on a small network
        try (ImageSet inliers = train.onlyLabel(1).first(300);
                NoveltyDetector d = small(inliers.shape()).epochs(3).build().fit(inliers)) {
            ScoreBatch s = d.score(test);
            double auroc = auroc(s.novelty(), test);
            assertThat(auroc).isGreaterThan(0.85);
        }
    }

    /** AUROC by pair counting (independent of the eval module). */
    private static double auroc(float[] score, ImageSet set) {
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < score.length; i++) {
            if (set.label(i) == 1) {
                continue;
            }
            for (int j = 0; j < score.length; j++) {
                if (set.label(j) != 1) {
                    continue;
                }
                wins += score[i] > score[j] ? 1 : score[i] == score[j] ? 0.5 : 0;
                pairs++;
            }
        }
        return wins / pairs;
    }

    @Test
    void autoAugOODWeighsWithTheWarmedUpEncoderAndTheReportTravelsWithTheDetector(@TempDir Path tmp) throws Exception {
        List<String> phases = new ArrayList<>();
        try (ImageSet inliers = train.onlyLabel(8).first(120);
                NoveltyDetector d = small(inliers.shape()).warmupEpochs(1)
                        .autoAugOOD(AutoAugOOD.builder().maxImages(100).cacheDirectory(tmp)
                                .tsne(TSne1D.Options.defaults().withIterations(100, 100)).build())
                        .listener(new TrainingListener() {
                            @Override
                            public void onPhase(String description) {
                                phases.add(description);
                            }
                        }).build().fit(inliers)) {
            AugmentationReport r = AugmentationReport.fromJson(d.augmentationReport().orElseThrow());
            assertThat(r.entries()).hasSize(10);
            assertThat(r.images()).isEqualTo(100);
            assertThat(r.featureSource()).contains("warm-up");
            assertThat(r.weights().values().stream().mapToDouble(Double::doubleValue).sum())
                    .isCloseTo(1, org.assertj.core.api.Assertions.within(1e-9));
            assertThat(d.provenance().extra().get("augmentationWeights")).startsWith("AutoAugOOD");
            String invert = String.format(java.util.Locale.ROOT, "invert %.3f", r.weights().get("invert"));
            assertThat(d.configuration().get("augmentations")).contains(invert);
            assertThat(phases).anyMatch(p -> p.startsWith("self-supervised warm-up"))
                    .anyMatch(p -> p.startsWith("AutoAugOOD weights"));
        }
    }

    @Test
    void aPretrainedEncoderIsFineTunedWithItsEarliestLayersFrozen(@TempDir Path tmp) throws Exception {
        Path pt = io.github.unode.testing.Fixtures.tinyCnn(tmp);
        List<float[]> original = new ArrayList<>();
        try (ai.djl.Model ref = ai.djl.Model.newInstance("ref")) {
            ref.load(pt);
            ref.getBlock().getParameters().forEach(p -> original.add(p.getValue().getArray().toFloatArray()));
        }
        try (ImageSet inliers = train.onlyLabel(5).first(100);
                NoveltyDetector d = UnodeTrainer.builder()
                        .backbone(Backbone.torchScript(pt, inliers.shape(),
                                io.github.unode.model.Preprocessing.none(ImageShape.rgb(32))))
                        .batchSize(30).epochs(1).seed(1).freezeEarlyLayers(1, 0.5).build().fit(inliers)) {
            List<float[]> tuned = new ArrayList<>();
            d.network().encoder().getParameters().forEach(p -> tuned.add(p.getValue().getArray().toFloatArray()));
            assertThat(tuned).hasSameSizeAs(original);
            int trainable = 0;
            for (var p : d.network().encoder().getParameters()) {
                trainable += p.getValue().requiresGradient() ? 1 : 0;
            }
            int frozen = (int) Math.ceil(0.5 * trainable);
            int changed = 0;
            for (int i = 0; i < tuned.size(); i++) {
                boolean same = java.util.Arrays.equals(tuned.get(i), original.get(i));
                if (i < frozen) {
                    assertThat(same).as("early parameter %d stays frozen", i).isTrue();
                } else if (!same) {
                    changed++;
                }
            }
            assertThat(changed).as("later parameters are fine-tuned").isPositive();
        }
    }

    @Test
    void labeledTrainingUsesAKPlusOneHead(@TempDir Path tmp) throws Exception {
        // open set: sandals, sneakers and ankle boots are the inliers, with their labels
        try (ImageSet inliers = train.onlyLabel(5, 7, 9).first(300);
                NoveltyDetector d = small(inliers.shape()).epochs(2).build().fitLabeled(inliers)) {
            assertThat(d.network().headClasses()).isEqualTo(4);
            ScoreBatch s = d.score(test);
            double wins = 0;
            long pairs = 0;
            for (int i = 0; i < s.size(); i++) {
                boolean iNovel = !java.util.Set.of(5, 7, 9).contains(test.label(i));
                for (int j = 0; j < s.size(); j++) {
                    boolean jNovel = !java.util.Set.of(5, 7, 9).contains(test.label(j));
                    if (iNovel && !jNovel) {
                        wins += s.novelty()[i] > s.novelty()[j] ? 1 : s.novelty()[i] == s.novelty()[j] ? 0.5 : 0;
                        pairs++;
                    }
                }
            }
            assertThat(wins / pairs).as("open-set AUROC").isGreaterThan(0.8);
            d.save(tmp.resolve("labeled"));
            try (NoveltyDetector again = NoveltyDetector.load(tmp.resolve("labeled"))) {
                assertThat(again.network().headClasses()).isEqualTo(4);
                assertThat(again.score(test).novelty()).containsExactly(s.novelty());
            }
        }
        try (ImageSet unlabelled = ImageSet.fromPixels(new float[30 * 784], ImageShape.grey(28), null, "none")) {
            assertThatThrownBy(() -> small(unlabelled.shape()).build().fitLabeled(unlabelled))
                    .isInstanceOf(io.github.unode.core.LabelMismatchException.class).hasMessageContaining("no labels");
        }
    }

    @Test
    void aDivergingRunFailsLoudlyInsteadOfReturningADetector() {
        // a learning rate of 1e20 blows the weights up within the first steps: whichever check
        // sees it first (loss, gradient, weights after the epoch, calibration), no detector comes back
        try (ImageSet inliers = train.onlyLabel(2).first(64)) {
            assertThatThrownBy(() -> small(inliers.shape()).learningRate(1e20f).epochs(2).build().fit(inliers).close())
                    .isInstanceOf(io.github.unode.core.NotFiniteException.class)
                    .hasMessageMatching("(?s).*(loss is|gradient of|weights of|not finite).*");
        }
    }

    @Test
    void aThresholdOnTooFewHeldOutInliersIsWarnedOnceWithWhatItCanPromise() {
        List<String> warnings = new ArrayList<>();
        TrainingListener collect = new TrainingListener() {
            @Override
            public void onWarning(String message) {
                warnings.add(message);
            }
        };
        try (ImageSet inliers = train.onlyLabel(3).first(60);
                NoveltyDetector d = small(inliers.shape()).listener(collect).build().fit(inliers)) {
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0)).contains("only 6 held-out inliers", "5% false positives", "90% interval");
            assertThat(d.provenance().extra()).containsKey("thresholdFprInterval90");
        }
        // (no warning for 100 held-out inliers: NoveltyScorerTest)
    }

    @Test
    void tooFewOrWrongShapedInliersAreRefused() {
        try (ImageSet five = ImageSet.fromPixels(new RandomSource(1).uniforms(5 * 784), ImageShape.grey(28), null, "five")) {
            assertThatThrownBy(() -> small(five.shape()).build().fit(five))
                    .isInstanceOf(EmptyDataException.class).hasMessageContaining("at least 20").hasMessageContaining("5");
            assertThatThrownBy(() -> small(ImageShape.rgb(32)).build().fit(five))
                    .isInstanceOf(ImageShapeException.class).hasMessageContaining("3x32x32")
                    .hasMessageContaining("give 3-channel images").hasMessageNotContaining("scoring");
        }
        try (ImageSet empty = ImageSet.fromPixels(new float[0], ImageShape.grey(28), null, "empty")) {
            assertThatThrownBy(() -> small(empty.shape()).build().fit(empty))
                    .isInstanceOf(EmptyDataException.class).hasMessageContaining("got 0");
        }
    }

    @Test
    void invalidSettingsAreRefusedAtBuildTime() {
        assertThatThrownBy(() -> UnodeTrainer.builder().epochs(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("epochs");
        assertThatThrownBy(() -> UnodeTrainer.builder().temperature(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("temperature");
        assertThatThrownBy(() -> UnodeTrainer.builder().augmentationWeights(Map.of("spin", 1.0)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spin");
        assertThatThrownBy(() -> UnodeTrainer.builder().targetFpr(1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("false-positive");
        assertThat(UnodeTrainer.headLabels(2)).containsExactly(1, 1, 0, 0, 1, 1, 0, 0);
    }
}
