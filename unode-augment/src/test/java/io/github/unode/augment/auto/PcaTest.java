package io.github.unode.augment.auto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.unode.core.EmptyDataException;
import io.github.unode.core.RandomSource;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.junit.jupiter.api.Test;

class PcaTest {

    /** n points with a decaying spectrum in d dimensions, rotated and shifted away from 0. */
    private static double[][] data(int n, int d, long seed) {
        RandomSource r = new RandomSource(seed);
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int c = 0; c < d; c++) {
                row[c] = 5 + r.nextGaussian() * 3 / (1 + 0.2 * c);
            }
        }
        // Mix coordinates so that components are not the axes.
        for (double[] row : x) {
            for (int c = 0; c + 1 < d; c += 2) {
                double a = row[c];
                double b = row[c + 1];
                row[c] = 0.8 * a - 0.6 * b;
                row[c + 1] = 0.6 * a + 0.8 * b;
            }
        }
        return x;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void subspaceIterationFindsTheSameComponentsAsAFullEigenDecomposition() {
        int d = 200;
        double[][] x = data(1500, d, 3);
        Pca pca = Pca.fit(x, 10, 2);
        try (Parallel p = Parallel.create(1)) {
            double[][] cov = Pca.covariance(x, pca.mean(), p);
            EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(cov, false));
            double[] values = eig.getRealEigenvalues().clone();
            java.util.Arrays.sort(values);
            for (int j = 0; j < 10; j++) {
                double lambda = values[d - 1 - j];
                assertThat(pca.explainedVariance()[j]).isCloseTo(lambda, within(1e-8 * values[d - 1]));
                // Each component is a unit eigenvector: C v = lambda v.
                double[] v = pca.component(j);
                assertThat(dot(v, v)).isCloseTo(1, within(1e-12));
                for (int i = 0; i < d; i++) {
                    assertThat(dot(cov[i], v)).isCloseTo(lambda * v[i], within(1e-6 * values[d - 1]));
                }
            }
        }
    }

    @Test
    void scoresAreCentredWithTheComponentVariancesAndIndependentOfThreads() {
        double[][] x = data(800, 150, 5);
        double[][] y = Pca.fit(x, 5, 1).transform(x);
        Pca two = Pca.fit(x, 5, 2);
        assertThat(two.transform(x)).isDeepEqualTo(y);
        for (int j = 0; j < 5; j++) {
            double mean = 0;
            double ss = 0;
            for (double[] row : y) {
                mean += row[j];
            }
            mean /= y.length;
            for (double[] row : y) {
                ss += (row[j] - mean) * (row[j] - mean);
            }
            assertThat(mean).isCloseTo(0, within(1e-10));
            assertThat(ss / (y.length - 1)).isCloseTo(two.explainedVariance()[j], within(1e-8));
        }
        // Decreasing variances and a sign convention: the largest loading is positive.
        for (int j = 0; j < 5; j++) {
            double[] v = two.component(j);
            double max = 0;
            for (double c : v) {
                max = Math.abs(c) > Math.abs(max) ? c : max;
            }
            assertThat(max).isPositive();
            if (j > 0) {
                assertThat(two.explainedVariance()[j]).isLessThanOrEqualTo(two.explainedVariance()[j - 1]);
            }
        }
    }

    @Test
    void smallDimensionsUseTheDirectDecompositionAndDAtMostKOnlyCentres() {
        double[][] x = data(300, 12, 8);
        Pca pca = Pca.fit(x, 3);
        assertThat(pca.components()).isEqualTo(3);
        double[][] y = pca.transform(x);
        assertThat(y[0]).hasSize(3);
        Pca centring = Pca.fit(x, 12);
        double[][] c = centring.transform(x);
        assertThat(c[7][4]).isCloseTo(x[7][4] - centring.mean()[4], within(1e-12));
        assertThat(centring.components()).isEqualTo(12);
    }

    @Test
    void refusesEmptyNanAndMismatchedInput() {
        assertThatThrownBy(() -> Pca.fit(new double[0][], 5)).isInstanceOf(EmptyDataException.class);
        double[][] x = data(20, 4, 1);
        x[3][1] = Double.POSITIVE_INFINITY;
        assertThatThrownBy(() -> Pca.fit(x, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row 3, column 1");
        Pca pca = Pca.fit(data(20, 4, 1), 2);
        assertThatThrownBy(() -> pca.transform(data(5, 3, 1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fitted on 4 features");
        assertThatThrownBy(() -> Pca.fit(data(20, 4, 1), 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
