package io.github.unode.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.unode.model.ModelOutputs;
import org.junit.jupiter.api.Test;

class NoveltyScorerTest {

    /** A UnodeModel's outputs: a zero projection, these logits and features. */
    private static ModelOutputs outputs(NDManager m, float[] features, int d, float[] logits) {
        int n = features.length / d;
        return new ModelOutputs(m.zeros(new Shape(n, 128)), m.create(logits, new Shape(n, 2)),
                m.create(features, new Shape(n, d)));
    }

    /*
     * The held-out fixture of these tests: features at angles 0, 60, 90 and 180 degrees to the
     * bank's (1, 0), so O_sim = 1, 0.5, 0, -1; logit differences O_bin = 2, 0, -2, 4; and 1x1x2
     * images at distances 0, 0.5, 1, sqrt(0.5) from the nearer of the pixel bank's (0, 0) and (1, 1).
     */
    private static final float[] HELD_FEATURES = {1, 0, (float) Math.cos(Math.PI / 3), (float) Math.sin(Math.PI / 3),
        0, 1, -1, 0};
    private static final float[] HELD_LOGITS = {0, 2, 1, 1, 2, 0, -1, 3};
    private static final float[] HELD_IMAGES = {0, 0, 0.5f, 0, 1, 2, 0.5f, 0.5f};
    private static final double[] SIM = {1, 0.5, 0, -1};
    private static final double[] BIN = {2, 0, -2, 4};
    private static final double[] PIX = {0, -0.5, -1, -Math.sqrt(0.5)};

    /** A calibrator in the features space to {@code fpr}, without a pixel term. */
    private static Calibrator calibrator(double fpr) {
        return Calibrator.of(ScoreRecipe.of(ScoreSpace.FEATURES, fpr));
    }

    /** A calibrator in the features space to {@code fpr}, with the pixel term weighted {@code pixelWeight}. */
    private static Calibrator calibrator(double fpr, double pixelWeight) {
        return Calibrator.of(ScoreRecipe.of(ScoreSpace.FEATURES, fpr)
                .withPixelTerm(new ScoreRecipe.PixelTerm(0, false, pixelWeight)));
    }

    private static EmbeddingBank bank() {
        return EmbeddingBank.of(new float[] {1, 0}, 2);
    }

    private static PixelBank pixelBank() {
        return PixelBank.of(new float[] {0, 0, 1, 1}, 2);
    }

    private static ModelOutputs heldOut(NDManager m) {
        return outputs(m, HELD_FEATURES, 2, HELD_LOGITS);
    }

    private static NDArray heldImages(NDManager m) {
        return m.create(HELD_IMAGES, new Shape(4, 1, 1, 2));
    }

    /** A test image's outputs: features at -90 degrees (O_sim 0), log-odds -5. */
    private static ModelOutputs testOutputs(NDManager m) {
        return outputs(m, new float[] {0, -3}, 2, new float[] {5, 0});
    }

    /** The test image's pixels (1, 3): 2 from the nearest bank image (1, 1). */
    private static NDArray testImage(NDManager m) {
        return m.create(new float[] {1, 3}, new Shape(1, 1, 1, 2));
    }

