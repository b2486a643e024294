package io.github.unode.augment.auto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.unode.core.EmptyDataException;
import io.github.unode.core.RandomSource;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class KdeTest {

    private static double[] normal(int n, double mean, double sd, long seed) {
        RandomSource r = new RandomSource(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = mean + sd * r.nextGaussian();
        }
        return x;
    }

    @Test
    void silvermanBandwidthMatchesAHandComputation() {
        double[] x = {1, 2, 3, 4, 10};
        // mean 4, sample variance (9+4+1+0+36)/4 = 12.5, sd = 3.5355; quartiles (type 7) 2 and 4,
        // IQR/1.34 = 1.4925 < sd; bandwidth = 0.9 * 1.4925 * 5^(-1/5) = 0.97358 (numpy agrees).
        double expected = 0.9 * (2 / 1.34) * Math.pow(5, -0.2);
        assertThat(Kde.silvermanBandwidth(x)).isCloseTo(expected, within(1e-12));
        assertThat(Kde.silvermanBandwidth(x)).isCloseTo(0.97358, within(1e-5));
        // IQR 0 but sd > 0: R's bw.nrd0 takes the sd.
        double[] spiky = {0, 0, 0, 0, 0, 0, 0, 5};
        double sd = Math.sqrt((7 * 0.625 * 0.625 + 4.375 * 4.375) / 7);
        assertThat(Kde.silvermanBandwidth(spiky)).isCloseTo(0.9 * sd * Math.pow(8, -0.2), within(1e-12));
        assertThat(Kde.silvermanBandwidth(new double[] {2, 2, 2})).isEqualTo(0.0);
    }

    @Test
    void densitiesSumToOneAreFlooredAndTheGridCoversAllSetsWithAMargin() {
        double[][] sets = {normal(2000, 0, 1, 1), normal(2000, 30, 0.5, 2)};
        Kde.Grid g = Kde.grid(sets, 512);
        double[] x = g.x();
        assertThat(x).hasSize(512);
        double lo = Arrays.stream(sets[0]).min().orElseThrow();
        double hi = Arrays.stream(sets[1]).max().orElseThrow();
        double maxBw = Math.max(g.bandwidths()[0], g.bandwidths()[1]);
        assertThat(x[0]).isCloseTo(lo - 3 * maxBw, within(1e-9));
        assertThat(x[511]).isCloseTo(hi + 3 * maxBw, within(1e-9));
        for (int k = 0; k < 2; k++) {
            double[] p = g.density(k);
            assertThat(Arrays.stream(p).sum()).isCloseTo(1, within(1e-12));
            assertThat(Arrays.stream(p).min().orElseThrow()).isGreaterThan(0.99e-10);
        }
        // The first set's mass lies near 0, the second's near 30.
        double[] p0 = g.density(0);
        double mean0 = 0;
        for (int t = 0; t < 512; t++) {
            mean0 += p0[t] * x[t];
        }
        assertThat(mean0).isCloseTo(0, within(0.1));
    }

    @Test
    void binnedEvaluationAgreesWithTheDirectSum() {
        double[][] sets = new double[12][];
        for (int k = 0; k < 12; k++) {
            sets[k] = normal(2000, k * 3.0, 1 + k * 0.5, 100 + k);
        }
        Kde.Grid fast = Kde.grid(sets, 512);
        Kde.Grid direct = Kde.gridDirect(sets, 512);
        assertThat(fast.x()).isEqualTo(direct.x());
        for (int k = 0; k < 12; k++) {
            double[] a = fast.density(k);
            double[] b = direct.density(k);
            double maxB = Arrays.stream(b).max().orElseThrow();
            for (int t = 0; t < 512; t++) {
                assertThat(Math.abs(a[t] - b[t])).as("set %d, point %d", k, t).isLessThan(2e-3 * maxB);
            }
            assertThat(Divergences.symmetricKl(a, b)).isLessThan(1e-4);
        }
    }

    @Test
    void identicalSetsHaveZeroDivergenceAndShiftingOneMakesItGrow() {
        double[] base = normal(2000, 0, 1, 7);
        double previous = -1;
        for (double shift : new double[] {0, 0.5, 1, 2}) {
            double[] moved = Arrays.stream(base).map(v -> v + shift).toArray();
            Kde.Grid g = Kde.grid(new double[][] {base, moved}, 512);
            double j = Divergences.symmetricKl(g.density(0), g.density(1));
            if (shift == 0) {
                assertThat(j).isEqualTo(0.0);
            } else {
                assertThat(j).as("shift %s", shift).isGreaterThan(previous);
            }
            previous = j;
        }
        // For two normals of equal variance J = shift^2 / sd^2: about 1 at one sd.
        double[] moved = Arrays.stream(base).map(v -> v + 1).toArray();
        Kde.Grid g = Kde.grid(new double[][] {base, moved}, 512);
        assertThat(Divergences.symmetricKl(g.density(0), g.density(1))).isBetween(0.6, 1.2);
    }

    @Test
    void aConstantSetBorrowsThePooledBandwidth() {
        double[][] sets = {normal(500, 0, 1, 3), new double[] {0.5, 0.5, 0.5}};
        Kde.Grid g = Kde.grid(sets, 256);
        double pooled = Kde.silvermanBandwidth(
                java.util.stream.DoubleStream.concat(Arrays.stream(sets[0]), Arrays.stream(sets[1])).toArray());
        assertThat(g.bandwidths()[1]).isEqualTo(pooled);
        assertThat(Kde.grid(new double[][] {{4, 4}}, 16).bandwidths()[0]).isEqualTo(1.0);
    }

    @Test
    void refusesEmptySetsAndNan() {
        assertThatThrownBy(() -> Kde.grid(new double[][] {{1, 2}, {}}, 512))
                .isInstanceOf(EmptyDataException.class).hasMessageContaining("set 1");
        assertThatThrownBy(() -> Kde.grid(new double[0][], 512)).isInstanceOf(EmptyDataException.class);
        assertThatThrownBy(() -> Kde.grid(new double[][] {{1, Double.NaN}}, 512))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index 1");
        assertThatThrownBy(() -> Kde.grid(new double[][] {{1, 2}}, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
