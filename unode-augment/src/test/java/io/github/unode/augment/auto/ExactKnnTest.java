package io.github.unode.augment.auto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ExactKnnTest {

    /** The k nearest by sorting every distance, computed as sums of squared differences. */
    private static int[] naive(double[][] x, int i, int k) {
        double[] dist = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            double s = 0;
            for (int c = 0; c < x[0].length; c++) {
                double t = x[i][c] - x[j][c];
                s += t * t;
            }
            dist[j] = s;
        }
        return IntStream.range(0, x.length).filter(j -> j != i).boxed()
                .sorted(Comparator.<Integer>comparingDouble(j -> dist[j]).thenComparing(j -> j))
                .limit(k).mapToInt(Integer::intValue).toArray();
    }

    @Test
    void matchesSortingAllDistancesAcrossTileAndGroupBoundaries() {
        // 601 points: 3 tiles of 256 with a partial last tile, and a partial last group of 4.
        double[][] x = TestData.gaussian(601, 7, 11);
        int k = 12;
        KnnGraph g;
        try (Parallel p = Parallel.create(2)) {
            g = ExactKnn.compute(TestData.flat(x), x.length, 7, k, p);
        }
        for (int i = 0; i < x.length; i++) {
            int[] expected = naive(x, i, k);
            int[] got = Arrays.copyOfRange(g.indices(), i * k, (i + 1) * k);
            assertThat(got).as("neighbours of %d", i).containsExactly(expected);
            for (int m = 0; m < k; m++) {
                int j = got[m];
                double s = 0;
                for (int c = 0; c < 7; c++) {
                    s += (x[i][c] - x[j][c]) * (x[i][c] - x[j][c]);
                }
                assertThat(g.sqDistances()[i * k + m]).isEqualTo(s);
            }
        }
    }

    @Test
    void allOtherPointsWhenKIsNMinusOneAndDuplicatesTieByIndex() {
        double[][] x = {{0, 0}, {1, 0}, {0, 0}, {3, 0}, {1, 0}};
        try (Parallel p = Parallel.create(1)) {
            KnnGraph g = ExactKnn.compute(TestData.flat(x), 5, 2, 4, p);
            // Point 0: its duplicate 2 at distance 0, then 1 and 4 (tied at 1, by index), then 3.
            assertThat(Arrays.copyOfRange(g.indices(), 0, 4)).containsExactly(2, 1, 4, 3);
            assertThat(Arrays.copyOfRange(g.sqDistances(), 0, 4)).containsExactly(0, 1, 1, 9);
            assertThat(Arrays.copyOfRange(g.indices(), 4 * 4, 5 * 4)).containsExactly(1, 0, 2, 3);
        }
    }

    @Test
    void sameGraphOnOneAndThreeThreads() {
        double[][] x = TestData.clusters(3, 300, 20, 6, 3);
        KnnGraph a;
        KnnGraph b;
        try (Parallel p = Parallel.create(1)) {
            a = ExactKnn.compute(TestData.flat(x), x.length, 20, 30, p);
        }
        try (Parallel p = Parallel.create(3)) {
            b = ExactKnn.compute(TestData.flat(x), x.length, 20, 30, p);
        }
        assertThat(b.indices()).isEqualTo(a.indices());
        assertThat(b.sqDistances()).isEqualTo(a.sqDistances());
    }

    @Test
    void roundRobinRoundsCoverEveryPairOnceWithDisjointPairsPerRound() {
        for (int slots : new int[] {2, 4, 10}) {
            boolean[][] seen = new boolean[slots][slots];
            for (int r = 0; r < slots - 1; r++) {
                boolean[] used = new boolean[slots];
                for (int[] pair : ExactKnn.roundPairs(slots, r)) {
                    assertThat(used[pair[0]] || used[pair[1]]).isFalse();
                    used[pair[0]] = true;
                    used[pair[1]] = true;
                    int a = Math.min(pair[0], pair[1]);
                    int b = Math.max(pair[0], pair[1]);
                    assertThat(a).isNotEqualTo(b);
                    assertThat(seen[a][b]).isFalse();
                    seen[a][b] = true;
                }
            }
            for (int a = 0; a < slots; a++) {
                for (int b = a + 1; b < slots; b++) {
                    assertThat(seen[a][b]).as("pair %d,%d of %d slots", a, b, slots).isTrue();
                }
            }
        }
    }

    @Test
    void refusesKOutsideOneToNMinusOne() {
        try (Parallel p = Parallel.create(1)) {
            assertThatThrownBy(() -> ExactKnn.compute(new double[6], 3, 2, 3, p))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[1, 2]");
        }
    }
}
