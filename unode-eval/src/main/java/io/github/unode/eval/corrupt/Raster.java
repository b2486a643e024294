package io.github.unode.eval.corrupt;

import io.github.unode.internal.Gaussian;

/**
 * One image as planar floats {@code [c][h][w]} in [0, 1], with the small numeric helpers the
 * corruptions share (convolution with edge handling, bilinear sampling, clipping). Corruptions
 * transform test sets once, off the training and scoring paths, so plain loops are fine here.
 */
final class Raster {
    final int c;
    final int h;
    final int w;
    final float[] v;

    Raster(int c, int h, int w, float[] v) {
        if (v.length != c * h * w) {
            throw new IllegalArgumentException(v.length + " values for a " + c + "x" + h + "x" + w + " image");
        }
        this.c = c;
        this.h = h;
        this.w = w;
        this.v = v;
    }

    static Raster zeros(int c, int h, int w) {
        return new Raster(c, h, w, new float[c * h * w]);
    }

    Raster copy() {
        return new Raster(c, h, w, v.clone());
    }

    float get(int ch, int y, int x) {
        return v[(ch * h + y) * w + x];
    }

    void set(int ch, int y, int x, float value) {
        v[(ch * h + y) * w + x] = value;
    }

    /** Bilinear read with edge replication. */
    float sample(int ch, double y, double x) {
        y = Math.max(0, Math.min(h - 1, y));
        x = Math.max(0, Math.min(w - 1, x));
        int y0 = (int) Math.floor(y);
        int x0 = (int) Math.floor(x);
        int y1 = Math.min(h - 1, y0 + 1);
        int x1 = Math.min(w - 1, x0 + 1);
        double fy = y - y0;
        double fx = x - x0;
        double top = get(ch, y0, x0) * (1 - fx) + get(ch, y0, x1) * fx;
        double bottom = get(ch, y1, x0) * (1 - fx) + get(ch, y1, x1) * fx;
        return (float) (top * (1 - fy) + bottom * fy);
    }

    Raster clip() {
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.max(0f, Math.min(1f, v[i]));
        }
        return this;
    }

    /** Correlation with a 2-D kernel {@code k[kh][kw]} (odd sides), edges reflected, per channel. */
    Raster convolve(double[][] k) {
        int rh = k.length / 2;
        int rw = k[0].length / 2;
        Raster out = zeros(c, h, w);
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double s = 0;
                    for (int i = 0; i < k.length; i++) {
                        int yy = reflect(y + i - rh, h);
                        for (int j = 0; j < k[0].length; j++) {
                            s += k[i][j] * get(ch, yy, reflect(x + j - rw, w));
                        }
                    }
                    out.set(ch, y, x, (float) s);
                }
            }
        }
        return out;
    }

    /** Gaussian blur with the given sigma in pixels (separable, reflected edges). */
    Raster gaussian(double sigma) {
        if (sigma <= 0) {
            return copy();
        }
        double[] k = gaussianKernel(sigma);
        double[][] row = {k};
        double[][] col = new double[k.length][1];
        for (int i = 0; i < k.length; i++) {
            col[i][0] = k[i];
        }
        return convolve(row).convolve(col);
    }

    /** The normalised kernel of {@code sigma}, truncated at {@code ceil(4 sigma)} (at least 1). */
    static double[] gaussianKernel(double sigma) {
        return Gaussian.kernel(sigma, Gaussian.Radius.CEIL_4_SIGMA);
    }

    static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        i = Math.floorMod(i, period);
        return i >= n ? period - i : i;
    }

    /** Mean over every value. */
    double mean() {
        double s = 0;
        for (float x : v) {
            s += x;
        }
        return s / v.length;
    }
}
