package io.github.unode.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.tracker.Tracker;
import io.github.unode.internal.Engines;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LarsTest {

    /** Gives {@code w} the gradient {@code g} by back-propagating {@code sum(w * g)}. */
    private static void setGradient(NDArray w, float[] g) {
        try (GradientCollector gc = Engines.engine().newGradientCollector()) {
            gc.backward(w.mul(w.getManager().create(g)).sum());
        }
    }

    @Test
    void twoStepsMatchTheFormulaComputedByHand() {
        float lr = 2f;
        float wd = 0.01f;
        float trust = 0.001f;
        float mom = 0.9f;
        double[] g = {0.6, 0.8};
        // step 1 by hand: |w| = 5, |g| = 1, local = 0.001*5/(1+0.05), g' = (g + wd w) local
        double[] w = {3, 4};
        double[] buf = new double[2];
        for (int step = 0; step < 2; step++) {
            double wn = Math.hypot(w[0], w[1]);
            double local = trust * wn / (1 + wd * wn);
            for (int i = 0; i < 2; i++) {
                double scaled = (g[i] + wd * w[i]) * local;
                buf[i] = step == 0 ? scaled : mom * buf[i] + scaled;
                w[i] -= lr * buf[i];
            }
        }
        assertThat(w[0]).isCloseTo(2.994 - 2 * (0.9 * 0.003 + 0.62994 * 0.00499 / 1.0499), within(1e-9));

        try (NDManager m = NDManager.newBaseManager();
                Lars lars = Lars.builder().setLearningRateTracker(Tracker.fixed(lr))
                        .optWeightDecay(wd).optTrustCoefficient(trust).optMomentum(mom).optEpsilon(0f).build()) {
            NDArray weight = m.create(new float[] {3, 4});
            weight.setRequiresGradient(true);
            for (int step = 0; step < 2; step++) {
                setGradient(weight, new float[] {0.6f, 0.8f});
                lars.update("w", weight, weight.getGradient());
                assertThat(weight.getGradient().toFloatArray()).containsExactly(0f, 0f);
            }
            float[] out = weight.toFloatArray();
            assertThat(out[0]).isCloseTo((float) w[0], within(1e-6f));
            assertThat(out[1]).isCloseTo((float) w[1], within(1e-6f));
            assertThat(lars.lastLearningRate()).isEqualTo(lr);
            assertThat(lars.momentumBuffers()).containsOnlyKeys("w");
            assertThat(lars.momentumBuffers().get("w").toFloatArray()[0]).isCloseTo((float) buf[0], within(1e-8f));
        }
    }

    @Test
    void excludedParametersTakePlainSgdWithMomentumWithoutTrustRatioOrDecay() {
        // SimCLR's LARS: biases and batch-norm parameters skip the adaptation and the weight decay
        float lr = 2f;
        try (NDManager m = NDManager.newBaseManager();
                Lars lars = Lars.builder().setLearningRateTracker(Tracker.fixed(lr))
                        .optWeightDecay(0.01f).optTrustCoefficient(0.001f).optMomentum(0.9f).build()) {
            lars.excludeFromAdaptation(java.util.Set.of("bias"));
            NDArray bias = m.create(new float[] {3, 4});
            NDArray weight = m.create(new float[] {3, 4});
            bias.setRequiresGradient(true);
            weight.setRequiresGradient(true);
            for (int step = 0; step < 2; step++) {
                setGradient(bias, new float[] {0.6f, 0.8f});
                setGradient(weight, new float[] {0.6f, 0.8f});
                lars.update("bias", bias, bias.getGradient());
                lars.update("weight", weight, weight.getGradient());
            }
            // by hand: buf = g, then 0.9 g + g; w = 3 - 2 (0.6 + 1.9 * 0.6) = 3 - 2 * 1.74 * 0.6 / 0.6 ...
            assertThat(bias.toFloatArray()[0]).isCloseTo(3f - lr * (0.6f + 1.9f * 0.6f), within(1e-5f));
            assertThat(bias.toFloatArray()[1]).isCloseTo(4f - lr * (0.8f + 1.9f * 0.8f), within(1e-5f));
            // the adapted parameter moved by the trust ratio's much smaller step
            assertThat(weight.toFloatArray()[0]).isGreaterThan(2.9f);
        }
    }

    @Test
    void zeroWeightUsesALocalRateOfOne() {
        try (NDManager m = NDManager.newBaseManager();
                Lars lars = Lars.builder().setLearningRateTracker(Tracker.fixed(0.5f)).optWeightDecay(0f).build()) {
            NDArray weight = m.zeros(new ai.djl.ndarray.types.Shape(2));
            weight.setRequiresGradient(true);
            setGradient(weight, new float[] {1f, -2f});
            lars.update("b", weight, weight.getGradient());
            // local_lr = 1: plain SGD step of 0.5 * g
            assertThat(weight.toFloatArray()).containsExactly(-0.5f, 1f);
        }
    }

    @Test
    void invalidSettingsAreRefused() {
        assertThatThrownBy(() -> Lars.builder().build()).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("learning-rate");
        assertThatThrownBy(() -> Lars.builder().setLearningRateTracker(Tracker.fixed(1)).optMomentum(1f).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("momentum");
        assertThatThrownBy(() -> Lars.builder().setLearningRateTracker(Tracker.fixed(1))
                        .optTrustCoefficient(Float.NaN).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trust");
    }

    @Test
    void warmupThenCosine() {
        WarmupCosineTracker t = new WarmupCosineTracker(0.1f, 1.0f, 10, 110);
        assertThat(t.getNewValue(1)).isCloseTo(0.1f, within(1e-7f));
        assertThat(t.getNewValue(6)).isCloseTo(0.1f + 0.9f * 5 / 10, within(1e-6f));
        assertThat(t.getNewValue(11)).isCloseTo(1.0f, within(1e-7f));
        assertThat(t.getNewValue(61)).isCloseTo(0.5f, within(1e-6f)); // half-way down the cosine
        assertThat(t.getNewValue(111)).isCloseTo(0f, within(1e-7f));
        for (int s = 12; s <= 110; s++) {
            assertThat(t.getNewValue(s)).isLessThanOrEqualTo(t.getNewValue(s - 1));
        }
        assertThatThrownBy(() -> new WarmupCosineTracker(0.1f, 1f, 10, 10))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
