package io.github.unode.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.unode.core.ImageShape;
import io.github.unode.data.ImageSet;
import io.github.unode.score.NoveltyDetector;
import io.github.unode.train.UnodeTrainer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The similarity term in other spaces of a real (briefly trained) detector, grey and colour at two
 * sizes: the detector's own space repeats its score, the joined embeddings are what they claim,
 * the k-nearest mean is the hand-computed one, and a detector of other inliers is refused.
 */
class SimilaritySpacesTest {

    private static UnodeTrainer trainer(ImageShape s, long seed) {
        return ShortFits.trainer(s, seed);
    }

    private static ImageSet shadings(int n, ImageShape s, long seed) {
        return ShortFits.shadings(n, s, seed, 0.2);
    }

    @Test
    void theDetectorsOwnSpaceRepeatsItsScoreAndEverySpaceIsReported() {
        for (ImageShape s : new ImageShape[] {ImageShape.grey(16), ImageShape.rgb(20)}) {
            Method m = Methods.unodeWithSimilaritySpaces("u", seed -> trainer(s, seed));
            try (ImageSet inliers = shadings(40, s, 3); ImageSet test = shadings(12, s, 4);
                    Method.Fitted f = m.fit(inliers, 1)) {
                Map<String, double[]> v = f.scoreVariants(test);
                for (SimilaritySpaces.Space sp : SimilaritySpaces.DEFAULT) {
                    assertThat(v).containsKeys("similarity only, " + sp.name(), "similarity + head, " + sp.name(),
                            "recipe, " + sp.name());
                }
                double[] own = v.get("");
                for (int i = 0; i < own.length; i++) {
                    // stage 4 pooled is the encoder's features f(x): the same cosine, balance and sum
                    assertThat(v.get("similarity only, stage 4")[i]).as("%s image %d", s, i)
                            .isCloseTo(v.get("similarity only")[i], within(1e-5));
                    assertThat(v.get("similarity + head, stage 4")[i])
                            .isCloseTo(v.get("similarity + head")[i], within(1e-4 * (1 + Math.abs(own[i]))));
                    assertThat(v.get("recipe, stage 4")[i]).isCloseTo(own[i], within(1e-4 * (1 + Math.abs(own[i]))));
                    // a mean of the 2 most similar is at most the most similar (novelty: at least)
                    assertThat(v.get("similarity only, features k=2")[i])
                            .isGreaterThanOrEqualTo(v.get("similarity only")[i] - 1e-6);
                    assertThat(v.get("similarity only, stages 3+4")[i]).isBetween(-1.0 - 1e-6, 1.0 + 1e-6);
                }
            }
        }
    }

    @Test
    void joinedEmbeddingsHaveUnitNormAndEachStageCountsAlike() {
        ImageShape s = ImageShape.rgb(20);
        UnodeTrainer tr = trainer(s, 1);
        try (ImageSet inliers = shadings(40, s, 3); NoveltyDetector d = tr.fit(inliers)) {
            float[][] one = SimilaritySpaces.embed(d, inliers, new int[] {3});
            float[][] two = SimilaritySpaces.embed(d, inliers, new int[] {3, 4});
            assertThat(two).hasNumberOfRows(40);
            for (int r = 0; r < 40; r++) {
                int c3 = one[r].length;
                assertThat(norm(two[r], 0, two[r].length)).isCloseTo(1.0, within(1e-5));
                // stage 3's block is stage 3's unit vector scaled by 1/sqrt(2)
                assertThat(norm(two[r], 0, c3)).isCloseTo(Math.sqrt(0.5), within(1e-5));
                for (int j = 0; j < c3; j++) {
                    assertThat((double) two[r][j]).isCloseTo(one[r][j] * Math.sqrt(0.5), within(1e-5));
                }
            }
        }
    }

    @Test
    void meanTopKIsTheHandComputedMean() {
        float[][] bank = {{1, 0}, {0, 1}, {0.6f, 0.8f}};
        float[][] q = {{1, 0}, {0, -1}};
        // dot products: q0 -> 1, 0, 0.6; q1 -> 0, -1, -0.8
        assertThat(SimilaritySpaces.meanTopK(bank, q, 1)).containsExactly(new double[] {1, 0}, within(1e-7));
        assertThat(SimilaritySpaces.meanTopK(bank, q, 2)).containsExactly(new double[] {0.8, -0.4}, within(1e-7));
        // k above the bank's size is the bank's size
        assertThat(SimilaritySpaces.meanTopK(bank, q, 5)).containsExactly(new double[] {1.6 / 3, -0.6}, within(1e-7));
        assertThatThrownBy(() -> new SimilaritySpaces.Space("none", new int[0], 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SimilaritySpaces.Space("k0", new int[] {4}, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDetectorTrainedOnOtherInliersIsRefused() {
        ImageShape s = ImageShape.grey(16);
        UnodeTrainer tr = trainer(s, 1);
        try (ImageSet inliers = shadings(40, s, 3); ImageSet other = shadings(60, s, 5);
                NoveltyDetector d = tr.fit(inliers)) {
            assertThatThrownBy(() -> SimilaritySpaces.fit(d, tr.recipe(), other, SimilaritySpaces.DEFAULT))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("calibrated on");
        }
    }

    private static double norm(float[] v, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += (double) v[i] * v[i];
        }
        return Math.sqrt(s);
    }
}
