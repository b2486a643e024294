package io.github.unode.internal;

/**
 * The one sampled Gaussian of unode: the weights {@code exp(-0.5 i^2 / sigma^2)} at the integer
 * offsets {@code i} of a kernel, and the one way they are normalised (each weight divided by their
 * sum, summed from the first offset to the last). Every blur of the library, the score's pixel
 * term, the corruptions and the augmentations, takes its weights from here.
 *
 * <p>How far a kernel reaches changes its values (a longer kernel has a larger sum), so each
 * caller's truncation is a named {@link Radius} rule rather than a formula of its own. The weights
 * are computed in double precision; a caller that convolves in float takes them rounded by a
 * named {@link FloatRounding}.
 */
public final class Gaussian {
    private Gaussian() {}

    /** Truncation rules: the radius, in whole offsets, of the kernel of a given sigma. */
    public enum Radius {
        /**
         * {@code (int) (4 sigma + 0.5)}: SciPy's {@code scipy.ndimage.gaussian_filter} with its
         * default {@code truncate=4} (0 for sigma below 1/8). The score's pixel term.
         */
        SCIPY_TRUNCATE_4 {
            @Override
            int reach(double sigma) {
                return (int) (4.0 * sigma + 0.5);
            }
        },
        /** {@code ceil(4 sigma)}, at least 1: the corruptions' blurs. */
        CEIL_4_SIGMA {
            @Override
            int reach(double sigma) {
                return Math.max(1, (int) Math.ceil(4 * sigma));
            }
        },
        /** {@code ceil(3 sigma)}, at least 1: the augmentations' blurs. */
        CEIL_3_SIGMA {
            @Override
            int reach(double sigma) {
                return Math.max(1, (int) Math.ceil(3 * sigma));
            }
        };

        abstract int reach(double sigma);

        /**
         * The radius of the kernel of standard deviation {@code sigma}.
         *
         * @throws IllegalArgumentException if {@code sigma} is not a finite number above 0
         */
        public int of(double sigma) {
            requireSigma(sigma);
            return reach(sigma);
        }
    }

    /**
     * The unnormalised weights {@code exp(-0.5 i^2 / sigma^2)} for {@code i = -radius .. radius}:
     * {@code 2 radius + 1} values, the centre (1) at index {@code radius}, symmetric.
     *
     * @throws IllegalArgumentException if {@code sigma} is not a finite number above 0, or
     *     {@code radius} is negative
     */
    public static double[] weights(double sigma, int radius) {
        requireSigma(sigma);
        requireRadius(radius);
        double[] w = new double[2 * radius + 1];
        for (int i = -radius; i <= radius; i++) {
            w[i + radius] = weight(i, sigma);
        }
        return w;
    }

    /**
     * The unnormalised one-sided weights {@code exp(-0.5 t^2 / sigma^2)} for {@code t = 0 .. n}
     * ({@code n + 1} values, 1 first): a line blur that looks only backwards, such as a motion blur.
     *
     * @throws IllegalArgumentException if {@code sigma} is not a finite number above 0, or
     *     {@code n} is negative
     */
    public static double[] oneSided(double sigma, int n) {
        requireSigma(sigma);
        requireRadius(n);
        double[] w = new double[n + 1];
        for (int t = 0; t <= n; t++) {
            w[t] = weight(t, sigma);
        }
        return w;
    }

    /**
     * The kernel of {@code sigma} and {@code radius} normalised to sum 1: {@link #weights} each
     * divided by {@link #sum} of them.
     *
     * @throws IllegalArgumentException as {@link #weights}
     */
    public static double[] kernel(double sigma, int radius) {
        double[] w = weights(sigma, radius);
        double s = sum(w);
        for (int i = 0; i < w.length; i++) {
            w[i] /= s;
        }
        return w;
    }

    /** {@link #kernel} with the truncation {@code rule}. */
    public static double[] kernel(double sigma, Radius rule) {
        return kernel(sigma, rule.of(sigma));
    }

    /** How a float kernel rounds its normalised weights. */
    public enum FloatRounding {
        /** Each normalised weight rounded once, {@code (float) (w / sum)}: the score's pixel term. */
        ONCE,
        /**
         * Each weight rounded to float, divided by the double sum of the weights and rounded
         * again, {@code (float) ((float) w / sum)}: the augmentations' blurs. They keep this
         * rounding because its last bits steer training: rounded once instead, the 40-step demo
         * at one thread gives other figures (AUROC of O_sim alone 64.15 instead of 75.08).
         */
        WEIGHT_THEN_QUOTIENT
    }

    /**
     * {@link #kernel} in float, rounded as {@code rounding} says.
     *
     * @throws IllegalArgumentException as {@link #weights}
     */
    public static float[] floatKernel(double sigma, int radius, FloatRounding rounding) {
        double[] w = weights(sigma, radius);
        double s = sum(w);
        float[] out = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = rounding == FloatRounding.ONCE ? (float) (w[i] / s) : (float) ((float) w[i] / s);
        }
        return out;
    }

    /** {@link #floatKernel(double, int, FloatRounding)} with the truncation {@code rule}. */
    public static float[] floatKernel(double sigma, Radius rule, FloatRounding rounding) {
        return floatKernel(sigma, rule.of(sigma), rounding);
    }

    /** The sum of {@code weights}, first to last: the divisor that normalises them. */
    public static double sum(double[] weights) {
        double s = 0;
        for (double w : weights) {
            s += w;
        }
        return s;
    }

    private static double weight(int i, double sigma) {
        return Math.exp(-0.5 * i * i / (sigma * sigma));
    }

    private static void requireSigma(double sigma) {
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("a Gaussian's sigma must be a finite number above 0, got " + sigma);
        }
    }

    private static void requireRadius(int radius) {
        if (radius < 0) {
            throw new IllegalArgumentException("a Gaussian kernel's radius must be 0 or more offsets, got " + radius);
        }
    }
}
