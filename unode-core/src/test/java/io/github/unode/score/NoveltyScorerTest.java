package io.github.unode.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class NoveltyScorerTest {

    /** Outputs in UnodeModel's layout: projection, logits, features. */
    private static NDList outputs(NDManager m, float[] features, int d, float[] logits) {
        int n = features.length / d;
        return new NDList(m.zeros(new Shape(n, 128)), m.create(logits, new Shape(n, 2)),
                m.create(features, new Shape(n, d)));
    }

    @Test
    void lambdaAndThresholdFollowTheHandComputedFormulas() {
        try (NDManager m = NDManager.newBaseManager();
                EmbeddingBank bank = EmbeddingBank.of(new float[] {1, 0}, 2)) {
            // held-out features at angles 0, 60, 90, 180 degrees -> O_sim = 1, 0.5, 0, -1
            float c = (float) Math.cos(Math.PI / 3);
            float s = (float) Math.sin(Math.PI / 3);
            float[] feats = {1, 0, c, s, 0, 1, -1, 0};
            // logit differences (O_bin) 2, 0, -2, 4
            float[] logits = {0, 2, 1, 1, 2, 0, -1, 3};
            NoveltyScorer scorer = NoveltyScorer.calibrate(ScoreSpace.FEATURES, bank,
                    outputs(m, feats, 2, logits), 0.25);
            double[] sim = {1, 0.5, 0, -1};
            double[] bin = {2, 0, -2, 4};
            double lambda = std(sim) / std(bin);
            assertThat(scorer.lambda()).isCloseTo(lambda, within(1e-6));
            double[] nov = new double[4];
            for (int i = 0; i < 4; i++) {
                nov[i] = -(sim[i] + lambda * bin[i]);
            }
            java.util.Arrays.sort(nov);
            // 0.75 quantile of 4 sorted values, linear interpolation: position 2.25
            double expected = nov[2] + 0.25 * (nov[3] - nov[2]);
            assertThat(scorer.threshold()).isCloseTo(expected, within(1e-6));

            ScoreBatch b = scorer.score(outputs(m, new float[] {0, -3}, 2, new float[] {5, 0}));
            assertThat(b.similarity()[0]).isCloseTo(0f, within(1e-6f));
            assertThat(b.binaryLogOdds()[0]).isCloseTo(-5f, within(1e-6f));
            assertThat(b.novelty()[0]).isCloseTo((float) (5 * lambda), within(1e-5f));
            assertThat(b.novel()[0]).isTrue();
            // a lower FPR target gives a higher threshold
            assertThat(scorer.withTargetFpr(0.01).threshold()).isGreaterThan(scorer.threshold());
        }
    }

    @Test
    void thePixelTermIsBalancedOnTheHeldOutInliersAndAddsToTheScore() {
        try (NDManager m = NDManager.newBaseManager();
                EmbeddingBank bank = EmbeddingBank.of(new float[] {1, 0}, 2);
                // two 1x1x2 "images" in the pixel bank
                PixelBank pixels = PixelBank.of(new float[] {0, 0, 1, 1}, 2)) {
            float c = (float) Math.cos(Math.PI / 3);
            float s = (float) Math.sin(Math.PI / 3);
            float[] feats = {1, 0, c, s, 0, 1, -1, 0}; // O_sim 1, 0.5, 0, -1
            float[] logits = {0, 2, 1, 1, 2, 0, -1, 3}; // O_bin 2, 0, -2, 4
            // held-out images: distances to the nearest bank image 0, 0.5, 1, sqrt(0.5)
            float[] held = {0, 0, 0.5f, 0, 1, 2, 0.5f, 0.5f};
            NoveltyScorer scorer = NoveltyScorer.calibrate(ScoreSpace.FEATURES, bank, pixels,
                    outputs(m, feats, 2, logits), m.create(held, new Shape(4, 1, 1, 2)), 0.25);
            double[] sim = {1, 0.5, 0, -1};
            double[] bin = {2, 0, -2, 4};
            double[] pix = {0, -0.5, -1, -Math.sqrt(0.5)};
            double lambda = std(sim) / std(bin);
            double mu = std(sim) / std(pix);
            assertThat(scorer.lambda()).isCloseTo(lambda, within(1e-6));
            assertThat(scorer.mu()).isCloseTo(mu, within(1e-5));
            assertThat(scorer.pixels()).containsSame(pixels);
            double[] nov = new double[4];
            for (int i = 0; i < 4; i++) {
                nov[i] = -(sim[i] + lambda * bin[i] + mu * pix[i]);
            }
            java.util.Arrays.sort(nov);
            assertThat(scorer.threshold()).isCloseTo(nov[2] + 0.25 * (nov[3] - nov[2]), within(1e-5));

            // a test image at angle -90 degrees, log-odds -5, pixels (1, 3): 2 from the nearest (1, 1)
            ScoreBatch b = scorer.score(outputs(m, new float[] {0, -3}, 2, new float[] {5, 0}),
                    m.create(new float[] {1, 3}, new Shape(1, 1, 1, 2)));
            assertThat(b.pixelSimilarity()[0]).isCloseTo(-2f, within(1e-5f));
            assertThat(b.mu()).isEqualTo(scorer.mu());
            assertThat(b.novelty()[0]).isCloseTo((float) (5 * lambda + 2 * mu), within(1e-4f));
            assertThat(b.get(0).pixelSimilarity()).isEqualTo(b.pixelSimilarity()[0]);
            assertThat(scorer.withTargetFpr(0.01).mu()).isEqualTo(scorer.mu());

            assertThatThrownBy(() -> scorer.score(outputs(m, new float[] {0, -3}, 2, new float[] {5, 0})))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("pixel term");
            assertThatThrownBy(() -> scorer.score(outputs(m, new float[] {0, -3}, 2, new float[] {5, 0}),
                    m.create(new float[] {1, 3, 1, 3}, new Shape(2, 1, 1, 2))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 images");
            assertThatThrownBy(() -> NoveltyScorer.calibrate(ScoreSpace.FEATURES, bank, pixels,
                    outputs(m, feats, 2, logits), null, 0.25))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("held-out images");
        }
    }

    @Test
    void thePixelWeightMultipliesThePixelBalance() {
        try (NDManager m = NDManager.newBaseManager();
                EmbeddingBank bank = EmbeddingBank.of(new float[] {1, 0}, 2);
                PixelBank pixels = PixelBank.of(new float[] {0, 0, 1, 1}, 2)) {
            float c = (float) Math.cos(Math.PI / 3);
            float s = (float) Math.sin(Math.PI / 3);
            float[] feats = {1, 0, c, s, 0, 1, -1, 0}; // O_sim 1, 0.5, 0, -1
            float[] logits = {0, 2, 1, 1, 2, 0, -1, 3}; // O_bin 2, 0, -2, 4
            float[] held = {0, 0, 0.5f, 0, 1, 2, 0.5f, 0.5f}; // O_pix 0, -0.5, -1, -sqrt(0.5)
            double[] sim = {1, 0.5, 0, -1};
            double[] pix = {0, -0.5, -1, -Math.sqrt(0.5)};
            double balanced = std(sim) / std(pix);
            NoveltyScorer w4 = NoveltyScorer.calibrate(ScoreSpace.FEATURES, bank, pixels,
                    outputs(m, feats, 2, logits), m.create(held, new Shape(4, 1, 1, 2)), 0.25, 4);
            assertThat(w4.mu()).isCloseTo(4 * balanced, within(1e-5));
            assertThat(w4.lambda()).isCloseTo(std(sim) / std(new double[] {2, 0, -2, 4}), within(1e-6));
            // a test image 2 from the nearest bank image, at angle -90 degrees, log-odds -5
            ScoreBatch b = w4.score(outputs(m, new float[] {0, -3}, 2, new float[] {5, 0}),
                    m.create(new float[] {1, 3}, new Shape(1, 1, 1, 2)));
            assertThat(b.novelty()[0]).isCloseTo((float) (5 * w4.lambda() + 2 * 4 * balanced), within(1e-4f));
            // weight 0: the pixel part is still measured and reported, but not in the novelty
            NoveltyScorer w0 = NoveltyScorer.calibrate(ScoreSpace.FEATURES, bank, pixels,
                    outputs(m, feats, 2, logits), m.create(held, new Shape(4, 1, 1, 2)), 0.25, 0);
            assertThat(w0.mu()).isZero();
            ScoreBatch z = w0.score(outputs(m, new float[] {0, -3}, 2, new float[] {5, 0}),
                    m.create(new float[] {1, 3}, new Shape(1, 1, 1, 2)));
            assertThat(z.pixelSimilarity()[0]).isCloseTo(-2f, within(1e-5f));
            assertThat(z.novelty()[0]).isCloseTo((float) (5 * w0.lambda()), within(1e-4f));
            for (double bad : new double[] {-0.5, Double.NaN, Double.POSITIVE_INFINITY}) {
                assertThatThrownBy(() -> NoveltyScorer.calibrate(ScoreSpace.FEATURES, bank, pixels,
                        outputs(m, feats, 2, logits), m.create(held, new Shape(4, 1, 1, 2)), 0.25, bad))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pixel term's weight")
                        .hasMessageContaining(Double.toString(bad));
            }
        }
    }

    @Test
    void withoutAPixelTermThePixelPartIsNaNAndMuZero() {
        try (NDManager m = NDManager.newBaseManager();
                EmbeddingBank bank = EmbeddingBank.of(new float[] {1, 0}, 2)) {
            NoveltyScorer scorer = NoveltyScorer.calibrate(ScoreSpace.FEATURES, bank,
                    outputs(m, new float[] {1, 0, 0, 1}, 2, new float[] {0, 1, 0, 3}), 0.05);
            assertThat(scorer.pixels()).isEmpty();
            assertThat(scorer.mu()).isZero();
            ScoreBatch b = scorer.score(outputs(m, new float[] {1, 0}, 2, new float[] {0, 1}));
            assertThat(b.pixelSimilarity()[0]).isNaN();
            assertThat(b.novelty()[0]).isFinite();
        }
    }

    private static double std(double[] v) {
        double mean = 0;
        for (double x : v) {
            mean += x;
        }
        mean /= v.length;
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        return Math.sqrt(ss / v.length);
    }

    @Test
    void constantHeadGivesLambdaZero() {
        try (NDManager m = NDManager.newBaseManager();
                EmbeddingBank bank = EmbeddingBank.of(new float[] {1, 0}, 2)) {
            NoveltyScorer scorer = NoveltyScorer.calibrate(ScoreSpace.FEATURES, bank,
                    outputs(m, new float[] {1, 0, 0, 1}, 2, new float[] {0, 1, 0, 1}), 0.05);
            assertThat(scorer.lambda()).isZero();
        }
    }

    @Test
    void multiClassHeadLogOddsAreInlierVersusNegative() {
        try (NDManager m = NDManager.newBaseManager()) {
            // K = 2 inlier classes + negative: log(e^1 + e^2) - 0.5
            float[] lo = NoveltyScorer.logOdds(m.create(new float[] {1, 2, 0.5f}, new Shape(1, 3)));
            assertThat(lo[0]).isCloseTo((float) (Math.log(Math.E + Math.exp(2)) - 0.5), within(1e-6f));
        }
    }

    @Test
    void targetFprOutsideTheUnitIntervalIsRefused() {
        try (NDManager m = NDManager.newBaseManager();
                EmbeddingBank bank = EmbeddingBank.of(new float[] {1, 0}, 2)) {
            assertThatThrownBy(() -> NoveltyScorer.calibrate(ScoreSpace.FEATURES, bank,
                            outputs(m, new float[] {1, 0}, 2, new float[] {0, 1}), 1.5))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(0, 1)");
        }
    }
}
