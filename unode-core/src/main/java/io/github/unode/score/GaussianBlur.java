package io.github.unode.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.unode.core.ImageShapeException;
import io.github.unode.internal.Gaussian;

/**
 * A separable Gaussian blur of image batches {@code (N, C, H, W)}, each channel on its own: the
 * kernel {@code exp(-x^2 / (2 sigma^2))}, normalised to sum 1, truncated at
 * {@code radius = (int) (4 sigma + 0.5)} pixels (unode's one Gaussian, with SciPy's truncation), with the image mirrored at its borders
 * ({@code d c b a | a b c d | d c b a}). These are the conventions of SciPy's
 * {@code scipy.ndimage.gaussian_filter} with its defaults ({@code mode="reflect"}, {@code truncate=4}),
 * so its figures can be checked against SciPy. Computed in Java in float32, on the host; the
 * result is placed on the input's device. Immutable and thread-safe.
 */
public final class GaussianBlur {
    private final double sigma;
    private final float[] kernel; // length 2 * radius + 1

    private GaussianBlur(double sigma) {
        this.sigma = sigma;
        this.kernel = Gaussian.floatKernel(sigma, Gaussian.Radius.SCIPY_TRUNCATE_4, Gaussian.FloatRounding.ONCE);
    }

    /**
     * The blur of standard deviation {@code sigma} pixels, or null for {@code sigma == 0} (no blur).
     *
     * @throws IllegalArgumentException if {@code sigma} is negative, NaN or infinite
     */
    public static GaussianBlur ofSigma(double sigma) {
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("a blur's sigma must be a finite number of pixels >= 0, got " + sigma);
        }
        return sigma == 0 ? null : new GaussianBlur(sigma);
    }

    /** The standard deviation in pixels. */
    public double sigma() {
        return sigma;
    }

    /** Half the kernel's width in pixels. */
    public int radius() {
        return kernel.length / 2;
    }

    /**
     * The blurred images, float32, attached to {@code target}.
     *
     * @throws ImageShapeException if {@code images} is not {@code (N, C, H, W)}
     */
    public NDArray apply(NDArray images, NDManager target) {
        Shape s = images.getShape();
        if (s.dimension() != 4) {
            throw new ImageShapeException("a blur needs images (N, C, H, W), got shape " + s);
        }
        float[] px = images.toType(DataType.FLOAT32, false).toFloatArray();
        blur(px, (int) (s.get(0) * s.get(1)), (int) s.get(2), (int) s.get(3));
        return target.create(px, s).toDevice(images.getDevice(), false);
    }

    /** Blurs {@code planes} row-major {@code height x width} planes of {@code px} in place. */
    public void blur(float[] px, int planes, int height, int width) {
        int plane = height * width;
        if ((long) planes * plane != px.length) {
            throw new ImageShapeException(px.length + " values are not " + planes + " planes of " + height + "x" + width);
        }
        int r = radius();
        int[] colIndex = mirrored(width, r);
        int[] rowIndex = mirrored(height, r);
        float[] tmp = new float[plane];
        for (int p = 0; p < planes; p++) {
            int base = p * plane;
            for (int y = 0; y < height; y++) { // along rows
                int row = base + y * width;
                for (int x = 0; x < width; x++) {
                    float acc = 0f;
                    for (int k = 0; k < kernel.length; k++) {
                        acc += kernel[k] * px[row + colIndex[x + k]];
                    }
                    tmp[y * width + x] = acc;
                }
            }
            for (int y = 0; y < height; y++) { // along columns
                for (int x = 0; x < width; x++) {
                    float acc = 0f;
                    for (int k = 0; k < kernel.length; k++) {
                        acc += kernel[k] * tmp[rowIndex[y + k] * width + x];
                    }
                    px[base + y * width + x] = acc;
                }
            }
        }
    }

    /** For output position i, the source of tap k is index[i + k]: i + k - r mirrored into [0, n). */
    private static int[] mirrored(int n, int r) {
        int[] index = new int[n + 2 * r];
        for (int j = 0; j < index.length; j++) {
            int i = j - r;
            int period = 2 * n;
            i = Math.floorMod(i, period);
            index[j] = i < n ? i : period - 1 - i;
        }
        return index;
    }
}
