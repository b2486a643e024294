package io.github.unode.augment.auto;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The input similarities of t-SNE on a k-nearest-neighbour graph (van der Maaten 2014): for each
 * point a Gaussian over its neighbours' squared distances whose bandwidth is found by bisection
 * so that the entropy equals {@code log(perplexity)}; then {@code P = (P + P^T) / 2n}, stored as
 * a sparse symmetric matrix in compressed rows. Same algorithm as scikit-learn's
 * {@code _binary_search_perplexity} + {@code _joint_probabilities_nn}.
 */
final class Affinities {
    private static final double ENTROPY_TOLERANCE = 1e-5;
    private static final int MAX_STEPS = 100;

    private Affinities() {}

    /** A symmetric sparse matrix in compressed-row form. */
    record Csr(int n, int[] rowStart, int[] columns, double[] values) {
        double sum() {
            double s = 0;
            for (double v : values) {
                s += v;
            }
            return s;
        }
    }

    /** Conditional probabilities {@code p_{j|i}} over each point's neighbours, row-major {@code n x k}. */
    static double[] conditional(NearestNeighbours.Result nn, double perplexity) {
        int k = nn.k();
        int n = nn.indices().length / k;
        double target = Math.log(perplexity);
        double[] p = new double[n * k];
        IntStream.range(0, n).parallel().forEach(i -> calibrateRow(nn.distances(), i * k, k, target, p));
        return p;
    }

    private static void calibrateRow(double[] dist, int off, int k, double target, double[] p) {
        double beta = 1;
        double lo = Double.NEGATIVE_INFINITY;
        double hi = Double.POSITIVE_INFINITY;
        for (int step = 0; step < MAX_STEPS; step++) {
            double sum = 0;
            for (int j = 0; j < k; j++) {
                double v = Math.exp(-dist[off + j] * beta);
                p[off + j] = v;
                sum += v;
            }
            if (sum == 0) {
                sum = 1e-8; // as scikit-learn: EPSILON_DBL
            }
            double weighted = 0;
            for (int j = 0; j < k; j++) {
                p[off + j] /= sum;
                weighted += dist[off + j] * p[off + j];
            }
            double entropy = Math.log(sum) + beta * weighted;
            double diff = entropy - target;
            if (Math.abs(diff) <= ENTROPY_TOLERANCE) {
                break;
            }
            if (diff > 0) {
                lo = beta;
                beta = hi == Double.POSITIVE_INFINITY ? beta * 2 : (beta + hi) / 2;
            } else {
                hi = beta;
                beta = lo == Double.NEGATIVE_INFINITY ? beta / 2 : (beta + lo) / 2;
            }
        }
    }

    /** {@code P = (P_cond + P_cond^T) / sum}, sparse, rows sorted by column. */
    static Csr symmetrize(NearestNeighbours.Result nn, double[] cond) {
        int k = nn.k();
        int n = cond.length / k;
        int[] count = new int[n];
        for (int i = 0; i < n; i++) {
            count[i] += k;
            for (int j = 0; j < k; j++) {
                count[nn.indices()[i * k + j]]++;
            }
        }
        int[] start = new int[n + 1];
        for (int i = 0; i < n; i++) {
            start[i + 1] = start[i] + count[i];
        }
        int[] fill = Arrays.copyOf(start, n);
        int[] col = new int[start[n]];
        double[] val = new double[start[n]];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                int nb = nn.indices()[i * k + j];
                double v = cond[i * k + j];
                col[fill[i]] = nb;
                val[fill[i]++] = v;
                col[fill[nb]] = i;
                val[fill[nb]++] = v;
            }
        }
        // sort each row by column and merge duplicates (pairs that are neighbours both ways)
        int[] newStart = new int[n + 1];
        int[][] rowCols = new int[n][];
        double[][] rowVals = new double[n][];
        IntStream.range(0, n).parallel().forEach(i -> {
            int a = start[i];
            int len = start[i + 1] - a;
            long[] keyed = new long[len];
            for (int t = 0; t < len; t++) {
                keyed[t] = ((long) col[a + t] << 32) | t;
            }
            Arrays.sort(keyed);
            int[] cs = new int[len];
            double[] vs = new double[len];
            int m = 0;
            for (int t = 0; t < len; t++) {
                int c = (int) (keyed[t] >>> 32);
                double v = val[a + (int) keyed[t]];
                if (m > 0 && cs[m - 1] == c) {
                    vs[m - 1] += v;
                } else {
                    cs[m] = c;
                    vs[m++] = v;
                }
            }
            rowCols[i] = Arrays.copyOf(cs, m);
            rowVals[i] = Arrays.copyOf(vs, m);
        });
        for (int i = 0; i < n; i++) {
            newStart[i + 1] = newStart[i] + rowCols[i].length;
        }
        int[] outCol = new int[newStart[n]];
        double[] outVal = new double[newStart[n]];
        double total = 0;
        for (int i = 0; i < n; i++) {
            System.arraycopy(rowCols[i], 0, outCol, newStart[i], rowCols[i].length);
            System.arraycopy(rowVals[i], 0, outVal, newStart[i], rowVals[i].length);
            for (double v : rowVals[i]) {
                total += v;
            }
        }
        double scale = 1.0 / Math.max(total, Double.MIN_NORMAL);
        for (int t = 0; t < outVal.length; t++) {
            outVal[t] *= scale;
        }
        return new Csr(n, newStart, outCol, outVal);
    }
}
