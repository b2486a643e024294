package io.github.unode.augment.auto;

import java.util.Arrays;

/**
 * The attractive half of the 1-D t-SNE gradient, {@code attr_i = sum_j p_ij (y_i - y_j) /
 * (1 + (y_i - y_j)^2)}, from the sparse symmetric P (METHOD 3.3: O(nk) per step).
 *
 * <p>Why a separate layout: this loop dominates the optimisation (about 125 stored entries per
 * point at perplexity 30, a thousand steps) and is limited by memory traffic and divisions, not
 * by arithmetic. P is symmetric, so only the upper triangle is kept, with values as
 * {@code float} (the gradient does not need P to more than 7 digits; the exact P stays in
 * {@link SparseAffinities} for the objective): each pair is visited once, costing one division
 * and 8 bytes instead of two divisions and 24 bytes. The pair's term is added to row i and
 * subtracted from row j.
 *
 * <p>Parallel and deterministic: the rows are cut into {@value #BLOCKS} fixed blocks of about
 * equal work; each block accumulates into its own array; the arrays are added in block order.
 */
final class Attraction {
    /** Fixed number of accumulation blocks: the parallelism available to this loop. */
    static final int BLOCKS = 16;

    private final int n;
    private final int[] rowStart;
    private final int[] cols;
    private final float[] vals;
    private final int[] blockStart;
    private final double[][] partial;

    Attraction(SparseAffinities p) {
        n = p.n();
        int[] rs = p.rowStart();
        int[] c = p.columns();
        double[] v = p.values();
        rowStart = new int[n + 1];
        int count = 0;
        for (int i = 0; i < n; i++) {
            for (int e = rs[i]; e < rs[i + 1]; e++) {
                if (c[e] > i) {
                    count++;
                }
            }
            rowStart[i + 1] = count;
        }
        cols = new int[count];
        vals = new float[count];
        int w = 0;
        for (int i = 0; i < n; i++) {
            for (int e = rs[i]; e < rs[i + 1]; e++) {
                if (c[e] > i) {
                    cols[w] = c[e];
                    vals[w++] = (float) v[e];
                }
            }
        }
        int blocks = Math.max(1, Math.min(BLOCKS, n));
        blockStart = new int[blocks + 1];
        int row = 0;
        for (int b = 1; b < blocks; b++) {
            long target = (long) count * b / blocks;
            while (row < n && rowStart[row] < target) {
                row++;
            }
            blockStart[b] = Math.max(row, blockStart[b - 1]);
        }
        blockStart[blocks] = n;
        partial = new double[blocks][n];
    }

    /** Fills {@code attr} for the embedding {@code y}. */
    void compute(double[] y, double[] attr, Parallel parallel) {
        int blocks = partial.length;
        parallel.forEach(blocks, 1, (s, e) -> {
            for (int b = s; b < e; b++) {
                block(y, blockStart[b], blockStart[b + 1], partial[b]);
            }
        });
        parallel.forEach(n, 4096, (s, e) -> {
            for (int i = s; i < e; i++) {
                double a = 0;
                for (int b = 0; b < blocks; b++) {
                    a += partial[b][i];
                }
                attr[i] = a;
            }
        });
    }

    private void block(double[] y, int from, int to, double[] part) {
        Arrays.fill(part, 0.0);
        for (int i = from; i < to; i++) {
            double yi = y[i];
            double s0 = 0;
            double s1 = 0;
            int e = rowStart[i];
            int end = rowStart[i + 1];
            for (; e + 1 < end; e += 2) {
                int j0 = cols[e];
                int j1 = cols[e + 1];
                double d0 = yi - y[j0];
                double d1 = yi - y[j1];
                double t0 = vals[e] * d0 / (1 + d0 * d0);
                double t1 = vals[e + 1] * d1 / (1 + d1 * d1);
                s0 += t0;
                s1 += t1;
                part[j0] -= t0;
                part[j1] -= t1;
            }
            if (e < end) {
                int j0 = cols[e];
                double d0 = yi - y[j0];
                double t0 = vals[e] * d0 / (1 + d0 * d0);
                s0 += t0;
                part[j0] -= t0;
            }
            part[i] += s0 + s1;
        }
    }
}
