package io.github.unode.augment.auto;

/**
 * Divergences between densities given on one grid (METHOD 3.5).
 */
public final class Divergences {
    private Divergences() {
    }

    /**
     * {@code KL(P || Q) = sum_t p_t log(p_t / q_t)}, in nats; terms with {@code p_t = 0} count 0.
     *
     * @throws IllegalArgumentException if the arrays are empty or differ in length, hold a
     *     negative, NaN or infinite value, or {@code q_t = 0} where {@code p_t > 0} (infinite
     *     divergence: floor the densities first, as {@link Kde} does)
     */
    public static double kl(double[] p, double[] q) {
        check(p, q);
        double s = 0;
        for (int t = 0; t < p.length; t++) {
            if (p[t] > 0) {
                if (!(q[t] > 0)) {
                    throw new IllegalArgumentException("KL(P||Q) is infinite: q is 0 at grid point " + t
                            + " where p = " + p[t] + "; floor both densities at a small positive value first");
                }
                s += p[t] * Math.log(p[t] / q[t]);
            }
        }
        return s;
    }

    /**
     * The symmetric divergence {@code J = KL(P || Q) + KL(Q || P)} of METHOD eq. 7: 0 for equal
     * densities, larger the further {@code Q} lies from {@code P}.
     *
     * @throws IllegalArgumentException as {@link #kl}
     */
    public static double symmetricKl(double[] p, double[] q) {
        return kl(p, q) + kl(q, p);
    }

    /**
     * {@code KL(P || Q)} from normalised log-densities on one grid ({@code sum_t exp(logP_t) = 1}):
     * no floor, so the divergence keeps growing however far apart the densities are; terms where
     * {@code exp(logP_t)} underflows to 0 count 0.
     *
     * @throws IllegalArgumentException if the arrays are empty, differ in length, or hold NaN or
     *     {@code +inf}
     */
    public static double klFromLog(double[] logP, double[] logQ) {
        if (logP == null || logQ == null || logP.length == 0 || logP.length != logQ.length) {
            throw new IllegalArgumentException("log-densities must be non-empty and on the same grid");
        }
        double s = 0;
        for (int t = 0; t < logP.length; t++) {
            if (Double.isNaN(logP[t]) || Double.isNaN(logQ[t]) || logP[t] == Double.POSITIVE_INFINITY
                    || logQ[t] == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("log-densities must be finite or -infinity; at grid point " + t
                        + " log p = " + logP[t] + ", log q = " + logQ[t]);
            }
            double p = Math.exp(logP[t]);
            if (p > 0) {
                if (logQ[t] == Double.NEGATIVE_INFINITY) {
                    throw new IllegalArgumentException("KL(P||Q) is infinite: q is 0 at grid point " + t);
                }
                s += p * (logP[t] - logQ[t]);
            }
        }
        return s;
    }

    /** {@code KL(P || Q) + KL(Q || P)} from log-densities ({@link #klFromLog}): eq. 7 without a floor. */
    public static double symmetricKlFromLog(double[] logP, double[] logQ) {
        return klFromLog(logP, logQ) + klFromLog(logQ, logP);
    }

    /**
     * The Jensen-Shannon divergence {@code KL(P || M)/2 + KL(Q || M)/2} with {@code M = (P + Q)/2},
     * in nats, in {@code [0, ln 2]}; finite for any two densities.
     *
     * @throws IllegalArgumentException as {@link #kl}, except that zeros are allowed
     */
    public static double jensenShannon(double[] p, double[] q) {
        check(p, q);
        double s = 0;
        for (int t = 0; t < p.length; t++) {
            double m = (p[t] + q[t]) / 2;
            if (p[t] > 0) {
                s += p[t] * Math.log(p[t] / m);
            }
            if (q[t] > 0) {
                s += q[t] * Math.log(q[t] / m);
            }
        }
        return s / 2;
    }

    private static void check(double[] p, double[] q) {
        if (p == null || q == null || p.length == 0 || p.length != q.length) {
            throw new IllegalArgumentException("densities must be non-empty and on the same grid, got lengths "
                    + (p == null ? "null" : p.length) + " and " + (q == null ? "null" : q.length));
        }
        for (int t = 0; t < p.length; t++) {
            if (!(p[t] >= 0) || !(q[t] >= 0) || Double.isInfinite(p[t]) || Double.isInfinite(q[t])) {
                throw new IllegalArgumentException("densities must be finite and non-negative; at grid point " + t
                        + " p = " + p[t] + ", q = " + q[t]);
            }
        }
    }
}
