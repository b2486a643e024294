package io.github.unode.augment.auto;

import io.github.unode.core.EmptyDataException;
import java.util.Arrays;

/**
 * Gaussian kernel density estimates of 1-D samples on one common grid (METHOD 3.4): the
 * densities of the original set {@code P} and of every augmented set {@code Q_k} that the
 * divergences of METHOD 3.5 compare.
 *
 * <p>Bandwidth: Silverman's rule of thumb {@code 0.9 min(sd, IQR / 1.34) n^(-1/5)} (sample sd,
 * quartiles interpolated linearly as numpy's default and R's type 7). When that is 0, R's
 * {@code bw.nrd0} fallback: the sd alone; for a set whose values are all equal, the bandwidth of
 * all sets pooled; when everything is one value, 1.
 *
 * <p>Grid: {@code points} equispaced points over the joint range of all sets, widened on both
 * sides by 3 x the largest bandwidth so that no set's tails are cut off. Each density is
 * normalised to sum 1 over the grid, floored at {@link #FLOOR} (so that the KL divergences are
 * finite), then renormalised to sum 1 again: the final values sum to 1 and none is below
 * {@code FLOOR / (1 + points * FLOOR)}.
 *
 * <p>Evaluation: the samples are linearly binned onto the grid and the bin weights convolved
 * with the Gaussian sampled at the grid spacing (Wand 1994, "Fast computation of multivariate
 * kernel density estimates"): O(n + points x kernel width) per set instead of O(n x points).
 * For a set whose bandwidth is below {@value #MIN_BANDWIDTH_IN_STEPS} grid steps, where
 * binning would blur the estimate, the direct sum is used.
 */
public final class Kde {
    /** METHOD 3.4's grid size. */
    public static final int DEFAULT_POINTS = 512;
    /** METHOD 3.4's floor on every normalised density value. */
    public static final double FLOOR = 1e-10;
    /** Margin beyond the joint range, in bandwidths. */
    static final double MARGIN_BANDWIDTHS = 3;
    /** The Gaussian is cut beyond this many bandwidths (its mass there is below 1e-15). */
    static final double CUTOFF_BANDWIDTHS = 8.5;
    static final double MIN_BANDWIDTH_IN_STEPS = 2;

    private Kde() {
    }

    /**
     * Densities on a common grid.
     *
     * @param x the grid points, increasing and equispaced
     * @param densities one row per input set, in input order, each summing to 1 over the grid
     * @param bandwidths the bandwidth used for each set
     */
    public record Grid(double[] x, double[][] densities, double[] bandwidths) {

        /** Deep-copies the arrays, so the grid cannot be changed from outside. */
        public Grid {
            x = x.clone();
            densities = Arrays.stream(densities).map(double[]::clone).toArray(double[][]::new);
            bandwidths = bandwidths.clone();
        }

        /** The grid points (a copy). */
        @Override
        public double[] x() {
            return x.clone();
        }

        /** Every set's density, row k for input set k (a deep copy). */
        @Override
        public double[][] densities() {
            return Arrays.stream(densities).map(double[]::clone).toArray(double[][]::new);
        }

        /** The density of set {@code k} (a copy). */
        public double[] density(int k) {
            return densities[k].clone();
        }

        /** The bandwidth of each set (a copy). */
        @Override
        public double[] bandwidths() {
            return bandwidths.clone();
        }
    }

