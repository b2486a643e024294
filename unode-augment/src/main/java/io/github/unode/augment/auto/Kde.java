package io.github.unode.augment.auto;

import java.util.Arrays;

/**
 * Gaussian kernel density estimates of 1-D point sets on one common grid (METHOD 3.4), with
 * Silverman's rule-of-thumb bandwidth {@code 0.9 min(sd, IQR / 1.34) n^(-1/5)} per set.
 * Densities are normalised to sum 1 over the grid, floored at 1e-10 so that divergences stay
 * finite, and normalised again.
 */
public final class Kde {
    /** Grid points of METHOD 3.4. */
    public static final int GRID = 512;
    /** Density floor of METHOD 3.4. */
    public static final double FLOOR = 1e-10;

    private Kde() {}

    /** Silverman's bandwidth of a sample; a small positive fallback when the sample is constant. */
    public static double silverman(double[] x) {
        int n = x.length;
        if (n < 2) {
            throw new IllegalArgumentException("a bandwidth needs at least 2 points, got " + n);
        }
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= n;
        double ss = 0;
        for (double v : x) {
            ss += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(ss / (n - 1));
        double[] s = x.clone();
        Arrays.sort(s);
        double iqr = quantile(s, 0.75) - quantile(s, 0.25);
        double spread = iqr > 0 ? Math.min(sd, iqr / 1.34) : sd;
        double h = 0.9 * spread * Math.pow(n, -0.2);
        if (!(h > 0)) {
            double range = s[n - 1] - s[0];
            h = range > 0 ? range * 1e-3 : 1e-3;
        }
        return h;
    }

    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /** The common grid: {@code points} values spanning every set's range plus three bandwidths. */
    public static double[] grid(double[][] sets, int points) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double h = 0;
        for (double[] s : sets) {
            for (double v : s) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            h = Math.max(h, silverman(s));
        }
        lo -= 3 * h;
        hi += 3 * h;
        double[] g = new double[points];
        for (int i = 0; i < points; i++) {
            g[i] = lo + (hi - lo) * i / (points - 1);
        }
        return g;
    }

    /**
     * Density of {@code x} on {@code grid} (sum 1, floored), by direct summation over kernels
     * truncated at 8 bandwidths (beyond which a Gaussian is below 1e-14 of its peak).
     */
    public static double[] density(double[] x, double[] grid) {
        double h = silverman(x);
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        double[] d = new double[grid.length];
        double cut = 8 * h;
        double inv = 1 / (2 * h * h);
        for (int g = 0; g < grid.length; g++) {
            double c = grid[g];
            int from = lowerBound(sorted, c - cut);
            double s = 0;
            for (int i = from; i < sorted.length && sorted[i] <= c + cut; i++) {
                double diff = sorted[i] - c;
                s += Math.exp(-diff * diff * inv);
            }
            d[g] = s;
        }
        return normalise(d);
    }

    /** The same density without truncation or sorting, for checking. */
    static double[] densityDirect(double[] x, double[] grid) {
        double h = silverman(x);
        double[] d = new double[grid.length];
        for (int g = 0; g < grid.length; g++) {
            double s = 0;
            for (double v : x) {
                double diff = v - grid[g];
                s += Math.exp(-diff * diff / (2 * h * h));
            }
            d[g] = s;
        }
        return normalise(d);
    }

    private static double[] normalise(double[] d) {
        double sum = 0;
        for (double v : d) {
            sum += v;
        }
        double total = 0;
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.max(sum > 0 ? d[i] / sum : 1.0 / d.length, FLOOR);
            total += d[i];
        }
        for (int i = 0; i < d.length; i++) {
            d[i] /= total;
        }
        return d;
    }

    private static int lowerBound(double[] sorted, double v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
