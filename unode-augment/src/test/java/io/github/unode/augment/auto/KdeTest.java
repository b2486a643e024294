package io.github.unode.augment.auto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.unode.core.RandomSource;
import org.junit.jupiter.api.Test;

class KdeTest {

    private static double[] normal(int n, double mean, long seed) {
        RandomSource r = new RandomSource(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = mean + r.nextGaussian();
        }
        return x;
    }

    @Test
    void silvermanMatchesAHandComputedValue() {
        // x = 1..10: sd = sqrt(55/6) = 3.0277, IQR (linear) = 7.75 - 3.25 = 4.5, 4.5/1.34 = 3.3582
        double[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        double expected = 0.9 * Math.sqrt(55.0 / 6) * Math.pow(10, -0.2);
        assertThat(Kde.silverman(x)).isCloseTo(expected, within(1e-12));
        assertThat(Kde.silverman(new double[] {2, 2, 2})).isPositive();
    }

    @Test
    void densitiesSumToOneAndTheFastPathMatchesTheDirectOne() {
        double[] a = normal(2000, 0, 1);
        double[] b = normal(2000, 3, 2);
        double[] grid = Kde.grid(new double[][] {a, b}, Kde.GRID);
        assertThat(grid).hasSize(512);
        double[] fast = Kde.density(a, grid);
        double[] direct = Kde.densityDirect(a, grid);
        double sum = 0;
        for (int i = 0; i < grid.length; i++) {
            sum += fast[i];
            assertThat(fast[i]).isGreaterThanOrEqualTo(Kde.FLOOR * 0.99).isCloseTo(direct[i], within(1e-12));
        }
        assertThat(sum).isCloseTo(1, within(1e-12));
        // the density of N(0,1) data peaks near 0
        int arg = 0;
        for (int i = 1; i < grid.length; i++) {
            if (fast[i] > fast[arg]) {
                arg = i;
            }
        }
        assertThat(grid[arg]).isCloseTo(0, within(0.3));
    }

    @Test
    void divergenceIsZeroForIdenticalSetsAndGrowsWithTheShift() {
        double[] base = normal(2000, 0, 3);
        double previous = -1;
        for (double shift : new double[] {0, 0.5, 1, 2}) {
            double[] moved = base.clone();
            for (int i = 0; i < moved.length; i++) {
                moved[i] += shift;
            }
            double[] grid = Kde.grid(new double[][] {base, moved}, Kde.GRID);
            double j = Divergences.symmetricKl(Kde.density(base, grid), Kde.density(moved, grid));
            if (shift == 0) {
                assertThat(j).isCloseTo(0, within(1e-12));
            } else {
                assertThat(j).isGreaterThan(previous);
            }
            previous = j;
        }
        // for two unit Gaussians 2 apart the symmetric KL is d^2 = 4 (KDE smoothing lowers it, the
        // floor in the far tails raises it a little)
        assertThat(previous).isCloseTo(4.0, within(0.6));
    }

    @Test
    void softmaxWeightsSumToOneFollowTheDivergencesAndFlattenWithTemperature() {
        double[] j = {0.1, 2.0, 0.5, 30.0};
        double[] w = Divergences.softmax(j, 1);
        double sum = 0;
        for (double v : w) {
            sum += v;
        }
        assertThat(sum).isCloseTo(1, within(1e-12));
        assertThat(w[3]).isGreaterThan(w[1]);
        assertThat(w[1]).isGreaterThan(w[2]);
        assertThat(w[2]).isGreaterThan(w[0]);
        assertThat(w[1] / w[0]).isCloseTo(Math.exp(1.9), within(1e-9));
        double[] flat = Divergences.softmax(j, 1e6);
        for (double v : flat) {
            assertThat(v).isCloseTo(0.25, within(1e-4));
        }
        assertThatThrownBy(() -> Divergences.softmax(new double[] {1, Double.POSITIVE_INFINITY}, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
        assertThatThrownBy(() -> Divergences.softmax(j, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Divergences.kl(new double[] {0.5, 0.5}, new double[] {1, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    }
}
