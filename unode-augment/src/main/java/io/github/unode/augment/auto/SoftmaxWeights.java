package io.github.unode.augment.auto;

/**
 * AutoAugOOD's augmentation weights {@code w = softmax(j / tau)} (METHOD 3.6): the further an
 * augmentation moves the inliers (larger divergence {@code j_k}), the more often it is drawn as
 * a negative. {@code tau} flattens ({@code tau -> inf}: uniform) or sharpens ({@code tau -> 0}:
 * all weight on the largest divergence) the preference. METHOD 3.6 warns that divergences are
 * unbounded, so at tau = 1 a single trivially-far augmentation can take nearly all the weight;
 * report the weights and choose tau by ablation.
 */
public final class SoftmaxWeights {
    /** METHOD 3.6's default temperature. */
    public static final double DEFAULT_TEMPERATURE = 1.0;

    /** The smallest temperature accepted: below it, {@code j / tau} overflows for divergences of a few nats. */
    public static final double MIN_TEMPERATURE = 1e-6;

    private SoftmaxWeights() {
    }

    /**
     * Refuses a temperature that is not a finite number in {@code [MIN_TEMPERATURE, 1e6]}: smaller,
     * {@code j / tau} overflows; larger, every weight is uniform to double precision.
     *
     * @return {@code tau}
     */
    public static double checkTemperature(double tau) {
        if (!(tau >= MIN_TEMPERATURE && tau <= 1e6)) {
            throw new IllegalArgumentException("the softmax temperature tau must lie in [" + MIN_TEMPERATURE
                    + ", 1e6], got " + tau);
        }
        return tau;
    }

    /**
     * The weights, summing to 1, computed stably (the largest {@code j / tau} is subtracted
     * before exponentiating, so large divergences cannot overflow).
     *
     * @throws IllegalArgumentException if {@code j} is empty or holds a NaN or infinite value, or
     *     {@code tau} is not a positive finite number
     */
    public static double[] softmax(double[] j, double tau) {
        checkTemperature(tau);
        if (j == null || j.length == 0) {
            throw new IllegalArgumentException("softmax of no divergences: pass at least one augmentation's divergence");
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < j.length; k++) {
            if (!Double.isFinite(j[k])) {
                throw new IllegalArgumentException("divergence " + k + " is " + j[k]
                        + "; weights need finite divergences (an infinite or NaN divergence means a density was"
                        + " not floored, or the features held NaN)");
            }
            max = Math.max(max, j[k] / tau);
        }
        double[] w = new double[j.length];
        double sum = 0;
        for (int k = 0; k < j.length; k++) {
            w[k] = Math.exp(j[k] / tau - max);
            sum += w[k];
        }
        for (int k = 0; k < j.length; k++) {
            w[k] /= sum;
        }
        return w;
    }
}
