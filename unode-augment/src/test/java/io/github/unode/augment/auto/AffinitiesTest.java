package io.github.unode.augment.auto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AffinitiesTest {

    private static KnnGraph graph(double[][] x, int k) {
        try (Parallel p = Parallel.create(2)) {
            return ExactKnn.compute(TestData.flat(x), x.length, x[0].length, k, p);
        }
    }

    @Test
    void everyConditionalRowHasEntropyLogPerplexityAndSumsToOne() {
        double[][] x = TestData.clusters(2, 200, 10, 5, 17);
        for (double perplexity : new double[] {5, 30}) {
            KnnGraph g = graph(x, (int) (3 * perplexity));
            double[] p;
            try (Parallel par = Parallel.create(2)) {
                p = Affinities.conditional(g, perplexity, par);
            }
            int k = g.k();
            for (int i = 0; i < g.n(); i++) {
                double sum = 0;
                double entropy = 0;
                for (int m = 0; m < k; m++) {
                    double v = p[i * k + m];
                    sum += v;
                    if (v > 0) {
                        entropy -= v * Math.log(v);
                    }
                }
                assertThat(sum).isCloseTo(1, within(1e-12));
                assertThat(entropy).as("row %d at perplexity %s", i, perplexity)
                        .isCloseTo(Math.log(perplexity), within(Affinities.ENTROPY_TOLERANCE));
            }
        }
    }

    @Test
    void jointIsSymmetricSumsToOneAndHoldsTheUnionOfBothDirections() {
        double[][] x = TestData.gaussian(300, 6, 23);
        KnnGraph g = graph(x, 15);
        double[] cond;
        try (Parallel par = Parallel.create(1)) {
            cond = Affinities.conditional(g, 5, par);
        }
        SparseAffinities p = Affinities.joint(g, cond);
        double total = 0;
        for (int i = 0; i < p.n(); i++) {
            for (int e = p.rowStart()[i]; e < p.rowStart()[i + 1]; e++) {
                int j = p.columns()[e];
                if (e > p.rowStart()[i]) {
                    assertThat(j).isGreaterThan(p.columns()[e - 1]);
                }
                assertThat(j).isNotEqualTo(i);
                assertThat(p.get(j, i)).isEqualTo(p.values()[e]);
                total += p.values()[e];
            }
        }
        assertThat(total).isCloseTo(1, within(1e-12));
        // P_ij = (p_{j|i} + p_{i|j}) / 2n for every neighbour pair.
        int k = g.k();
        for (int i = 0; i < g.n(); i++) {
            for (int m = 0; m < k; m++) {
                int j = g.indices()[i * k + m];
                double back = 0;
                for (int q = 0; q < k; q++) {
                    if (g.indices()[j * k + q] == i) {
                        back = cond[j * k + q];
                    }
                }
                assertThat(p.get(i, j)).isCloseTo((cond[i * k + m] + back) / (2.0 * g.n()), within(1e-15));
            }
        }
    }

    @Test
    void largeDistancesDoNotUnderflowToAZeroRow() {
        // Squared distances around 1e6: exp(-d) underflows without the shift by the nearest distance.
        double[][] x = TestData.gaussian(100, 4, 3);
        for (double[] row : x) {
            for (int c = 0; c < row.length; c++) {
                row[c] *= 1000;
            }
        }
        KnnGraph g = graph(x, 30);
        double[] cond;
        try (Parallel par = Parallel.create(1)) {
            cond = Affinities.conditional(g, 10, par);
        }
        for (int i = 0; i < g.n(); i++) {
            double entropy = 0;
            for (int m = 0; m < 30; m++) {
                double v = cond[i * 30 + m];
                entropy -= v > 0 ? v * Math.log(v) : 0;
            }
            assertThat(entropy).isCloseTo(Math.log(10), within(1e-4));
        }
    }

    @Test
    void refusesAPerplexityAboveK() {
        KnnGraph g = graph(TestData.gaussian(20, 2, 1), 5);
        try (Parallel par = Parallel.create(1)) {
            assertThatThrownBy(() -> Affinities.conditional(g, 6, par))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("perplexity");
        }
    }
}
