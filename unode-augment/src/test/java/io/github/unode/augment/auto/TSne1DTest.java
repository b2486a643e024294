package io.github.unode.augment.auto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.unode.core.RandomSource;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

class TSne1DTest {

    /** Clusters of {@code per} points each in {@code d} dimensions, centres {@code gap} apart on a diagonal. */
    static double[] clusters(int clusters, int per, int d, double gap, long seed) {
        RandomSource r = new RandomSource(seed);
        double[] x = new double[clusters * per * d];
        for (int c = 0; c < clusters; c++) {
            for (int i = 0; i < per; i++) {
                for (int k = 0; k < d; k++) {
                    x[((c * per) + i) * d + k] = r.nextGaussian() + (k % 2 == 0 ? c * gap : -c * gap / 2);
                }
            }
        }
        return x;
    }

    private static TSne1D.Config shortRun() {
        return TSne1D.Config.defaults().withIterations(250, 250);
    }

    @Test
    void twoWellSeparatedClustersDoNotMixWithEitherGradient() {
        double[] x = clusters(2, 300, 50, 10, 1);
        for (boolean exact : new boolean[] {false, true}) {
            double[] y = TSne1D.run(x, 600, 50, shortRun().withExact(exact)).embedding();
            double maxA = Double.NEGATIVE_INFINITY;
            double minA = Double.POSITIVE_INFINITY;
            double maxB = Double.NEGATIVE_INFINITY;
            double minB = Double.POSITIVE_INFINITY;
            for (int i = 0; i < 300; i++) {
                maxA = Math.max(maxA, y[i]);
                minA = Math.min(minA, y[i]);
                maxB = Math.max(maxB, y[300 + i]);
                minB = Math.min(minB, y[300 + i]);
            }
            assertThat(maxA < minB || maxB < minA).as("exact=" + exact + ": clusters separated").isTrue();
        }
    }

