package io.github.unode.augment.auto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WeightsAndDivergencesTest {

    @Test
    void klOfKnownDistributions() {
        double[] p = {0.5, 0.5};
        double[] q = {0.9, 0.1};
        double kl = 0.5 * Math.log(0.5 / 0.9) + 0.5 * Math.log(0.5 / 0.1);
        assertThat(Divergences.kl(p, q)).isCloseTo(kl, within(1e-15));
        double back = 0.9 * Math.log(0.9 / 0.5) + 0.1 * Math.log(0.1 / 0.5);
        assertThat(Divergences.symmetricKl(p, q)).isCloseTo(kl + back, within(1e-15));
        assertThat(Divergences.symmetricKl(q, p)).isEqualTo(Divergences.symmetricKl(p, q));
        assertThat(Divergences.symmetricKl(p, p)).isEqualTo(0.0);
        assertThat(Divergences.kl(new double[] {0, 1}, new double[] {0.5, 0.5})).isCloseTo(Math.log(2), within(1e-15));
    }

    @Test
    void klRefusesMismatchedGridsAndInfiniteDivergence() {
        assertThatThrownBy(() -> Divergences.kl(new double[] {1}, new double[] {0.5, 0.5}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same grid");
        assertThatThrownBy(() -> Divergences.kl(new double[] {0.5, 0.5}, new double[] {1, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("floor");
        assertThatThrownBy(() -> Divergences.kl(new double[] {Double.NaN, 1}, new double[] {0.5, 0.5}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("grid point 0");
    }

    @Test
    void weightsSumToOneFollowTheDivergencesAndFlattenWithTemperature() {
        double[] j = {0.3, 2.0, 0.0, 1.1};
        double[] w = SoftmaxWeights.softmax(j, 1);
        assertThat(Arrays.stream(w).sum()).isCloseTo(1, within(1e-15));
        assertThat(w[1]).isGreaterThan(w[3]);
        assertThat(w[3]).isGreaterThan(w[0]);
        assertThat(w[0]).isGreaterThan(w[2]);
        assertThat(w[1] / w[2]).isCloseTo(Math.exp(2.0), within(1e-12));
        double[] flat = SoftmaxWeights.softmax(j, 1e6);
        for (double v : flat) {
            assertThat(v).isCloseTo(0.25, within(1e-6));
        }
        double[] sharp = SoftmaxWeights.softmax(j, 0.01);
        assertThat(sharp[1]).isCloseTo(1, within(1e-12));
    }

    @Test
    void hugeDivergencesDoNotOverflow() {
        double[] w = SoftmaxWeights.softmax(new double[] {1000, 999, 5}, 1);
        assertThat(w[0]).isCloseTo(1 / (1 + Math.exp(-1)), within(1e-12));
        assertThat(Arrays.stream(w).sum()).isCloseTo(1, within(1e-15));
    }

    @Test
    void weightsRefuseNanInfinityAndBadTemperature() {
        assertThatThrownBy(() -> SoftmaxWeights.softmax(new double[] {1, Double.NaN}, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("divergence 1 is NaN");
        assertThatThrownBy(() -> SoftmaxWeights.softmax(new double[] {Double.POSITIVE_INFINITY}, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Infinity");
        assertThatThrownBy(() -> SoftmaxWeights.softmax(new double[] {1}, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tau");
        assertThatThrownBy(() -> SoftmaxWeights.softmax(new double[0], 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