    /**
     * Silverman's bandwidth of one sample, 0 if its values are all equal (see the class
     * comment for how {@link #grid} then chooses one).
     *
     * @throws EmptyDataException if {@code x} is empty
     * @throws IllegalArgumentException if a value is NaN or infinite
     */
    public static double silvermanBandwidth(double[] x) {
        checkSample(x, "sample");
        int n = x.length;
        if (n < 2) {
            return 0;
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
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        double iqr = quantile(sorted, 0.75) - quantile(sorted, 0.25);
        double lo = Math.min(sd, iqr / 1.34);
        if (!(lo > 0)) {
            lo = sd;
        }
        return 0.9 * lo * Math.pow(n, -0.2);
    }

    /** Linear-interpolation quantile of sorted data (numpy's default, R's type 7). */
    static double quantile(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /**
     * The densities of every set on one grid of {@code points} points, by binning and
     * convolution (see the class comment).
     *
     * @throws EmptyDataException if there are no sets or a set is empty
     * @throws IllegalArgumentException on NaN or infinite values, or fewer than 2 grid points
     */
    public static Grid grid(double[][] sets, int points) {
        return evaluate(sets, points, false);
    }

    /** As {@link #grid}, by the direct O(n x points) sum: the reference for the fast path. */
    public static Grid gridDirect(double[][] sets, int points) {
        return evaluate(sets, points, true);
    }

    private static Grid evaluate(double[][] sets, int points, boolean direct) {
        if (sets == null || sets.length == 0) {
            throw new EmptyDataException("KDE needs at least one set of values, got none");
        }
        if (points < 2) {
            throw new IllegalArgumentException("a KDE grid needs at least 2 points, got " + points);
        }
        for (int k = 0; k < sets.length; k++) {
            checkSample(sets[k], "set " + k);
        }
        double[] bw = bandwidths(sets);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double maxBw = 0;
        for (int k = 0; k < sets.length; k++) {
            for (double v : sets[k]) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            maxBw = Math.max(maxBw, bw[k]);
        }
        lo -= MARGIN_BANDWIDTHS * maxBw;
        hi += MARGIN_BANDWIDTHS * maxBw;
        double step = (hi - lo) / (points - 1);
        double[] x = new double[points];
        for (int t = 0; t < points; t++) {
            x[t] = lo + t * step;
        }
        double[][] dens = new double[sets.length][];
        for (int k = 0; k < sets.length; k++) {
            double[] raw = direct || bw[k] < MIN_BANDWIDTH_IN_STEPS * step
                    ? directSum(sets[k], bw[k], x)
                    : binned(sets[k], bw[k], lo, step, points);
            dens[k] = normalise(raw);
        }
        return new Grid(x, dens, bw);
    }

    /** Per-set Silverman bandwidths with the fallbacks of the class comment. */
    static double[] bandwidths(double[][] sets) {
        double[] bw = new double[sets.length];
        boolean degenerate = false;
        for (int k = 0; k < sets.length; k++) {
            bw[k] = silvermanBandwidth(sets[k]);
            degenerate |= !(bw[k] > 0);
        }
        if (degenerate) {
            int total = 0;
            for (double[] s : sets) {
                total += s.length;
            }
            double[] pooled = new double[total];
            int o = 0;
            for (double[] s : sets) {
                System.arraycopy(s, 0, pooled, o, s.length);
                o += s.length;
            }
            double fallback = silvermanBandwidth(pooled);
            if (!(fallback > 0)) {
                fallback = 1;
            }
            for (int k = 0; k < sets.length; k++) {
                if (!(bw[k] > 0)) {
                    bw[k] = fallback;
                }
            }
        }
        return bw;
    }

    /** Unnormalised {@code sum_i exp(-(x_t - s_i)^2 / 2h^2)} at every grid point. */
    static double[] directSum(double[] sample, double h, double[] x) {
        double[] out = new double[x.length];
        double inv = 1 / (2 * h * h);
        for (int t = 0; t < x.length; t++) {
            double s = 0;
            for (double v : sample) {
                double d = x[t] - v;
                s += Math.exp(-d * d * inv);
            }
            out[t] = s;
        }
        return out;
    }

    /** Linear binning onto the grid, then a discrete convolution with the sampled Gaussian. */
    static double[] binned(double[] sample, double h, double lo, double step, int points) {
        double[] bins = new double[points];
        for (double v : sample) {
            double u = (v - lo) / step;
            int b = (int) Math.floor(u);
            if (b < 0) {
                bins[0] += 1;
            } else if (b >= points - 1) {
                bins[points - 1] += 1;
            } else {
                double f = u - b;
                bins[b] += 1 - f;
                bins[b + 1] += f;
            }
        }
        int width = (int) Math.min(points - 1, Math.ceil(CUTOFF_BANDWIDTHS * h / step));
        double[] kernel = new double[width + 1];
        double inv = step * step / (2 * h * h);
        for (int t = 0; t <= width; t++) {
            kernel[t] = Math.exp(-t * t * inv);
        }
        double[] out = new double[points];
        for (int b = 0; b < points; b++) {
            double w = bins[b];
            if (w == 0) {
                continue;
            }
            int from = Math.max(0, b - width);
            int to = Math.min(points - 1, b + width);
            for (int t = from; t <= to; t++) {
                out[t] += w * kernel[Math.abs(t - b)];
            }
        }
        return out;
    }

    /**
     * The Gaussian KDE of {@code sample} with bandwidth {@code h} as normalised log-densities on the
     * grid {@code x} ({@code sum_t exp(result_t) = 1}), by a log-sum-exp over the sample: exact in
     * the tails, where the density itself underflows, so that divergences computed from it are not
     * capped ({@link Divergence#SYMMETRIC_KL}).
     *
     * @throws EmptyDataException if the sample is empty
     * @throws IllegalArgumentException on NaN or infinite values, or a bandwidth that is not positive
     */
    public static double[] logDensity(double[] sample, double h, double[] x) {
        checkSample(sample, "sample");
        if (!(h > 0) || Double.isInfinite(h)) {
            throw new IllegalArgumentException("a KDE bandwidth must be positive and finite, got " + h);
        }
        double inv = 1 / (2 * h * h);
        double[] out = new double[x.length];
        double[] e = new double[sample.length];
        for (int t = 0; t < x.length; t++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < sample.length; i++) {
                double d = x[t] - sample[i];
                e[i] = -d * d * inv;
                max = Math.max(max, e[i]);
            }
            double s = 0;
            for (double v : e) {
                s += Math.exp(v - max);
            }
            out[t] = max + Math.log(s);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double v : out) {
            max = Math.max(max, v);
        }
        double s = 0;
        for (double v : out) {
            s += Math.exp(v - max);
        }
        double log = max + Math.log(s);
        for (int t = 0; t < out.length; t++) {
            out[t] -= log;
        }
        return out;
    }

    /** Sum to 1, floor at {@link #FLOOR}, sum to 1 again. */
    static double[] normalise(double[] raw) {
        double sum = 0;
        for (double v : raw) {
            sum += v;
        }
        double[] out = new double[raw.length];
        if (!(sum > 0)) {
            Arrays.fill(out, 1.0 / raw.length);
            return out;
        }
        double total = 0;
        for (int t = 0; t < raw.length; t++) {
            out[t] = Math.max(raw[t] / sum, FLOOR);
            total += out[t];
        }
        for (int t = 0; t < raw.length; t++) {
            out[t] /= total;
        }
        return out;
    }

    private static void checkSample(double[] x, String what) {
        if (x == null || x.length == 0) {
            throw new EmptyDataException("KDE of an empty " + what + ": every set needs at least one value");
        }
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) {
                throw new IllegalArgumentException("KDE " + what + ": value " + x[i] + " at index " + i
                        + " is not finite");
            }
        }
    }
}
