package io.github.unode.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unode.augment.AugmentationPool;
import io.github.unode.augment.auto.AutoAugOOD;
import io.github.unode.augment.auto.Divergence;
import io.github.unode.augment.auto.TSne1D;
import io.github.unode.data.ImageSet;
import io.github.unode.model.Backbone;
import io.github.unode.score.HeadScore;
import io.github.unode.score.NoveltyDetector;
import io.github.unode.score.ScoreBatch;
import io.github.unode.score.ScoreSpace;
import io.github.unode.testing.TestImages;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The paper's configuration: what it sets, and that it trains, scores and saves. */
class PaperMethodTest {

    @Test
    void thePaperMethodSetsTheFormsThePaperPrints() {
        Recipe c = UnodeTrainer.paperMethod().build().recipe();
        assertThat(c.loss().contrastiveForm()).isEqualTo(Losses.ContrastiveForm.PAPER);
        assertThat(c.loss().temperature()).isEqualTo(1f);
        assertThat(c.loss().crossEntropyReduction()).isEqualTo(Losses.CrossEntropyReduction.PAPER_SUM);
        assertThat(c.negatives().draw()).isEqualTo(NegativeDraw.PER_BATCH);
        assertThat(c.negatives().maxCompositions()).isEqualTo(AugmentationPool.standard().size());
        assertThat(c.score().space()).isEqualTo(ScoreSpace.PROJECTION);
        assertThat(c.optimiser().learningRate()).isEqualTo(0.1f);
        assertThat(c.budget()).isEqualTo(new Budget.Epochs(1000, 64));
        assertThat(c.optimiser().warmupStepsOf(5000)).isEqualTo(10);
        assertThat(c.optimiser().warmupStepsOf(4)).isEqualTo(3); // capped below a phase's length
    }

    @Test
    void warmUpInStepsOrAsAFractionWhicheverWasGivenLast() {
        assertThat(UnodeTrainer.builder().warmupSteps(7).recipe().optimiser().warmupStepsOf(1000)).isEqualTo(7);
        assertThat(UnodeTrainer.builder().warmupSteps(7).warmupFraction(0.2).recipe().optimiser().warmupStepsOf(1000))
                .isEqualTo(200);
        assertThat(UnodeTrainer.builder().recipe().optimiser().warmupStepsOf(1000)).isEqualTo(100);
        assertThatThrownBy(() -> UnodeTrainer.builder().warmupSteps(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("warm-up");
    }

    @Test
    void thePaperMethodTrainsScoresAndSavesWithItsScore(@TempDir Path tmp) throws Exception {
        try (ImageSet inliers = TestImages.fashion(1, 40, 3, 32); ImageSet test = TestImages.fashion(9, 6, 3, 32);
                NoveltyDetector d = UnodeTrainer.paperMethod().backbone(Backbone.resNet18(inliers.shape(), 0.125))
                        .batchSize(8).steps(4).warmupEpochs(1).seed(3).larsExcludeBiasAndNorm(true)
                        .autoAugOOD(AutoAugOOD.builder().maxImages(36).seed(3).divergence(Divergence.SYMMETRIC_KL)
                                .cacheDirectory(null).tsne(TSne1D.Options.defaults().withIterations(100, 100)).build())
                        .build().fit(inliers)) {
            assertThat(d.scorer().space()).isEqualTo(ScoreSpace.PROJECTION);
            assertThat(d.scorer().head()).isEqualTo(HeadScore.PROBABILITY);
            assertThat(d.scorer().pixels()).isEmpty();
            assertThat(d.configuration()).containsEntry("contrastiveForm", "PAPER")
                    .containsEntry("negativeDraw", "PER_BATCH").containsEntry("crossEntropyReduction", "PAPER_SUM")
                    .containsEntry("headScore", "PROBABILITY").containsEntry("warmupSteps", "10")
                    .containsEntry("larsExcludeBiasAndNorm", "true");
            assertThat(d.augmentationReport()).isPresent();
            ScoreBatch s = d.score(test);
            for (float p : s.binaryLogOdds()) {
                assertThat(p).isBetween(0f, 1f);
            }
            d.save(tmp.resolve("paper"));
            try (NoveltyDetector again = NoveltyDetector.load(tmp.resolve("paper"))) {
                assertThat(again.score(test).novelty()).containsExactly(s.novelty());
            }
        }
    }

    @Test
    void biasesAndBatchNormParametersAreWhatSimClrsLarsExcludes() {
        io.github.unode.model.UnodeModel net = new io.github.unode.model.UnodeModel(
                Backbone.resNet18(io.github.unode.core.ImageShape.grey(16), 0.125));
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            net.initialize(m, 1);
            java.util.Set<String> ids = EpochLoop.biasAndNormParameters(net);
            int weights = 0;
            for (ai.djl.util.Pair<String, ai.djl.nn.Parameter> p : net.getParameters()) {
                boolean one = p.getValue().getArray().getShape().dimension() == 1;
                boolean stat = p.getValue().getType() == ai.djl.nn.Parameter.Type.RUNNING_MEAN
                        || p.getValue().getType() == ai.djl.nn.Parameter.Type.RUNNING_VAR;
                // every 1-D trainable tensor (biases, batch-norm scale and shift) and nothing else
                assertThat(ids.contains(p.getValue().getId())).as(p.getKey()).isEqualTo(one && !stat);
                weights += one ? 0 : 1;
            }
            assertThat(ids).isNotEmpty();
            assertThat(weights).isPositive();
        }
    }

    @Test
    void withoutNegativesTheHeadIsLeftAsInitialisedAndOnlyTheEncoderLearns() throws Exception {
        io.github.unode.core.ImageShape shape = io.github.unode.core.ImageShape.grey(32);
        try (ImageSet inliers = TestImages.fashion(1, 40, 1, 32);
                NoveltyDetector d = UnodeTrainer.builder().backbone(Backbone.resNet18(shape, 0.125)).batchSize(8)
                        .steps(4).seed(3).learningRate(0.4f).weightDecay(0).negatives(false).build().fit(inliers);
                ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            io.github.unode.model.UnodeModel fresh = new io.github.unode.model.UnodeModel(Backbone.resNet18(shape, 0.125));
            fresh.initialize(m, 3);
            java.util.Map<String, float[]> before = new java.util.HashMap<>();
            fresh.getParameters().forEach(p -> before.put(p.getKey(), p.getValue().getArray().toFloatArray()));
            int headMoved = 0;
            int encoderMoved = 0;
            for (ai.djl.util.Pair<String, ai.djl.nn.Parameter> p : d.network().getParameters()) {
                boolean moved = !java.util.Arrays.equals(before.get(p.getKey()), p.getValue().getArray().toFloatArray());
                if (p.getKey().startsWith("04head") || p.getKey().contains("head")) {
                    headMoved += moved ? 1 : 0;
                } else if (p.getValue().requiresGradient()) {
                    encoderMoved += moved ? 1 : 0;
                }
            }
            assertThat(headMoved).as("head parameters changed").isZero();
            assertThat(encoderMoved).as("encoder parameters changed").isPositive();
            assertThat(d.configuration()).containsEntry("augmentations", "none (no negatives)");
        }
        assertThatThrownBy(() -> UnodeTrainer.builder().negatives(false).build().fitLabeled(
                TestImages.fashion(1, 40, 1, 32).withLabels(new int[40])))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("negatives");
    }
}