    @Test
    void lambdaAndThresholdFollowTheHandComputedFormulas() {
        try (NDManager m = NDManager.newBaseManager(); EmbeddingBank bank = bank()) {
            NoveltyScorer scorer = calibrator(0.25).calibrate(bank, null, heldOut(m), null);
            double lambda = std(SIM) / std(BIN);
            assertThat(scorer.lambda()).isCloseTo(lambda, within(1e-6));
            double[] nov = new double[4];
            for (int i = 0; i < 4; i++) {
                nov[i] = -(SIM[i] + lambda * BIN[i]);
            }
            java.util.Arrays.sort(nov);
            // 0.75 quantile of 4 sorted values, linear interpolation: position 2.25
            double expected = nov[2] + 0.25 * (nov[3] - nov[2]);
            assertThat(scorer.threshold()).isCloseTo(expected, within(1e-6));

            ScoreBatch b = scorer.score(testOutputs(m));
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
        try (NDManager m = NDManager.newBaseManager(); EmbeddingBank bank = bank(); PixelBank pixels = pixelBank()) {
            NoveltyScorer scorer = calibrator(0.25, 1).calibrate(bank, pixels, heldOut(m), heldImages(m));
            double lambda = std(SIM) / std(BIN);
            double mu = std(SIM) / std(PIX);
            assertThat(scorer.lambda()).isCloseTo(lambda, within(1e-6));
            assertThat(scorer.mu()).isCloseTo(mu, within(1e-5));
            assertThat(scorer.pixels()).containsSame(pixels);
            double[] nov = new double[4];
            for (int i = 0; i < 4; i++) {
                nov[i] = -(SIM[i] + lambda * BIN[i] + mu * PIX[i]);
            }
            java.util.Arrays.sort(nov);
            assertThat(scorer.threshold()).isCloseTo(nov[2] + 0.25 * (nov[3] - nov[2]), within(1e-5));

            ScoreBatch b = scorer.score(testOutputs(m), testImage(m));
            assertThat(b.pixelSimilarity()[0]).isCloseTo(-2f, within(1e-5f));
            assertThat(b.mu()).isEqualTo(scorer.mu());
            assertThat(b.novelty()[0]).isCloseTo((float) (5 * lambda + 2 * mu), within(1e-4f));
            assertThat(b.get(0).pixelSimilarity()).isEqualTo(b.pixelSimilarity()[0]);
            assertThat(scorer.withTargetFpr(0.01).mu()).isEqualTo(scorer.mu());

            assertThatThrownBy(() -> scorer.score(testOutputs(m)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("pixel term");
            assertThatThrownBy(() -> scorer.score(testOutputs(m),
                    m.create(new float[] {1, 3, 1, 3}, new Shape(2, 1, 1, 2))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 images");
            assertThatThrownBy(() -> calibrator(0.25, 1).calibrate(bank, pixels, heldOut(m), null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("held-out images");
        }
    }

    @Test
    void thePixelWeightMultipliesThePixelBalance() {
        try (NDManager m = NDManager.newBaseManager(); EmbeddingBank bank = bank(); PixelBank pixels = pixelBank()) {
            double balanced = std(SIM) / std(PIX);
            NoveltyScorer w4 = calibrator(0.25, 4).calibrate(bank, pixels, heldOut(m), heldImages(m));
            assertThat(w4.mu()).isCloseTo(4 * balanced, within(1e-5));
            assertThat(w4.lambda()).isCloseTo(std(SIM) / std(BIN), within(1e-6));
            // the test image is 2 from the nearest bank image, at angle -90 degrees, log-odds -5
            ScoreBatch b = w4.score(testOutputs(m), testImage(m));
            assertThat(b.novelty()[0]).isCloseTo((float) (5 * w4.lambda() + 2 * 4 * balanced), within(1e-4f));
            // weight 0: the pixel part is still measured and reported, but not in the novelty
            NoveltyScorer w0 = calibrator(0.25, 0).calibrate(bank, pixels, heldOut(m), heldImages(m));
            assertThat(w0.mu()).isZero();
            ScoreBatch z = w0.score(testOutputs(m), testImage(m));
            assertThat(z.pixelSimilarity()[0]).isCloseTo(-2f, within(1e-5f));
            assertThat(z.novelty()[0]).isCloseTo((float) (5 * w0.lambda()), within(1e-4f));
            for (double bad : new double[] {-0.5, Double.NaN, Double.POSITIVE_INFINITY}) {
                assertThatThrownBy(() -> calibrator(0.25, bad).calibrate(bank, pixels, heldOut(m),
                        heldImages(m)))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pixel term's weight")
                        .hasMessageContaining(Double.toString(bad));
            }
        }
    }

    @Test
    void withoutAPixelTermThePixelPartIsNaNAndMuZero() {
        try (NDManager m = NDManager.newBaseManager();
                EmbeddingBank bank = bank()) {
            NoveltyScorer scorer = calibrator(0.05).calibrate(bank, null,
                    outputs(m, new float[] {1, 0, 0, 1}, 2, new float[] {0, 1, 0, 3}), null);
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
                EmbeddingBank bank = bank()) {
            NoveltyScorer scorer = calibrator(0.05).calibrate(bank, null,
                    outputs(m, new float[] {1, 0, 0, 1}, 2, new float[] {0, 1, 0, 1}), null);
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
                EmbeddingBank bank = bank()) {
            assertThatThrownBy(() -> calibrator(1.5).calibrate(bank, null,
                            outputs(m, new float[] {1, 0}, 2, new float[] {0, 1}), null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(0, 1)");
        }
    }

    @Test
    void theThresholdsFalsePositiveIntervalFollowsTheOrderStatisticsBetaLaw() {
        try (EmbeddingBank bank = bank()) {
            float[] six = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f};
            NoveltyScorer small = NoveltyScorer.restore(ScoreSpace.FEATURES, HeadScore.LOG_ODDS, bank, 1, null, 0, 0.05, six);
            // threshold at position 0.95 * 5 = 4.75: between the 5th and 6th smallest of 6; the mass
            // above the 5th is Beta(2, 5) (95% quantile 0.5818), above the 6th Beta(1, 6) (5%: 0.0085)
            NoveltyScorer.FprInterval i = small.fprInterval();
            assertThat(i.high()).isCloseTo(0.581803, within(2e-6));
            assertThat(i.low()).isCloseTo(1 - Math.pow(0.95, 1.0 / 6), within(1e-9));
            assertThat(i.confidence()).isCloseTo(0.9, within(1e-12));
            assertThat(i.heldOut()).isEqualTo(6);
            assertThat(small.calibrationWarning()).hasValueSatisfying(w -> assertThat(w)
                    .contains("only 6 held-out inliers", "5% false positives", "between 0.85% and 58%"));

            float[] hundred = new float[100];
            for (int k = 0; k < 100; k++) {
                hundred[k] = k;
            }
            NoveltyScorer enough = NoveltyScorer.restore(ScoreSpace.FEATURES, HeadScore.LOG_ODDS, bank, 1, null, 0, 0.05, hundred);
            // position 94.05: the 95th and 96th of 100 -> Beta(6, 95) 95%, Beta(5, 96) 5%
            assertThat(enough.fprInterval().high()).isCloseTo(0.102253, within(2e-6));
            assertThat(enough.fprInterval().low()).isCloseTo(0.019906, within(2e-6));
            assertThat(enough.calibrationWarning()).isEmpty();
        }
    }

    @Test
    void aNonFiniteHeldOutScoreIsRefusedNotCalibrated() {
        try (NDManager m = NDManager.newBaseManager(); EmbeddingBank bank = bank()) {
            float[] logits = HELD_LOGITS.clone();
            logits[3] = Float.NaN; // held-out inlier 1's log-odds
            ModelOutputs held = outputs(m, HELD_FEATURES, 2, logits);
            assertThatThrownBy(() -> calibrator(0.25).calibrate(bank, null, held, null))
                    .isInstanceOf(io.github.unode.core.NotFiniteException.class)
                    .hasMessageContaining("O_bin of held-out inlier 1 is NaN");
            float[] features = HELD_FEATURES.clone();
            features[4] = Float.POSITIVE_INFINITY;
            ModelOutputs broken = outputs(m, features, 2, HELD_LOGITS);
            assertThatThrownBy(() -> calibrator(0.25).calibrate(bank, null, broken, null))
                    .isInstanceOf(io.github.unode.core.NotFiniteException.class)
                    .hasMessageContaining("O_sim of held-out inlier 2");
        }
    }
}
