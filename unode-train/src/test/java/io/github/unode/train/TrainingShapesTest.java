package io.github.unode.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import io.github.unode.augment.auto.AugmentationReport;
import io.github.unode.augment.auto.AutoAugOOD;
import io.github.unode.augment.auto.TSne1D;
import io.github.unode.core.ImageShape;
import io.github.unode.core.ImageShapeException;
import io.github.unode.data.ImageSet;
import io.github.unode.model.Backbone;
import io.github.unode.score.NoveltyDetector;
import io.github.unode.score.ScoreBatch;
import io.github.unode.testing.TestImages;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Training, scoring and save/load on real grey and colour images of 32, 64 and 128 px, with a
 * budget of a few steps: what a new user's first run on their own images goes through.
 */
class TrainingShapesTest {
    /** Inliers: 18 to train on (two steps of 9), 2 held out. */
    private static final int INLIERS = 20;

    /** The command line's recipe (pixel term on) at the smallest width and a few steps. */
    private static TrainerBuilder tiny(ImageShape shape) {
        return UnodeTrainer.builder().backbone(Backbone.resNet18(shape, 0.125)).batchSize(9).epochs(1).seed(5)
                .learningRate(0.4f).contrastiveWeight(0).pixelTerm(true);
    }

    @ParameterizedTest(name = "{0} channels, {1} px")
    @CsvSource({"1, 32", "1, 64", "1, 128", "3, 32", "3, 64", "3, 128"})
    void trainsScoresSavesAndLoads(int channels, int side, @TempDir Path tmp) throws Exception {
        try (ImageSet inliers = TestImages.fashion(1, INLIERS, channels, side);
                ImageSet test = TestImages.fashion(9, 8, channels, side);
                NoveltyDetector d = tiny(inliers.shape()).build().fit(inliers)) {
            assertThat(d.inputShape()).isEqualTo(new ImageShape(channels, side, side));
            ScoreBatch s = d.score(test);
            assertThat(s.size()).isEqualTo(8);
            for (int i = 0; i < s.size(); i++) {
                assertThat(s.novelty()[i]).as("novelty %d", i).isFinite();
                assertThat(s.similarity()[i]).isFinite();
                assertThat(s.binaryLogOdds()[i]).isFinite();
                assertThat(s.pixelSimilarity()[i]).isFinite().isLessThanOrEqualTo(0f);
            }
            assertThat(d.threshold()).isFinite();
            // a batch scores as the set does
            try (NDManager m = NDManager.newBaseManager()) {
                assertThat(d.score(test.batch(0, 8, m)).novelty()).containsExactly(s.novelty());
            }
            d.save(tmp.resolve("detector"));
            try (NoveltyDetector again = NoveltyDetector.load(tmp.resolve("detector"))) {
                assertThat(again.inputShape()).isEqualTo(d.inputShape());
                assertThat(again.score(test).novelty()).containsExactly(s.novelty());
            }
            // images with the other channel count are refused, and the message says what to do
            try (ImageSet other = TestImages.fashion(9, 2, 4 - channels, side)) {
                assertThatThrownBy(() -> d.score(other)).isInstanceOf(ImageShapeException.class)
                        .hasMessageContaining(other.shape() + " but " + d.inputShape() + " is expected")
                        .hasMessageContaining("give " + channels + "-channel images");
            }
        }
    }

    @Test
    void autoAugOODWeighsColourImagesWithTheWarmedUpEncoder() throws Exception {
        try (ImageSet inliers = TestImages.fashion(1, INLIERS, 3, 32)) {
            UnodeTrainer trainer = tiny(inliers.shape()).warmupEpochs(1)
                    .autoAugOOD(AutoAugOOD.builder().maxImages(20).cacheDirectory(null)
                            .tsne(TSne1D.Options.defaults().withIterations(100, 100)).build())
                    .build();
            AugmentationReport r = trainer.weigh(inliers);
            assertThat(r.featureSource()).contains("warm-up");
            assertThat(r.entries()).hasSize(10);
            assertThat(r.weights().values()).allSatisfy(w -> assertThat(w).isFinite().isPositive());
            assertThat(r.weights().values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1, within(1e-9));
            assertThat(trainer.weigh(inliers).weights()).as("the same seed: the same warm-up and weights")
                    .isEqualTo(r.weights());
        }
    }
}
