package io.github.unode.augment.auto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.unode.core.EmptyDataException;
import io.github.unode.core.RandomSource;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DistributionShiftTest {

    /** Each row of {@code h} moved by {@code shift} sd along the first axis, plus small noise. */
    private static double[][] shifted(double[][] h, double shift, long seed) {
        RandomSource r = new RandomSource(seed);
        double[][] out = new double[h.length][];
        for (int i = 0; i < h.length; i++) {
            out[i] = h[i].clone();
            for (int c = 0; c < out[i].length; c++) {
                out[i][c] += 0.05 * r.nextGaussian() + (c < 4 ? shift : 0);
            }
        }
        return out;
    }

    @Test
    void augmentationsThatMoveTheFeaturesFurtherGetLargerDivergencesAndWeights() {
        double[][] h = TestData.gaussian(200, 16, 1);
        List<double[][]> augmented = List.of(shifted(h, 3, 2), shifted(h, 0, 3), shifted(h, 12, 4));
        DistributionShift.Options o = DistributionShift.Options.defaults()
                .withTsne(TSne1D.Options.defaults().withIterations(250, 250));
        DistributionShift.Report report = DistributionShift.measure(h, augmented, o);
        double[] j = report.divergences();
        double[] w = report.weights();
        assertThat(j[1]).isLessThan(j[0]);
        assertThat(j[0]).isLessThan(j[2]);
        assertThat(j[1]).isLessThan(0.5);
        // softmax(j) at tau = 1: with the unfloored divergence the far copy takes nearly all
        double[] soft = SoftmaxWeights.softmax(j, 1);
        for (int k = 0; k < 3; k++) {
            assertThat(w[k]).isCloseTo(soft[k], within(1e-12));
        }
        assertThat(w[1]).isLessThanOrEqualTo(w[0]);
        assertThat(w[0]).isLessThan(w[2]);
        assertThat(Arrays.stream(w).sum()).isCloseTo(1, within(1e-12));
        assertThat(report.shifts()).extracting(DistributionShift.Shift::index).containsExactly(0, 1, 2);
        // The copy with noise only lands where the original does; the far one does not.
        DistributionShift.Placement original = report.original();
        assertThat(Math.abs(report.shifts().get(1).placement().mean() - original.mean()))
                .isLessThan(0.5 * original.sd());
        assertThat(Math.abs(report.shifts().get(2).placement().mean() - original.mean()))
                .isGreaterThan(original.sd());
        assertThat(report.densities().densities()).hasNumberOfRows(4);
        assertThat(report.timings().total()).isPositive();
        assertThat(report.tsneKl()).isPositive();
        // Temperature: tau -> large flattens the same divergences.
        double[] flat = SoftmaxWeights.softmax(j, 1e6);
        assertThat(flat[0]).isCloseTo(1.0 / 3, within(1.0 / 3 * (Math.exp(j[2] / 1e6) - 1) + 1e-12));
    }

    @Test
    void refusesMismatchedEmptyAndNanSets() {
        double[][] h = TestData.gaussian(40, 5, 1);
        DistributionShift.Options o = DistributionShift.Options.defaults();
        assertThatThrownBy(() -> DistributionShift.measure(h, List.of(), o))
                .isInstanceOf(EmptyDataException.class).hasMessageContaining("at least one augmentation");
        assertThatThrownBy(() -> DistributionShift.measure(h, List.<double[][]>of(TestData.gaussian(39, 5, 2)), o))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("H_0 are 39 x 5")
                .hasMessageContaining("40 x 5");
        assertThatThrownBy(() -> DistributionShift.measure(h, List.<double[][]>of(TestData.gaussian(40, 6, 2)), o))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("40 x 6");
        double[][] nan = TestData.gaussian(40, 5, 3);
        nan[9][4] = Double.NaN;
        assertThatThrownBy(() -> DistributionShift.measure(h, List.<double[][]>of(h, nan), o))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("H_1")
                .hasMessageContaining("row 9, column 4");
        assertThatThrownBy(() -> DistributionShift.measure(new double[0][], List.<double[][]>of(h), o))
                .isInstanceOf(EmptyDataException.class).hasMessageContaining("original");
        // 2 sets of 10 points cannot support perplexity 30.
        double[][] tiny = TestData.gaussian(10, 5, 4);
        assertThatThrownBy(() -> DistributionShift.measure(tiny, List.<double[][]>of(tiny), o))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("perplexity");
        assertThatThrownBy(() -> o.withTemperature(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