    @Test
    void fftRepulsionMatchesTheExactSum() {
        RandomSource r = new RandomSource(2);
        for (int n : new int[] {200, 1500}) {
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = r.nextGaussian() * 20 + (i % 3) * 30; // a spread, multi-modal embedding
            }
            double[] fast = new double[n];
            double[] exact = new double[n];
            double zExact = FftRepulsion1D.exact(y, exact);
            double maxForce = 0;
            for (double f : exact) {
                maxForce = Math.max(maxForce, Math.abs(f));
            }
            // the interpolation error falls as the cube of the box width: 4 boxes per unit ~1e-3
            double zFast = FftRepulsion1D.compute(y, fast, 4);
            assertThat(zFast).isCloseTo(zExact, within(1e-4 * zExact));
            for (int i = 0; i < n; i++) {
                assertThat(fast[i]).isCloseTo(exact[i], within(2e-3 * maxForce));
            }
            // and the default, 2 per unit, ~1e-2
            double zDefault = FftRepulsion1D.compute(y, fast, 2);
            assertThat(zDefault).isCloseTo(zExact, within(2e-3 * zExact));
            for (int i = 0; i < n; i++) {
                assertThat(fast[i]).isCloseTo(exact[i], within(2e-2 * maxForce));
            }
            // and the parallel exact path of the optimiser agrees with the plain one
            double[] par = new double[n];
            assertThat(TSne1D.exactRepulsion(y, par)).isCloseTo(zExact, within(1e-9 * zExact));
            assertThat(par[7]).isCloseTo(exact[7], within(1e-12));
        }
    }

    @Test
    void fftAndExactRunsReachTheSameObjectiveAndOrder() {
        double[] x = clusters(3, 200, 20, 8, 3);
        TSne1D.Result fast = TSne1D.run(x, 600, 20, shortRun());
        TSne1D.Result exact = TSne1D.run(x, 600, 20, shortRun().withExact(true));
        assertThat(fast.kl()).isCloseTo(exact.kl(), within(0.05 * exact.kl()));
        int[] orderFast = clusterOrder(fast.embedding());
        int[] orderExact = clusterOrder(exact.embedding());
        boolean same = java.util.Arrays.equals(orderFast, orderExact);
        boolean mirrored = java.util.Arrays.equals(orderFast, new int[] {orderExact[2], orderExact[1], orderExact[0]});
        assertThat(same || mirrored).as(java.util.Arrays.toString(orderFast) + " vs "
                + java.util.Arrays.toString(orderExact)).isTrue();
    }

    private static int[] clusterOrder(double[] y) {
        double[] mean = new double[3];
        for (int i = 0; i < y.length; i++) {
            mean[i / 200] += y[i] / 200;
        }
        Integer[] o = {0, 1, 2};
        java.util.Arrays.sort(o, (a, b) -> Double.compare(mean[a], mean[b]));
        return new int[] {o[0], o[1], o[2]};
    }

    @Test
    void affinitiesMatchScikitLearnAndAreCalibrated() throws Exception {
        JsonObject f;
        try (Reader r = new InputStreamReader(getClass().getResourceAsStream("/tsne/affinities-fixture.json"),
                StandardCharsets.UTF_8)) {
            f = JsonParser.parseReader(r).getAsJsonObject();
        }
        int n = f.get("n").getAsInt();
        int d = f.get("d").getAsInt();
        int k = f.get("k").getAsInt();
        double perplexity = f.get("perplexity").getAsDouble();
        double[] x = toDoubles(f.getAsJsonArray("data"));
        double[] expected = toDoubles(f.getAsJsonArray("conditional"));
        JsonArray idx = f.getAsJsonArray("indices");
        NearestNeighbours.Result nn = NearestNeighbours.find(x, n, d, k);
        for (int i = 0; i < n * k; i++) {
            assertThat(nn.indices()[i]).as("neighbour %d", i).isEqualTo(idx.get(i).getAsInt());
        }
        double[] p = Affinities.conditional(nn, perplexity);
        for (int i = 0; i < p.length; i++) {
            assertThat(p[i]).isCloseTo(expected[i], within(2e-5));
        }
        // each row's entropy is log(perplexity)
        for (int i = 0; i < n; i++) {
            double h = 0;
            double s = 0;
            for (int j = 0; j < k; j++) {
                double v = p[i * k + j];
                s += v;
                if (v > 0) {
                    h -= v * Math.log(v);
                }
            }
            assertThat(s).isCloseTo(1, within(1e-9));
            assertThat(h).isCloseTo(Math.log(perplexity), within(1e-4));
        }
        // the joint P is symmetric and sums to one
        Affinities.Csr csr = Affinities.symmetrize(nn, p);
        assertThat(csr.sum()).isCloseTo(1, within(1e-9));
        for (int i = 0; i < n; i++) {
            for (int t = csr.rowStart()[i]; t < csr.rowStart()[i + 1]; t++) {
                assertThat(entry(csr, csr.columns()[t], i)).isEqualTo(csr.values()[t]);
            }
        }
    }

    private static double entry(Affinities.Csr m, int i, int j) {
        for (int t = m.rowStart()[i]; t < m.rowStart()[i + 1]; t++) {
            if (m.columns()[t] == j) {
                return m.values()[t];
            }
        }
        return 0;
    }

    private static double[] toDoubles(JsonArray a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).getAsDouble();
        }
        return v;
    }

    @Test
    void resultsAreIdenticalForAnyThreadCount() throws Exception {
        double[] x = clusters(2, 2500, 10, 5, 4); // 5,000 points: several parallel chunks
        TSne1D.Config c = TSne1D.Config.defaults().withIterations(50, 50);
        double[] two = new ForkJoinPool(2).submit(() -> TSne1D.run(x, 5000, 10, c).embedding()).get();
        double[] one = new ForkJoinPool(1).submit(() -> TSne1D.run(x, 5000, 10, c).embedding()).get();
        double[] again = TSne1D.run(x, 5000, 10, c).embedding();
        assertThat(one).containsExactly(two);
        assertThat(again).containsExactly(two);
    }

    @Test
    void pcaKeepsTheLeadingComponentsInOrder() {
        // variance 25 along axis 2, 4 along axis 0, 1 along axis 1
        RandomSource r = new RandomSource(5);
        int n = 4000;
        double[] x = new double[n * 3];
        for (int i = 0; i < n; i++) {
            x[3 * i] = 2 * r.nextGaussian();
            x[3 * i + 1] = r.nextGaussian();
            x[3 * i + 2] = 5 * r.nextGaussian() + 100;
        }
        double[] p = Pca.project(x, n, 3, 2);
        assertThat(p).hasSize(2 * n);
        double v0 = 0;
        double v1 = 0;
        double cross = 0;
        for (int i = 0; i < n; i++) {
            v0 += p[2 * i] * p[2 * i] / n;
            v1 += p[2 * i + 1] * p[2 * i + 1] / n;
            cross += p[2 * i] * x[3 * i + 2] / n;
        }
        assertThat(v0).isCloseTo(25, within(1.5));
        assertThat(v1).isCloseTo(4, within(0.3));
        assertThat(cross).isPositive(); // sign convention: the largest loading is positive
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> TSne1D.run(new double[] {1, Double.NaN, 2, 3}, 2, 2, TSne1D.Config.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
        assertThatThrownBy(() -> TSne1D.run(new double[20], 10, 2, TSne1D.Config.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("perplexity 30.0");
        assertThatThrownBy(() -> TSne1D.run(new double[1], 1, 1, TSne1D.Config.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2 points");
        assertThatThrownBy(() -> TSne1D.Config.defaults().withPerplexity(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("perplexity");
    }
}
