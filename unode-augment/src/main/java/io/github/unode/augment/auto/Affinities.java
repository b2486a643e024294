package io.github.unode.augment.auto;

import java.util.Arrays;

/**
 * The input similarities of t-SNE (METHOD 3.3) on a k-nearest-neighbour graph.
 *
 * <p>{@link #conditional} calibrates, per point, the precision {@code beta_i} of a Gaussian
 * kernel on squared distances so that the perplexity of {@code p_{j|i}} matches the target: the
 * bisection of scikit-learn's {@code _binary_search_perplexity} (start at beta = 1, double or
 * halve until bracketed, then bisect; entropy tolerance 1e-5 nats; at most 100 steps), so that
 * both libraries give the same {@code P} on the same graph. The kernel is evaluated relative to
 * the nearest neighbour's distance, {@code exp(-beta (d_j - d_min))}, which leaves {@code P}
 * unchanged but cannot underflow to an all-zero row when distances are large.
 *
 * <p>{@link #joint} symmetrises as {@code P = (P_cond + P_cond^T) / sum}, the sum being 2n up
 * to rounding (scikit-learn divides by the computed sum, so does this).
 */
final class Affinities {
    /** scikit-learn's {@code PERPLEXITY_TOLERANCE}, in nats. */
    static final double ENTROPY_TOLERANCE = 1e-5;
    /** scikit-learn's {@code n_steps}. */
    static final int MAX_STEPS = 100;
    private static final int ROW_CHUNK = 256;

    private Affinities() {
    }

    /**
     * The conditional probabilities {@code p_{j|i}} over the graph's neighbours, row-major in the
     * graph's order, each row summing to 1 with entropy {@code log(perplexity)}.
     */
    static double[] conditional(KnnGraph graph, double perplexity, Parallel parallel) {
        if (!(perplexity > 0) || perplexity > graph.k()) {
            throw new IllegalArgumentException("perplexity must be in (0, k] = (0, " + graph.k() + "], got "
                    + perplexity);
        }
        int k = graph.k();
        double[] p = new double[graph.n() * k];
        double desired = Math.log(perplexity);
        double[] sq = graph.sqDistances();
        parallel.forEach(graph.n(), ROW_CHUNK, (start, end) -> {
            for (int i = start; i < end; i++) {
                calibrateRow(sq, i * k, k, desired, p);
            }
        });
        return p;
    }

    /** Bisection on beta for one row; returns the number of steps taken. */
    static int calibrateRow(double[] sq, int off, int k, double desiredEntropy, double[] p) {
        double dmin = Double.POSITIVE_INFINITY;
        for (int m = 0; m < k; m++) {
            dmin = Math.min(dmin, sq[off + m]);
        }
        double beta = 1;
        double betaMin = Double.NEGATIVE_INFINITY;
        double betaMax = Double.POSITIVE_INFINITY;
        int step = 0;
        while (step < MAX_STEPS) {
            step++;
            double sum = 0;
            for (int m = 0; m < k; m++) {
                double v = Math.exp(-(sq[off + m] - dmin) * beta);
                p[off + m] = v;
                sum += v;
            }
            double mean = 0;
            for (int m = 0; m < k; m++) {
                p[off + m] /= sum;
                mean += (sq[off + m] - dmin) * p[off + m];
            }
            double entropy = Math.log(sum) + beta * mean;
            double diff = entropy - desiredEntropy;
            if (Math.abs(diff) <= ENTROPY_TOLERANCE) {
                break;
            }
            if (diff > 0) {
                betaMin = beta;
                beta = betaMax == Double.POSITIVE_INFINITY ? beta * 2 : (beta + betaMax) / 2;
            } else {
                betaMax = beta;
                beta = betaMin == Double.NEGATIVE_INFINITY ? beta / 2 : (beta + betaMin) / 2;
            }
        }
        return step;
    }

    /**
     * The joint, symmetric affinities {@code (P_cond + P_cond^T) / sum} in CSR form, columns
     * increasing within each row.
     */
    static SparseAffinities joint(KnnGraph graph, double[] conditional) {
        int n = graph.n();
        int k = graph.k();
        int[] nbr = graph.indices();
        // Row i of P_cond^T holds (j, p_{i|j}) for every j that has i as a neighbour; filled by
        // increasing j, so each such row is already sorted by column.
        int[] inStart = new int[n + 1];
        for (int e = 0; e < n * k; e++) {
            inStart[nbr[e] + 1]++;
        }
        for (int i = 0; i < n; i++) {
            inStart[i + 1] += inStart[i];
        }
        int[] inCol = new int[n * k];
        double[] inVal = new double[n * k];
        int[] fill = Arrays.copyOf(inStart, n);
        for (int j = 0; j < n; j++) {
            for (int m = 0; m < k; m++) {
                int i = nbr[j * k + m];
                inCol[fill[i]] = j;
                inVal[fill[i]++] = conditional[j * k + m];
            }
        }
        int[] rowStart = new int[n + 1];
        int[] cols = new int[2 * n * k];
        double[] vals = new double[2 * n * k];
        int[] ownCol = new int[k];
        double[] ownVal = new double[k];
        long[] order = new long[k];
        int nz = 0;
        for (int i = 0; i < n; i++) {
            int base = i * k;
            // Sort the row's own neighbours by column: (column, position) packed in one long.
            for (int m = 0; m < k; m++) {
                order[m] = ((long) nbr[base + m] << 32) | m;
            }
            Arrays.sort(order);
            for (int m = 0; m < k; m++) {
                int pos = (int) order[m];
                ownCol[m] = nbr[base + pos];
                ownVal[m] = conditional[base + pos];
            }
            int a = 0;
            int b = inStart[i];
            int bEnd = inStart[i + 1];
            while (a < k || b < bEnd) {
                if (b >= bEnd || (a < k && ownCol[a] < inCol[b])) {
                    cols[nz] = ownCol[a];
                    vals[nz++] = ownVal[a++];
                } else if (a >= k || inCol[b] < ownCol[a]) {
                    cols[nz] = inCol[b];
                    vals[nz++] = inVal[b++];
                } else {
                    cols[nz] = ownCol[a];
                    vals[nz++] = ownVal[a++] + inVal[b++];
                }
            }
            rowStart[i + 1] = nz;
        }
        double total = 0;
        for (int e = 0; e < nz; e++) {
            total += vals[e];
        }
        double sum = Math.max(total, Double.MIN_NORMAL);
        double[] values = new double[nz];
        for (int e = 0; e < nz; e++) {
            values[e] = vals[e] / sum;
        }
        return new SparseAffinities(n, rowStart, Arrays.copyOf(cols, nz), values);
    }
}
