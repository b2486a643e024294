package io.github.unode.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class StatsTest {

    @Test
    void meanAndStdArePopulationMoments() {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, squares about it summing to 32, so sqrt(32 / 8) = 2 (n - 1: 2.138)
        double[] v = {2, 4, 4, 4, 5, 5, 7, 9};
        float[] f = {2, 4, 4, 4, 5, 5, 7, 9};
        assertThat(Stats.mean(v)).isCloseTo(5, within(1e-12));
        assertThat(Stats.std(v)).isCloseTo(2, within(1e-12));
        assertThat(Stats.std(f)).isCloseTo(2, within(1e-12));
        assertThat(Stats.std(new double[] {3})).isZero();
    }

    @Test
    void betaQuantilesMatchClosedFormsAndAnIndependentIntegration() {
        // closed forms: Beta(1, b) has CDF 1 - (1 - x)^b, Beta(a, 1) has CDF x^a
        assertThat(Stats.betaQuantile(1, 6, 0.05)).isCloseTo(1 - Math.pow(0.95, 1.0 / 6), within(1e-10));
        assertThat(Stats.betaQuantile(4, 1, 0.3)).isCloseTo(Math.pow(0.3, 0.25), within(1e-10));
        assertThat(Stats.betaQuantile(1, 1, 0.7)).isCloseTo(0.7, within(1e-10));
        // Simpson integration of the density and bisection, in Python (session of 2026-12-01)
        assertThat(Stats.betaQuantile(2, 5, 0.95)).isCloseTo(0.581803, within(2e-6));
        assertThat(Stats.betaQuantile(6, 95, 0.95)).isCloseTo(0.102253, within(2e-6));
        assertThat(Stats.betaQuantile(5, 96, 0.05)).isCloseTo(0.019906, within(2e-6));
        assertThat(Stats.betaQuantile(3, 4, 0.5)).isCloseTo(0.421407, within(2e-6));
        // the ends
        assertThat(Stats.betaQuantile(3, 4, 0)).isCloseTo(0, within(1e-12));
        assertThat(Stats.betaQuantile(3, 4, 1)).isCloseTo(1, within(1e-12));
    }

    @Test
    void theBinomialTailSumsToOneAndMatchesAHandCount() {
        // P(Bin(3, 0.5) >= 2) = (3 + 1) / 8
        assertThat(Stats.binomialUpperTail(3, 2, 0.5)).isCloseTo(0.5, within(1e-12));
        assertThat(Stats.binomialUpperTail(10, 0, 0.37)).isCloseTo(1, within(1e-12));
        assertThat(Stats.binomialUpperTail(5000, 2500, 0.5)).isCloseTo(0.5 + 0.5 * 0.0112832, within(1e-6));
    }

    @Test
    void badBetaParametersAreRefusedByName() {
        assertThatThrownBy(() -> Stats.betaQuantile(0, 3, 0.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a=0");
        assertThatThrownBy(() -> Stats.betaQuantile(2, 3, Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("p=NaN");
    }
}
