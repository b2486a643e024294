package io.github.unode.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GaussianTest {
    /** {@code scipy.ndimage._filters._gaussian_kernel1d(1.0, 0, 4)} (SciPy's normalised kernel). */
    private static final double[] SCIPY_SIGMA_1_RADIUS_4 = {0.00013383062461474175, 0.0044318616200312655,
        0.05399112742070441, 0.24197144565660073, 0.39894346935609776, 0.24197144565660073, 0.05399112742070441,
        0.0044318616200312655, 0.00013383062461474175};

    /** {@code _gaussian_kernel1d(2.0, 0, 8)}. */
    private static final double[] SCIPY_SIGMA_2_RADIUS_8 = {6.691628957263553e-05, 0.0004363490205067883,
        0.002215963172596555, 0.00876430436278587, 0.026995957967298846, 0.06475993660472744, 0.12098748976534904,
        0.17603575888479034, 0.199474647864745, 0.17603575888479034, 0.12098748976534904, 0.06475993660472744,
        0.026995957967298846, 0.00876430436278587, 0.002215963172596555, 0.0004363490205067883, 6.691628957263553e-05};

    @Test
    void theKernelIsScipys() {
        assertThat(Gaussian.kernel(1.0, 4)).containsExactly(SCIPY_SIGMA_1_RADIUS_4, within(1e-16));
        assertThat(Gaussian.kernel(2.0, 8)).containsExactly(SCIPY_SIGMA_2_RADIUS_8, within(1e-16));
        assertThat(Gaussian.kernel(1.0, Gaussian.Radius.SCIPY_TRUNCATE_4)).containsExactly(SCIPY_SIGMA_1_RADIUS_4,
                within(1e-16));
    }

    @Test
    void theWeightsAreTheHandFormula() {
        // exp(-0.5 i^2 / sigma^2): 1, e^-1/2, e^-2, e^-9/2, e^-8 at sigma 1
        double[] w = Gaussian.weights(1.0, 4);
        double[] hand = {Math.exp(-8), Math.exp(-4.5), Math.exp(-2), Math.exp(-0.5), 1, Math.exp(-0.5), Math.exp(-2),
            Math.exp(-4.5), Math.exp(-8)};
        assertThat(w).containsExactly(hand, within(1e-16));
        assertThat(w[0]).isCloseTo(0.00033546262790251185, within(1e-18));
        assertThat(Gaussian.weights(0.3, 0)).containsExactly(1.0);
        // one-sided, t = 0..3 at sigma 1.5: numpy exp(-0.5 t^2 / 2.25)
        assertThat(Gaussian.oneSided(1.5, 3)).containsExactly(new double[] {1.0, 0.8007374029168081,
            0.41111229050718745, 0.1353352832366127}, within(1e-16));
    }

    @Test
    void everyKernelSumsToOneAndIsSymmetric() {
        for (double sigma : new double[] {0.2, 0.5, 0.875, 1.0, 1.75, 3.3, 14}) {
            for (Gaussian.Radius rule : Gaussian.Radius.values()) {
                double[] k = Gaussian.kernel(sigma, rule);
                assertThat(k).hasSize(2 * rule.of(sigma) + 1);
                assertThat(Gaussian.sum(k)).as("sigma %s, %s", sigma, rule).isCloseTo(1.0, within(1e-15));
                for (int i = 0; i < k.length; i++) {
                    assertThat(k[i]).isEqualTo(k[k.length - 1 - i]);
                }
                for (Gaussian.FloatRounding rounding : Gaussian.FloatRounding.values()) {
                    float[] f = Gaussian.floatKernel(sigma, rule, rounding);
                    for (int i = 0; i < f.length; i++) {
                        assertThat(f[i]).isEqualTo(f[f.length - 1 - i]).isCloseTo((float) k[i], within(1e-7f));
                    }
                }
            }
        }
    }

    @Test
    void theTruncationRulesAreTheirFormulas() {
        assertThat(Gaussian.Radius.SCIPY_TRUNCATE_4.of(1.0)).isEqualTo(4);
        assertThat(Gaussian.Radius.SCIPY_TRUNCATE_4.of(0.6)).isEqualTo(2); // (int) 2.9
        assertThat(Gaussian.Radius.SCIPY_TRUNCATE_4.of(0.1)).isZero();
        assertThat(Gaussian.Radius.CEIL_4_SIGMA.of(0.6)).isEqualTo(3); // ceil 2.4
        assertThat(Gaussian.Radius.CEIL_4_SIGMA.of(0.1)).isEqualTo(1);
        assertThat(Gaussian.Radius.CEIL_3_SIGMA.of(1.75)).isEqualTo(6); // ceil 5.25
        assertThat(Gaussian.Radius.CEIL_3_SIGMA.of(0.875)).isEqualTo(3);
    }

    @Test
    void theTwoFloatRoundingsAreTheirFormulas() {
        // numpy, sigma 0.875, radius 3: float32(w / sum) and float32(float64(float32(w)) / sum); they differ at +-1
        float[] once = {0.0012773953f, 0.03345259f, 0.23729709f, 0.45594588f, 0.23729709f, 0.03345259f, 0.0012773953f};
        float[] twice = {0.0012773953f, 0.03345259f, 0.23729707f, 0.45594588f, 0.23729707f, 0.03345259f, 0.0012773953f};
        assertThat(Gaussian.floatKernel(0.875, 3, Gaussian.FloatRounding.ONCE)).containsExactly(once);
        assertThat(Gaussian.floatKernel(0.875, Gaussian.Radius.CEIL_3_SIGMA, Gaussian.FloatRounding.WEIGHT_THEN_QUOTIENT))
                .containsExactly(twice);
    }

    @Test
    void badSigmaOrRadiusIsRefused() {
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> Gaussian.weights(bad, 2)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("sigma must be a finite number above 0").hasMessageContaining(String.valueOf(bad));
            assertThatThrownBy(() -> Gaussian.Radius.CEIL_3_SIGMA.of(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("sigma");
        }
        assertThatThrownBy(() -> Gaussian.kernel(1, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("radius must be 0 or more").hasMessageContaining("-1");
        assertThatThrownBy(() -> Gaussian.oneSided(1, -2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-2");
    }
}
