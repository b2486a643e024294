package io.github.unode.augment.auto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The divergences of METHOD 3.5 against closed forms, and the floor's cap that the default no longer has. */
class DivergenceTest {

    private static double[] gaussian(int n, double mean, long seed) {
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = mean + r.nextGaussian();
        }
        return v;
    }

    /** j_k of the inliers N(0, 1) and a copy shifted by {@code shift} standard deviations. */
    private static double between(double shift, Divergence divergence) {
        double[] p = gaussian(2000, 0, 1);
        double[] q = gaussian(2000, shift, 2);
        Kde.Grid g = Kde.grid(new double[][] {p, q}, 512);
        return switch (divergence) {
            case SYMMETRIC_KL -> Divergences.symmetricKlFromLog(Kde.logDensity(p, g.bandwidths()[0], g.x()),
                    Kde.logDensity(q, g.bandwidths()[1], g.x()));
            case SYMMETRIC_KL_FLOORED -> Divergences.symmetricKl(g.density(0), g.density(1));
            case JENSEN_SHANNON -> Divergences.jensenShannon(g.density(0), g.density(1));
        };
    }

    @Test
    void theUnflooredSymmetricKlKeepsGrowingLikeTheSquaredShift() {
        // two KDEs far apart differ in their Gaussian tails, whose log falls like the squared
        // distance: the divergence keeps ranking shifts however large, quadratically
        double[] shifts = {1, 3, 6, 12, 50, 100};
        double last = 0;
        for (double d : shifts) {
            double j = between(d, Divergence.SYMMETRIC_KL);
            assertThat(j).as("shift %s", d).isGreaterThan(last);
            last = j;
        }
        assertThat(between(100, Divergence.SYMMETRIC_KL) / between(50, Divergence.SYMMETRIC_KL)).isBetween(3.6, 4.4);
        // near 0 it is small and agrees with the floored form, which only differs in the far tails
        assertThat(between(0, Divergence.SYMMETRIC_KL)).isLessThan(0.05);
        assertThat(between(1, Divergence.SYMMETRIC_KL))
                .isCloseTo(between(1, Divergence.SYMMETRIC_KL_FLOORED), within(0.05));
    }

    @Test
    void theFloorCapsTheDivergenceSoFarShiftsLookAlike() {
        double six = between(6, Divergence.SYMMETRIC_KL_FLOORED);
        double hundred = between(100, Divergence.SYMMETRIC_KL_FLOORED);
        assertThat(hundred).isLessThan(2 * Math.log(1 / Kde.FLOOR) + 1); // about 46 nats at most
        assertThat(hundred - six).isLessThan(10);
    }

    @Test
    void jensenShannonIsBoundedByLnTwoAndZeroForEqualDensities() {
        double[] p = {0.2, 0.3, 0.5, 0};
        double[] q = {0, 0, 0, 1};
        assertThat(Divergences.jensenShannon(p, q)).isCloseTo(Math.log(2), within(1e-12));
        assertThat(Divergences.jensenShannon(p, p)).isCloseTo(0, within(1e-15));
        // by hand: p = (1/2, 1/2), q = (1, 0): m = (3/4, 1/4)
        double byHand = 0.5 * (0.5 * Math.log(0.5 / 0.75) + 0.5 * Math.log(0.5 / 0.25)) + 0.5 * Math.log(1 / 0.75);
        assertThat(Divergences.jensenShannon(new double[] {0.5, 0.5}, new double[] {1, 0}))
                .isCloseTo(byHand, within(1e-12));
        assertThat(between(3, Divergence.JENSEN_SHANNON)).isBetween(0.5, Math.log(2));
    }

    @Test
    void klFromLogMatchesKlOnDensitiesWithoutZeros() {
        double[] p = {0.1, 0.2, 0.7};
        double[] q = {0.3, 0.3, 0.4};
        double[] lp = {Math.log(0.1), Math.log(0.2), Math.log(0.7)};
        double[] lq = {Math.log(0.3), Math.log(0.3), Math.log(0.4)};
        assertThat(Divergences.klFromLog(lp, lq)).isCloseTo(Divergences.kl(p, q), within(1e-14));
        assertThatThrownBy(() -> Divergences.klFromLog(new double[] {Double.NaN}, new double[] {0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
    }

    @Test
    void logDensityIsTheLogOfTheNormalisedKdeWhereItDoesNotUnderflow() {
        double[] p = gaussian(500, 0, 3);
        Kde.Grid g = Kde.gridDirect(new double[][] {p}, 128);
        double[] log = Kde.logDensity(p, g.bandwidths()[0], g.x());
        double[] dens = g.density(0);
        for (int t = 0; t < log.length; t++) {
            if (dens[t] > 1e-6) {
                assertThat(Math.exp(log[t])).isCloseTo(dens[t], within(1e-9 + 1e-6 * dens[t]));
            }
        }
    }

    @Test
    void theSoftmaxTemperatureIsCheckedWhenAutoAugOodIsBuilt() {
        assertThatThrownBy(() -> AutoAugOOD.builder().temperature(1e-9))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("temperature");
        assertThatThrownBy(() -> AutoAugOOD.builder().temperature(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(AutoAugOOD.builder().temperature(0.01).build().config().temperature()).isEqualTo(0.01);
    }
}
