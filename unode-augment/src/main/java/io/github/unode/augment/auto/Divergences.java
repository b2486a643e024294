package io.github.unode.augment.auto;

/** The divergence and weighting steps of AutoAugOOD (METHOD 3.5 and 3.6). */
public final class Divergences {
    private Divergences() {}

    /** {@code KL(P || Q)} of two distributions on the same grid (both positive, sum 1). */
    public static double kl(double[] p, double[] q) {
        if (p.length != q.length) {
            throw new IllegalArgumentException("distributions on different grids: " + p.length + " vs " + q.length);
        }
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            if (!(p[i] > 0) || !(q[i] > 0)) {
                throw new IllegalArgumentException("KL needs positive densities (floor them first); got " + p[i]
                        + " and " + q[i] + " at grid point " + i);
            }
            s += p[i] * Math.log(p[i] / q[i]);
        }
        return Math.max(0, s);
    }

    /** {@code j = KL(P || Q) + KL(Q || P)}, the paper's eq. 7. */
    public static double symmetricKl(double[] p, double[] q) {
        return kl(p, q) + kl(q, p);
    }

    /**
     * {@code softmax(j / tau)} (METHOD 3.6), computed with the maximum subtracted.
     *
     * @param divergences one per augmentation, finite
     * @param tau temperature, positive; large values flatten the weights towards uniform
     */
    public static double[] softmax(double[] divergences, double tau) {
        if (!(tau > 0) || Double.isInfinite(tau)) {
            throw new IllegalArgumentException("softmax temperature must be positive and finite, got " + tau);
        }
        if (divergences.length == 0) {
            throw new IllegalArgumentException("softmax of no divergences");
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double j : divergences) {
            if (!Double.isFinite(j)) {
                throw new IllegalArgumentException("divergences must be finite to be weighted, got " + j);
            }
            max = Math.max(max, j);
        }
        double[] w = new double[divergences.length];
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.exp((divergences[i] - max) / tau);
            sum += w[i];
        }
        for (int i = 0; i < w.length; i++) {
            w[i] /= sum;
        }
        return w;
    }
}
