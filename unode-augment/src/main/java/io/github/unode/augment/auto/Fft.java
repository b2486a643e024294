package io.github.unode.augment.auto;

/**
 * An in-place iterative radix-2 complex FFT on separate real and imaginary double arrays, and
 * circular convolution built on it. Written here (rather than Commons Math's
 * {@code FastFourierTransformer}) because the t-SNE gradient calls it every iteration: this one
 * allocates nothing but its twiddle table and is several times faster on the sizes used (a few
 * thousand points).
 */
final class Fft {
    private final int n;
    private final double[] cos;
    private final double[] sin;
    private final int[] reverse;

    /** A transform of length {@code n}, a power of two. */
    Fft(int n) {
        if (n < 1 || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("FFT length must be a power of two, got " + n);
        }
        this.n = n;
        cos = new double[n / 2];
        sin = new double[n / 2];
        for (int i = 0; i < n / 2; i++) {
            cos[i] = Math.cos(2 * Math.PI * i / n);
            sin[i] = Math.sin(2 * Math.PI * i / n);
        }
        reverse = new int[n];
        int bits = Integer.numberOfTrailingZeros(n);
        for (int i = 0; i < n; i++) {
            reverse[i] = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
        }
    }

    int length() {
        return n;
    }

    /** Forward transform ({@code exp(-2 pi i jk / n)}) in place. */
    void forward(double[] re, double[] im) {
        transform(re, im, -1);
    }

    /** Inverse transform in place, scaled by {@code 1/n}. */
    void inverse(double[] re, double[] im) {
        transform(re, im, 1);
        double s = 1.0 / n;
        for (int i = 0; i < n; i++) {
            re[i] *= s;
            im[i] *= s;
        }
    }

    private void transform(double[] re, double[] im, int sign) {
        for (int i = 0; i < n; i++) {
            int j = reverse[i];
            if (j > i) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int size = 2; size <= n; size <<= 1) {
            int half = size >> 1;
            int step = n / size;
            for (int start = 0; start < n; start += size) {
                for (int k = 0; k < half; k++) {
                    double wr = cos[k * step];
                    double wi = sign * sin[k * step];
                    int a = start + k;
                    int b = a + half;
                    double xr = re[b] * wr - im[b] * wi;
                    double xi = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                }
            }
        }
    }
}
