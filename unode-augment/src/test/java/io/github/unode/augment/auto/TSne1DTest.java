package io.github.unode.augment.auto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unode.core.EmptyDataException;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TSne1DTest {

    /** The fraction of points on the majority side of the best single threshold between two groups. */
    private static double separability(double[] y, int split) {
        double[] a = Arrays.copyOfRange(y, 0, split);
        double[] b = Arrays.copyOfRange(y, split, y.length);
        double best = 0;
        double[] all = y.clone();
        Arrays.sort(all);
        for (double t : all) {
            long aBelow = Arrays.stream(a).filter(v -> v <= t).count();
            long bBelow = Arrays.stream(b).filter(v -> v <= t).count();
            double right = Math.max(aBelow + (b.length - bBelow), bBelow + (a.length - aBelow));
            best = Math.max(best, right / y.length);
        }
        return best;
    }

    private static double mean(double[] y, int from, int to) {
        return Arrays.stream(y, from, to).average().orElseThrow();
    }

    /** Cluster indices sorted by their mean coordinate. */
    private static int[] order(double[] y, int clusters, int per) {
        double[] means = IntStream.range(0, clusters).mapToDouble(c -> mean(y, c * per, (c + 1) * per)).toArray();
        return IntStream.range(0, clusters).boxed().sorted((a, b) -> Double.compare(means[a], means[b]))
                .mapToInt(Integer::intValue).toArray();
    }

    @Test
    void separatesTwoDistantClustersWithTheFftAndTheExactGradient() {
        double[][] x = TestData.clusters(2, 300, 50, 10, 41);
        TSne1D.Options o = TSne1D.Options.defaults().withIterations(250, 350);
        TSneResult fft = TSne1D.fit(x, o);
        TSneResult exact = TSne1D.exact(x, o);
        for (TSneResult r : new TSneResult[] {fft, exact}) {
            double[] y = r.y();
            assertThat(separability(y, 300)).isEqualTo(1.0);
            double gap = Math.abs(mean(y, 0, 300) - mean(y, 300, 600));
            double spread = Math.max(sd(y, 0, 300), sd(y, 300, 600));
            assertThat(gap).isGreaterThan(3 * spread);
            assertThat(r.iterations()).isEqualTo(600);
            assertThat(r.neighbours()).isEqualTo(90);
            assertThat(r.learningRate()).isEqualTo(50.0);
        }
    }

    private static double sd(double[] y, int from, int to) {
        double m = mean(y, from, to);
        return Math.sqrt(Arrays.stream(y, from, to).map(v -> (v - m) * (v - m)).average().orElseThrow());
    }

    @Test
    void fftAndExactGradientsReachTheSameObjectiveAndClusterOrder() {
        double[][] x = TestData.clusters(3, 250, 20, 8, 5);
        TSne1D.Options o = TSne1D.Options.defaults();
        TSneResult fft = TSne1D.fit(x, o);
        TSneResult exact = TSne1D.exact(x, o);
        assertThat(Math.abs(fft.kl() - exact.kl()) / exact.kl()).isLessThan(0.05);
        assertThat(fft.kl()).isBetween(0.1, 5.0);
        int[] a = order(fft.y(), 3, 250);
        int[] b = order(exact.y(), 3, 250);
        int[] reversed = {b[2], b[1], b[0]};
        assertThat(Arrays.equals(a, b) || Arrays.equals(a, reversed)).as("orders %s and %s",
                Arrays.toString(a), Arrays.toString(b)).isTrue();
        // Clusters centred on a line in input space stay in that order (middle one in the middle).
        assertThat(a[1]).isEqualTo(1);
    }

    @Test
    void klMatchesADenseComputationOfTheObjective() {
        double[][] x = TestData.clusters(2, 100, 10, 6, 9);
        TSne1D.Options o = TSne1D.Options.defaults().withPerplexity(10).withIterations(100, 100);
        TSneResult r = TSne1D.exact(x, o);
        // Rebuild P exactly as the run did and sum the objective over all pairs.
        int n = x.length;
        KnnGraph g;
        double[] cond;
        try (Parallel p = Parallel.create(1)) {
            g = ExactKnn.compute(TestData.flat(x), n, 10, 30, p);
            cond = Affinities.conditional(g, 10, p);
        }
        SparseAffinities p = Affinities.joint(g, cond);
        double[] y = r.y();
        double z = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    z += 1 / (1 + (y[i] - y[j]) * (y[i] - y[j]));
                }
            }
        }
        double kl = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double pij = p.get(i, j);
                if (pij > 0) {
                    double q = 1 / (1 + (y[i] - y[j]) * (y[i] - y[j])) / z;
                    kl += pij * Math.log(pij / q);
                }
            }
        }
        assertThat(r.kl()).isCloseTo(kl, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void sameSeedGivesABitIdenticalEmbeddingOnOneAndTwoThreads() {
        double[][] x = TestData.clusters(3, 200, 30, 5, 13);
        TSne1D.Options o = TSne1D.Options.defaults().withIterations(100, 150);
        double[] one = TSne1D.fit(x, o.withThreads(1)).y();
        double[] two = TSne1D.fit(x, o.withThreads(2)).y();
        double[] again = TSne1D.fit(x, o.withThreads(2)).y();
        assertThat(two).isEqualTo(one);
        assertThat(again).isEqualTo(one);
        // Random initialisation: the seed decides, and only the seed.
        TSne1D.Options random = o.withInitialisation(TSne1D.Initialisation.RANDOM).withThreads(2);
        double[] r1 = TSne1D.fit(x, random).y();
        double[] r2 = TSne1D.fit(x, random.withThreads(1)).y();
        double[] r3 = TSne1D.fit(x, random.withSeed(99)).y();
        assertThat(r2).isEqualTo(r1);
        assertThat(r3).isNotEqualTo(r1);
    }

    @Test
    void learningRateAutoIsScikitLearns() {
        TSne1D.Options o = TSne1D.Options.defaults();
        assertThat(o.learningRateFor(1000)).isEqualTo(50.0);
        assertThat(o.learningRateFor(24000)).isEqualTo(500.0);
        assertThat(o.withLearningRate(200).learningRateFor(24000)).isEqualTo(200.0);
        assertThat(o.neighboursFor(50)).isEqualTo(49);
        assertThat(o.neighboursFor(5000)).isEqualTo(90);
    }

    @Test
    void refusesBadInputWithMessagesThatNameTheProblem() {
        TSne1D.Options o = TSne1D.Options.defaults();
        assertThatThrownBy(() -> TSne1D.fit(new double[0][], o)).isInstanceOf(EmptyDataException.class)
                .hasMessageContaining("no rows");
        double[][] nan = TestData.gaussian(100, 3, 1);
        nan[17][2] = Double.NaN;
        assertThatThrownBy(() -> TSne1D.fit(nan, o)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row 17").hasMessageContaining("column 2").hasMessageContaining("NaN");
        double[][] ragged = TestData.gaussian(100, 3, 1);
        ragged[5] = new double[2];
        assertThatThrownBy(() -> TSne1D.fit(ragged, o)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row 5 has 2 values");
        assertThatThrownBy(() -> TSne1D.fit(TestData.gaussian(30, 3, 1), o))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("perplexity 30.0 is too large")
                .hasMessageContaining("30 points");
        assertThatThrownBy(() -> o.withPerplexity(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("perplexity");
        assertThatThrownBy(() -> o.withLearningRate(Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("learningRate");
        assertThatThrownBy(() -> o.withThreads(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("threads");
    }

    @Test
    void identicalPointsStillGiveAFiniteEmbedding() {
        double[][] x = new double[60][4];
        TSneResult r = TSne1D.fit(x, TSne1D.Options.defaults().withPerplexity(10).withIterations(50, 50));
        assertThat(Arrays.stream(r.y()).allMatch(Double::isFinite)).isTrue();
        assertThat(Double.isFinite(r.kl())).isTrue();
    }
}
