package io.github.unode.augment.auto;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Exact k-nearest neighbours by blocked, symmetric brute force.
 *
 * <p>Why brute force and not a VP-tree: on the 50-d PCA input of the joint t-SNE (METHOD 3.3) a
 * VP-tree still computes the distance to about a third of the points per query (measured on
 * Fashion-MNIST at n = 20,000), with scalar, branchy code, while the brute-force kernel below is
 * an {@code axpy} over contiguous arrays that the JIT vectorises (AVX2), running 5-7x faster per
 * distance. Squared distances come from {@code |x|^2 + |y|^2 - 2 x.y}; each distance is computed
 * once and offered to both of its points' candidate lists, halving the work.
 *
 * <p>Parallel and deterministic: the points, sorted along their widest coordinate, are cut into
 * tiles of {@value #TILE}; the tile pairs (I, J), I &lt;= J, are scheduled in rounds by the
 * circle method of round-robin tournaments, so that the pairs of one round touch disjoint points
 * and run in parallel without locks. Every point keeps candidates under a threshold and is cut
 * back to its {@code k} best under the total order (distance, original index), a set that does
 * not depend on the order of the offers. The winners' distances are finally recomputed directly
 * as sums of squared differences (no cancellation) and sorted nearest first, ties by index.
 *
 * <p>Cost: n^2 d / 2 multiply-adds; at n = 20,000, d = 50 about 4 s of one core of this
 * project's machine (AMD EPYC, AVX2), half that on two.
 */
final class ExactKnn {
    /** Points per tile; also the length of the vectorised inner loop. */
    static final int TILE = 256;

    private ExactKnn() {
    }

    /**
     * The k-NN graph of the {@code n} points of dimension {@code d} stored row-major in {@code x}.
     */
    static KnnGraph compute(double[] x, int n, int d, int k, Parallel parallel) {
        if (k < 1 || k > n - 1) {
            throw new IllegalArgumentException("k must be in [1, n - 1] = [1, " + (n - 1) + "], got " + k);
        }
        // Visit the points sorted along their widest coordinate: each tile then holds points that
        // are near along it, so the first (diagonal) round already yields good candidates and the
        // later rounds offer fewer. Candidates carry the original indices, so the result does not
        // depend on this order (ties included).
        int[] ids = sortedAlongWidestCoordinate(x, n, d);
        double[] sorted = new double[n * d];
        for (int r = 0; r < n; r++) {
            System.arraycopy(x, ids[r] * d, sorted, r * d, d);
        }
        Candidates cand = scan(sorted, ids, n, d, k, parallel);
        int[] indices = new int[n * k];
        double[] sq = new double[n * k];
        parallel.forEach(n, 512, (s, e) -> {
            for (int r = s; r < e; r++) {
                finish(x, d, r, ids[r], cand, k, indices, sq);
            }
        });
        return new KnnGraph(n, k, indices, sq);
    }

    /** Row indices sorted by the coordinate of largest variance (ties by index). */
    static int[] sortedAlongWidestCoordinate(double[] x, int n, int d) {
        int widest = 0;
        double best = -1;
        for (int c = 0; c < d; c++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += x[i * d + c];
            }
            mean /= n;
            double ss = 0;
            for (int i = 0; i < n; i++) {
                double t = x[i * d + c] - mean;
                ss += t * t;
            }
            if (ss > best) {
                best = ss;
                widest = c;
            }
        }
        int w = widest;
        return IntStream.range(0, n).boxed()
                .sorted((a, b) -> {
                    int cmp = Double.compare(x[a * d + w], x[b * d + w]);
                    return cmp != 0 ? cmp : Integer.compare(a, b);
                })
                .mapToInt(Integer::intValue).toArray();
    }

    /** Every pair's distance offered to both points' candidates; {@code x} in visiting order. */
    private static Candidates scan(double[] x, int[] ids, int n, int d, int k, Parallel parallel) {
        int tiles = (n + TILE - 1) / TILE;
        // Column-major copy of every tile, one zero-padded array per (tile, coordinate): the
        // kernel's arrays then all start at offset 0, which the JDK 17 vectoriser needs.
        double[][] columns = new double[tiles * d][TILE];
        double[][] tileNorms = new double[tiles][TILE];
        for (int i = 0; i < n; i++) {
            double s = 0;
            int t = i / TILE;
            int o = i - t * TILE;
            for (int c = 0; c < d; c++) {
                double v = x[i * d + c];
                columns[t * d + c][o] = v;
                s += v * v;
            }
            tileNorms[t][o] = s;
        }
        Candidates cand = new Candidates(n, k);
        // Round-robin schedule over an even number of slots; a slot >= tiles is a bye.
        int slots = tiles + (tiles & 1);
        // Round 0: the diagonal tiles, all disjoint.
        parallel.forEach(tiles, 1, (s, e) -> {
            for (int t = s; t < e; t++) {
                tile(x, ids, columns, tileNorms, n, d, t, t, cand);
            }
        });
        for (int round = 0; round < slots - 1; round++) {
            int[][] pairs = roundPairs(slots, round);
            parallel.forEach(pairs.length, 1, (s, e) -> {
                for (int p = s; p < e; p++) {
                    int a = pairs[p][0];
                    int b = pairs[p][1];
                    if (a < tiles && b < tiles) {
                        tile(x, ids, columns, tileNorms, n, d, Math.min(a, b), Math.max(a, b), cand);
                    }
                }
            });
        }
        return cand;
    }

    /** The disjoint pairs of one round of the circle method over {@code slots} (even) slots. */
    static int[][] roundPairs(int slots, int round) {
        int m = slots - 1;
        int[][] pairs = new int[slots / 2][];
        pairs[0] = new int[] {m, round};
        for (int q = 1; q < slots / 2; q++) {
            pairs[q] = new int[] {(round + q) % m, (round - q + m) % m};
        }
        return pairs;
    }

    /** All distances between tile {@code ti} (rows) and tile {@code tj} (columns), {@code ti <= tj}. */
    private static void tile(double[] x, int[] ids, double[][] columns, double[][] tileNorms, int n, int d, int ti,
                             int tj, Candidates cand) {
        double[] a0 = new double[TILE];
        double[] a1 = new double[TILE];
        double[] a2 = new double[TILE];
        double[] a3 = new double[TILE];
        double[][] acc = {a0, a1, a2, a3};
        int rowEnd = Math.min(n, (ti + 1) * TILE);
        int j0 = tj * TILE;
        int len = Math.min(TILE, n - j0);
        for (int i0 = ti * TILE; i0 < rowEnd; i0 += 4) {
            int rows = Math.min(4, rowEnd - i0);
            // Missing rows of a last partial group repeat row i0: computed, then ignored.
            int r0 = i0 * d;
            int r1 = (rows > 1 ? i0 + 1 : i0) * d;
            int r2 = (rows > 2 ? i0 + 2 : i0) * d;
            int r3 = (rows > 3 ? i0 + 3 : i0) * d;
            Arrays.fill(a0, 0.0);
            Arrays.fill(a1, 0.0);
            Arrays.fill(a2, 0.0);
            Arrays.fill(a3, 0.0);
            double[] rowNorms = tileNorms[ti];
            for (int c = 0; c < d; c++) {
                axpy4(a0, a1, a2, a3, columns[tj * d + c], x[r0 + c], x[r1 + c], x[r2 + c], x[r3 + c]);
            }
            double[] worst = cand.worst;
            for (int r = 0; r < rows; r++) {
                int i = i0 + r;
                double[] a = acc[r];
                toDistances(a, rowNorms[i - ti * TILE], tileNorms[tj]);
                // On the diagonal tile each pair is seen twice; keep j > i only.
                int from = ti == tj ? i - j0 + 1 : 0;
                double wi = worst[i];
                int idI = ids[i];
                for (int jj = from; jj < len; jj++) {
                    double dist = a[jj];
                    if (dist <= wi) {
                        cand.offer(i, dist, ids[j0 + jj]);
                        wi = worst[i];
                    }
                    if (dist <= worst[j0 + jj]) {
                        cand.offer(j0 + jj, dist, idI);
                    }
                }
            }
        }
    }

    /** {@code a <- |x_i|^2 + |x_j|^2 - 2 a}, vectorised. */
    private static void toDistances(double[] a, double ni, double[] nj) {
        for (int j = 0; j < a.length; j++) {
            a[j] = ni + nj[j] - 2 * a[j];
        }
    }

    /** {@code a_r += x_r * t} for four rows at once; kept small and offset-free so that it vectorises. */
    private static void axpy4(double[] a0, double[] a1, double[] a2, double[] a3, double[] t,
                              double x0, double x1, double x2, double x3) {
        for (int j = 0; j < t.length; j++) {
            double v = t[j];
            a0[j] += x0 * v;
            a1[j] += x1 * v;
            a2[j] += x2 * v;
            a3[j] += x3 * v;
        }
    }

    /**
     * Recomputes the winners' distances directly (from the original rows) and writes them nearest
     * first, ties by index, as row {@code i} of the output; {@code r} is its visiting position.
     */
    private static void finish(double[] x, int d, int r, int i, Candidates cand, int k, int[] outIdx,
                               double[] outSq) {
        cand.keepBest(r);
        int base = r * cand.cap;
        int out = i * k;
        for (int m = 0; m < k; m++) {
            int j = cand.idx[base + m];
            double s = 0;
            for (int c = 0; c < d; c++) {
                double diff = x[i * d + c] - x[j * d + c];
                s += diff * diff;
            }
            // Insertion into the sorted output row.
            int p = out + m;
            while (p > out && (outSq[p - 1] > s || (outSq[p - 1] == s && outIdx[p - 1] > j))) {
                outSq[p] = outSq[p - 1];
                outIdx[p] = outIdx[p - 1];
                p--;
            }
            outSq[p] = s;
            outIdx[p] = j;
        }
    }

    /**
     * Per point, a buffer of candidates that passed its threshold. When a buffer fills up it is
     * cut back to its {@code k} best under the total order (distance, index), and the threshold
     * becomes the k-th best distance. Appending is one sequential write, which matters because
     * the symmetric scan offers candidates to 256 different points per row; a heap per point
     * would cost several cache misses per offer. The final {@code k} best do not depend on the
     * order of the offers: a true neighbour never exceeds any threshold.
     */
    static final class Candidates {
        final int k;
        final int cap;
        final double[] dist;
        final int[] idx;
        final int[] count;
        /** Per point, the distance a candidate must not exceed to enter: +inf until k are known. */
        final double[] worst;

        Candidates(int n, int k) {
            this.k = k;
            this.cap = 2 * k;
            dist = new double[n * cap];
            idx = new int[n * cap];
            count = new int[n];
            worst = new double[n];
            Arrays.fill(worst, Double.POSITIVE_INFINITY);
        }

        void offer(int i, double d, int j) {
            int base = i * cap;
            int c = count[i];
            dist[base + c] = d;
            idx[base + c] = j;
            c++;
            if (c == cap) {
                select(base, cap, k);
                c = k;
                double w = dist[base];
                for (int m = 1; m < k; m++) {
                    w = Math.max(w, dist[base + m]);
                }
                worst[i] = w;
            }
            count[i] = c;
        }

        /** Cuts the buffer of point {@code i} to its k best, in no particular order. */
        void keepBest(int i) {
            int c = count[i];
            if (c > k) {
                select(i * cap, c, k);
            }
            count[i] = k;
        }

        private boolean less(int a, int b) {
            return dist[a] < dist[b] || (dist[a] == dist[b] && idx[a] < idx[b]);
        }

        private void swap(int a, int b) {
            double td = dist[a];
            dist[a] = dist[b];
            dist[b] = td;
            int ti = idx[a];
            idx[a] = idx[b];
            idx[b] = ti;
        }

        /** Quickselect: the {@code keep} smallest of {@code [base, base + len)} moved to its front. */
        private void select(int base, int len, int keep) {
            int lo = base;
            int hi = base + len - 1;
            int target = base + keep - 1;
            while (lo < hi) {
                // Median of three as pivot, moved to hi.
                int mid = (lo + hi) >>> 1;
                if (less(mid, lo)) {
                    swap(mid, lo);
                }
                if (less(hi, lo)) {
                    swap(hi, lo);
                }
                if (less(mid, hi)) {
                    swap(mid, hi);
                }
                int store = lo;
                for (int m = lo; m < hi; m++) {
                    if (less(m, hi)) {
                        swap(m, store++);
                    }
                }
                swap(store, hi);
                if (store == target) {
                    return;
                } else if (store < target) {
                    lo = store + 1;
                } else {
                    hi = store - 1;
                }
            }
        }

    }
}
