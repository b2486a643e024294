package io.github.unode.internal;

/** Mean and standard deviation (population, divided by n) of samples; Beta quantiles for order statistics. */
public final class Stats {
    private Stats() {}

    public static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** Population standard deviation (divided by n). */
    public static double std(double[] v) {
        double m = mean(v);
        double ss = 0;
        for (double x : v) {
            ss += (x - m) * (x - m);
        }
        return Math.sqrt(ss / v.length);
    }

    /** Population standard deviation of floats, accumulated in double. */
    public static double std(float[] v) {
        double m = 0;
        for (float x : v) {
            m += x;
        }
        m /= v.length;
        double ss = 0;
        for (float x : v) {
            ss += (x - m) * (x - m);
        }
        return Math.sqrt(ss / v.length);
    }

    /**
     * The {@code p}-quantile of a Beta(a, b) distribution with integer parameters: the law of the
     * probability mass above the {@code b}-th smallest of {@code a + b - 1} exchangeable samples.
     * Computed from {@code P(Beta(a, b) <= x) = P(Binomial(a + b - 1, x) >= a)} by bisection,
     * to about 1e-12.
     *
     * @throws IllegalArgumentException if {@code a} or {@code b} is below 1 or {@code p} is
     *     outside [0, 1]
     */
    public static double betaQuantile(int a, int b, double p) {
        if (a < 1 || b < 1 || !(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Beta quantile needs a, b >= 1 and p in [0, 1], got a=" + a + ", b="
                    + b + ", p=" + p);
        }
        if (p == 0 || p == 1) {
            return p;
        }
        double lo = 0;
        double hi = 1;
        for (int i = 0; i < 60; i++) {
            double mid = (lo + hi) / 2;
            if (binomialUpperTail(a + b - 1, a, mid) < p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    /** {@code P(Binomial(n, x) >= k)}, summed in log space. */
    static double binomialUpperTail(int n, int k, double x) {
        if (x <= 0) {
            return k <= 0 ? 1 : 0;
        }
        if (x >= 1) {
            return 1;
        }
        double logX = Math.log(x);
        double log1mX = Math.log1p(-x);
        double sum = 0;
        double logChoose = 0; // log C(n, j), built up from j = 0
        for (int j = 0; j <= n; j++) {
            if (j > 0) {
                logChoose += Math.log((double) (n - j + 1) / j);
            }
            if (j >= k) {
                sum += Math.exp(logChoose + j * logX + (n - j) * log1mX);
            }
        }
        return Math.min(1, sum);
    }
}
