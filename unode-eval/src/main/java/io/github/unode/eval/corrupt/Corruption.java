package io.github.unode.eval.corrupt;

import io.github.unode.core.RandomSource;
import io.github.unode.internal.Gaussian;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The fifteen corruptions of CIFAR-10-C (Hendrycks and Dietterich, ICLR 2019), severities 1 to 5,
 * for grey and colour images of any size (METHOD section 7). Parameters are CIFAR-10-C's
 * ({@code make_cifar_c.py}); lengths given there in pixels of a 32-px image (blur radii and
 * sigmas, glass-blur displacement) are scaled by {@code side / 32} for larger images, so a
 * corruption means the same thing at every resolution, and kept as they are for smaller ones
 * (28-px Fashion-MNIST gets CIFAR-10-C's values: scaled down, a disk of radius 1 would shrink to
 * a single pixel). Two substitutions, because their inputs cannot ship: frost overlays a
 * procedural ice texture instead of CIFAR-10-C's frost photographs, and motion blur is
 * ImageMagick's one-sided Gaussian line kernel written out here rather than called through Wand.
 * Shot noise draws Poisson counts exactly below a mean of 30 and by the normal approximation above.
 */
public enum Corruption {
    GAUSSIAN_NOISE("gaussian_noise", "noise", 0),
    SHOT_NOISE("shot_noise", "noise", 1),
    IMPULSE_NOISE("impulse_noise", "noise", 2),
    DEFOCUS_BLUR("defocus_blur", "blur", 3),
    GLASS_BLUR("glass_blur", "blur", 4),
    MOTION_BLUR("motion_blur", "blur", 5),
    ZOOM_BLUR("zoom_blur", "blur", 6),
    SNOW("snow", "weather", 7),
    FROST("frost", "weather", 8),
    FOG("fog", "weather", 9),
    BRIGHTNESS("brightness", "weather", 10),
    CONTRAST("contrast", "digital", 11),
    ELASTIC("elastic_transform", "digital", 12),
    PIXELATE("pixelate", "digital", 13),
    JPEG("jpeg_compression", "digital", 14);

    private final String id;
    private final String family;
    private final int seedIndex;

    /**
     * @param seedIndex this corruption's part of every image's random seed: fixed per corruption
     *     (it was the declaration order when it was introduced), so that adding or reordering
     *     corruptions leaves every corrupted image as it was
     */
    Corruption(String id, String family, int seedIndex) {
        this.id = id;
        this.family = family;
        this.seedIndex = seedIndex;
    }

    /** This corruption's fixed part of the per-image seed (independent of declaration order). */
    public int seedIndex() {
        return seedIndex;
    }

    /** CIFAR-10-C's name for it. */
    public String id() {
        return id;
    }

    /** noise, blur, weather or digital. */
    public String family() {
        return family;
    }

    /** Looks a corruption up by CIFAR-10-C name or enum name, case-insensitively. */
    public static Corruption of(String name) {
        for (Corruption c : values()) {
            if (c.id.equalsIgnoreCase(name) || c.name().equalsIgnoreCase(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown corruption '" + name + "'; known: "
                + java.util.Arrays.stream(values()).map(Corruption::id).toList());
    }

    /**
     * Corrupts one image.
     *
     * @param pixels planar {@code c x h x w} values in [0, 1] (not modified)
     * @param c channels (1 grey, 3 colour; other counts are treated channel by channel)
     * @param h height
     * @param w width
     * @param severity 1 to 5
     * @param random source of the corruption's random draws
     * @return the corrupted image, same layout, in [0, 1]
     */
    public float[] apply(float[] pixels, int c, int h, int w, int severity, RandomSource random) {
        if (severity < 1 || severity > 5) {
            throw new IllegalArgumentException("severity must be 1 to 5, got " + severity);
        }
        Raster x = new Raster(c, h, w, pixels.clone());
        // lengths scale up with the image, never below their 32-px values (below a pixel they lose meaning)
        double s = Math.max(1.0, Math.max(h, w) / 32.0);
        int i = severity - 1;
        Raster out = switch (this) {
            case GAUSSIAN_NOISE -> gaussianNoise(x, new double[] {0.04, 0.06, 0.08, 0.09, 0.10}[i], random);
            case SHOT_NOISE -> shotNoise(x, new double[] {500, 250, 100, 75, 50}[i], random);
            case IMPULSE_NOISE -> impulseNoise(x, new double[] {0.01, 0.02, 0.03, 0.05, 0.07}[i], random);
            case DEFOCUS_BLUR -> defocus(x, Defocus.LEVELS[i], s);
            case GLASS_BLUR -> glass(x, Glass.LEVELS[i], s, random);
            case MOTION_BLUR -> {
                Motion m = Motion.LEVELS[i];
                yield motion(x, m.radius() * s, m.sigma() * s, Math.toRadians(random.nextDouble(-45, 45)));
            }
            case ZOOM_BLUR -> zoomBlur(x, new double[] {1.06, 1.11, 1.16, 1.21, 1.26}[i]);
            case SNOW -> snow(x, Snow.LEVELS[i], s, random);
            case FROST -> frost(x, Frost.LEVELS[i], random);
            case FOG -> fog(x, Fog.LEVELS[i], random);
            case BRIGHTNESS -> brightness(x, new double[] {0.05, 0.1, 0.15, 0.2, 0.3}[i]);
            case CONTRAST -> contrast(x, new double[] {0.75, 0.5, 0.4, 0.3, 0.15}[i]);
            case ELASTIC -> elastic(x, Elastic.LEVELS[i], random);
            case PIXELATE -> pixelate(x, new double[] {0.95, 0.9, 0.85, 0.75, 0.65}[i]);
            case JPEG -> jpeg(x, new int[] {80, 65, 58, 50, 40}[i]);
        };
        return out.clip().v;
    }

    private static Raster gaussianNoise(Raster x, double sigma, RandomSource r) {
        for (int k = 0; k < x.v.length; k++) {
            x.v[k] += (float) (sigma * r.nextGaussian());
        }
        return x;
    }

    private static Raster shotNoise(Raster x, double photons, RandomSource r) {
        for (int k = 0; k < x.v.length; k++) {
            x.v[k] = (float) (poisson(Math.max(0, x.v[k]) * photons, r) / photons);
        }
        return x;
    }

    static double poisson(double mean, RandomSource r) {
        if (mean < 30) {
            double limit = Math.exp(-mean);
            double p = r.nextDouble();
            int k = 0;
            while (p > limit) {
                p *= r.nextDouble();
                k++;
            }
            return k;
        }
        return Math.max(0, Math.round(mean + Math.sqrt(mean) * r.nextGaussian()));
    }

    private static Raster impulseNoise(Raster x, double amount, RandomSource r) {
        for (int k = 0; k < x.v.length; k++) {
            if (r.nextDouble() < amount) {
                x.v[k] = r.nextBoolean(0.5) ? 1f : 0f;
            }
        }
        return x;
    }

    private static Raster defocus(Raster x, Defocus p, double scale) {
        double radius = p.radius() * scale;
        int half = (int) Math.max(8 * scale, Math.ceil(radius));
        int size = 2 * half + 1;
        double[][] disk = new double[size][size];
        double sum = 0;
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                int dy = i - half;
                int dx = j - half;
                if (dx * dx + dy * dy <= radius * radius) {
                    disk[i][j] = 1;
                    sum++;
                }
            }
        }
        if (sum == 0) {
            disk[half][half] = 1;
            sum = 1;
        }
        Raster k = new Raster(1, size, size, new float[size * size]);
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                k.set(0, i, j, (float) (disk[i][j] / sum));
            }
        }
        // CIFAR-10-C smooths the aliased disk with a small Gaussian (its "alias blur") whose kernel is
        // cut at 3x3 (5x5 for radii above 8) pixels of a 32-px image
        int ks = Math.max(1, (int) Math.round((p.radius() <= 8 ? 1 : 2) * scale));
        double sigma = p.aliasSigma() * scale;
        double[] g = Gaussian.weights(sigma, ks); // unnormalised: the 2-D result is normalised below
        double[][] kernel = new double[size][size];
        double t = 0;
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                double acc = 0;
                for (int a = -ks; a <= ks; a++) {
                    for (int b = -ks; b <= ks; b++) {
                        int ii = Raster.reflect(i + a, size);
                        int jj = Raster.reflect(j + b, size);
                        acc += g[a + ks] * g[b + ks] * k.get(0, ii, jj);
                    }
                }
                kernel[i][j] = acc;
                t += acc;
            }
        }
        for (double[] row : kernel) {
            for (int j = 0; j < size; j++) {
                row[j] /= t;
            }
        }
        return x.convolve(kernel);
    }

    private static Raster glass(Raster x, Glass p, double scale, RandomSource r) {
        double sigma = p.sigma() * scale;
        int delta = Math.max(1, (int) Math.round(p.delta() * scale));
        Raster y = x.gaussian(sigma);
        for (int it = 0; it < p.iterations(); it++) {
            for (int yy = y.h - delta - 1; yy >= delta; yy--) {
                for (int xx = y.w - delta - 1; xx >= delta; xx--) {
                    int dy = r.nextInt(-delta, delta);
                    int dx = r.nextInt(-delta, delta);
                    for (int ch = 0; ch < y.c; ch++) {
                        float a = y.get(ch, yy, xx);
                        y.set(ch, yy, xx, y.get(ch, yy + dy, xx + dx));
                        y.set(ch, yy + dy, xx + dx, a);
                    }
                }
            }
        }
        return y.gaussian(sigma);
    }

    /** One-sided Gaussian line blur along {@code angle} (ImageMagick's motion blur). */
    static Raster motion(Raster x, double radius, double sigma, double angle) {
        int n = Math.max(1, (int) Math.ceil(radius));
        double[] w = Gaussian.oneSided(sigma, n);
        double sum = Gaussian.sum(w);
        double dx = Math.cos(angle);
        double dy = Math.sin(angle);
        Raster out = Raster.zeros(x.c, x.h, x.w);
        for (int ch = 0; ch < x.c; ch++) {
            for (int yy = 0; yy < x.h; yy++) {
                for (int xx = 0; xx < x.w; xx++) {
                    double acc = 0;
                    for (int t = 0; t <= n; t++) {
                        acc += w[t] * x.sample(ch, yy - t * dy, xx - t * dx);
                    }
                    out.set(ch, yy, xx, (float) (acc / sum));
                }
            }
        }
        return out;
    }

    /** Zooms about the centre by {@code z >= 1}, keeping the size (CIFAR-10-C's clipped zoom). */
    static Raster zoom(Raster x, double z) {
        Raster out = Raster.zeros(x.c, x.h, x.w);
        double cy = (x.h - 1) / 2.0;
        double cx = (x.w - 1) / 2.0;
        for (int ch = 0; ch < x.c; ch++) {
            for (int yy = 0; yy < x.h; yy++) {
                for (int xx = 0; xx < x.w; xx++) {
                    out.set(ch, yy, xx, x.sample(ch, cy + (yy - cy) / z, cx + (xx - cx) / z));
                }
            }
        }
        return out;
    }

    private static Raster zoomBlur(Raster x, double maxZoom) {
        Raster acc = x.copy();
        int count = 1;
        for (double z = 1.01; z < maxZoom - 1e-9; z += 0.01) {
            Raster zz = zoom(x, z);
            for (int k = 0; k < acc.v.length; k++) {
                acc.v[k] += zz.v[k];
            }
            count++;
        }
        for (int k = 0; k < acc.v.length; k++) {
            acc.v[k] /= count;
        }
        return acc;
    }

    private static Raster snow(Raster x, Snow p, double scale, RandomSource r) {
        Raster layer = Raster.zeros(1, x.h, x.w);
        for (int k = 0; k < layer.v.length; k++) {
            layer.v[k] = (float) (p.mean() + p.std() * r.nextGaussian());
        }
        layer = zoom(layer, p.zoom());
        for (int k = 0; k < layer.v.length; k++) {
            if (layer.v[k] < p.threshold()) {
                layer.v[k] = 0;
            }
        }
        layer.clip();
        layer = motion(layer, p.blurRadius() * scale, p.blurSigma() * scale, Math.toRadians(r.nextDouble(-135, -45)));
        Raster grey = luma(x);
        for (int ch = 0; ch < x.c; ch++) {
            for (int yy = 0; yy < x.h; yy++) {
                for (int xx = 0; xx < x.w; xx++) {
                    float v = x.get(ch, yy, xx);
                    float g = grey.get(0, yy, xx) * 1.5f + 0.5f;
                    float base = (float) (p.imageWeight() * v + (1 - p.imageWeight()) * Math.max(v, g));
                    float snowHere = layer.get(0, yy, xx) + layer.get(0, x.h - 1 - yy, x.w - 1 - xx);
                    x.set(ch, yy, xx, base + snowHere);
                }
            }
        }
        return x;
    }

    private static Raster frost(Raster x, Frost p, RandomSource r) {
        Raster ice = FrostTexture.make(x.h, x.w, r);
        for (int ch = 0; ch < x.c; ch++) {
            for (int yy = 0; yy < x.h; yy++) {
                for (int xx = 0; xx < x.w; xx++) {
                    x.set(ch, yy, xx, (float) (p.imageWeight() * x.get(ch, yy, xx) + p.frostWeight() * ice.get(0, yy, xx)));
                }
            }
        }
        return x;
    }

    private static Raster fog(Raster x, Fog p, RandomSource r) {
        double max = 0;
        for (float v : x.v) {
            max = Math.max(max, v);
        }
        int side = Integer.highestOneBit(Math.max(x.h, x.w) * 8 - 1) << 1;
        float[][] plasma = Plasma.fractal(side, p.decay(), r);
        for (int ch = 0; ch < x.c; ch++) {
            for (int yy = 0; yy < x.h; yy++) {
                for (int xx = 0; xx < x.w; xx++) {
                    x.set(ch, yy, xx, (float) (x.get(ch, yy, xx) + p.amount() * plasma[yy][xx]));
                }
            }
        }
        for (int k = 0; k < x.v.length; k++) {
            x.v[k] = (float) (x.v[k] * max / (max + p.amount()));
        }
        return x;
    }

    /** Raises the HSV value by {@code c}, keeping hue and saturation (grey: adds {@code c}). */
    private static Raster brightness(Raster x, double c) {
        if (x.c != 3) {
            for (int k = 0; k < x.v.length; k++) {
                x.v[k] += (float) c;
            }
            return x;
        }
        for (int yy = 0; yy < x.h; yy++) {
            for (int xx = 0; xx < x.w; xx++) {
                float rr = x.get(0, yy, xx);
                float gg = x.get(1, yy, xx);
                float bb = x.get(2, yy, xx);
                float v = Math.max(rr, Math.max(gg, bb));
                float nv = (float) Math.min(1, v + c);
                if (v <= 0) {
                    x.set(0, yy, xx, nv);
                    x.set(1, yy, xx, nv);
                    x.set(2, yy, xx, nv);
                } else {
                    float f = nv / v;
                    x.set(0, yy, xx, rr * f);
                    x.set(1, yy, xx, gg * f);
                    x.set(2, yy, xx, bb * f);
                }
            }
        }
        return x;
    }

    private static Raster contrast(Raster x, double c) {
        int plane = x.h * x.w;
        for (int ch = 0; ch < x.c; ch++) {
            double m = 0;
            for (int k = 0; k < plane; k++) {
                m += x.v[ch * plane + k];
            }
            m /= plane;
            for (int k = 0; k < plane; k++) {
                x.v[ch * plane + k] = (float) ((x.v[ch * plane + k] - m) * c + m);
            }
        }
        return x;
    }

    /** CIFAR-10-C's elastic transform: a random affine jitter, then a smoothed displacement field. */
    private static Raster elastic(Raster x, Elastic p, RandomSource r) {
        int size = Math.max(x.h, x.w);
        double alpha = p.alpha() * size;
        double sigma = p.sigma() * size;
        double jitter = p.jitter() * size;
        // affine from three points around the centre, each moved by up to `jitter` pixels
        double cy = x.h / 2.0;
        double cx = x.w / 2.0;
        double sq = Math.min(x.h, x.w) / 3.0;
        double[][] src = {{cx + sq, cy + sq}, {cx + sq, cy - sq}, {cx - sq, cy - sq}};
        double[][] dst = new double[3][2];
        for (int k = 0; k < 3; k++) {
            dst[k][0] = src[k][0] + r.nextDouble(-jitter, jitter + 1e-12);
            dst[k][1] = src[k][1] + r.nextDouble(-jitter, jitter + 1e-12);
        }
        double[] inv = affineFromPoints(dst, src); // output -> source
        Raster warped = Raster.zeros(x.c, x.h, x.w);
        for (int ch = 0; ch < x.c; ch++) {
            for (int yy = 0; yy < x.h; yy++) {
                for (int xx = 0; xx < x.w; xx++) {
                    double sx = inv[0] * xx + inv[1] * yy + inv[2];
                    double sy = inv[3] * xx + inv[4] * yy + inv[5];
                    warped.set(ch, yy, xx, x.sample(ch, reflectD(sy, x.h), reflectD(sx, x.w)));
                }
            }
        }
        if (alpha == 0) {
            return warped;
        }
        Raster dx = Raster.zeros(1, x.h, x.w);
        Raster dy = Raster.zeros(1, x.h, x.w);
        for (int k = 0; k < dx.v.length; k++) {
            dx.v[k] = (float) r.nextDouble(-1, 1);
            dy.v[k] = (float) r.nextDouble(-1, 1);
        }
        dx = dx.gaussian(sigma);
        dy = dy.gaussian(sigma);
        Raster out = Raster.zeros(x.c, x.h, x.w);
        for (int ch = 0; ch < x.c; ch++) {
            for (int yy = 0; yy < x.h; yy++) {
                for (int xx = 0; xx < x.w; xx++) {
                    double sy = yy + alpha * dy.get(0, yy, xx);
                    double sx = xx + alpha * dx.get(0, yy, xx);
                    out.set(ch, yy, xx, warped.sample(ch, reflectD(sy, x.h), reflectD(sx, x.w)));
                }
            }
        }
        return out;
    }

    private static double reflectD(double v, int n) {
        if (n == 1) {
            return 0;
        }
        double period = 2.0 * (n - 1);
        v = ((v % period) + period) % period;
        return v > n - 1 ? period - v : v;
    }

    /** The affine map (row-major 2x3) taking the three points {@code a} to {@code b}. */
    static double[] affineFromPoints(double[][] a, double[][] b) {
        // solve [ax ay 1] M = [bx by] for the 3x2 matrix M by Cramer's rule
        double det = a[0][0] * (a[1][1] - a[2][1]) - a[0][1] * (a[1][0] - a[2][0])
                + (a[1][0] * a[2][1] - a[2][0] * a[1][1]);
        double[] m = new double[6];
        for (int out = 0; out < 2; out++) {
            double b0 = b[0][out];
            double b1 = b[1][out];
            double b2 = b[2][out];
            double p = (b0 * (a[1][1] - a[2][1]) - a[0][1] * (b1 - b2) + (b1 * a[2][1] - b2 * a[1][1])) / det;
            double q = (a[0][0] * (b1 - b2) - b0 * (a[1][0] - a[2][0]) + (a[1][0] * b2 - a[2][0] * b1)) / det;
            double rr = (a[0][0] * (a[1][1] * b2 - a[2][1] * b1) - a[0][1] * (a[1][0] * b2 - a[2][0] * b1)
                    + b0 * (a[1][0] * a[2][1] - a[2][0] * a[1][1])) / det;
            m[3 * out] = p;
            m[3 * out + 1] = q;
            m[3 * out + 2] = rr;
        }
        return m;
    }

    /** Box-averaged down to {@code factor} of the size, then nearest-neighbour back up (PIL's BOX + NEAREST). */
    private static Raster pixelate(Raster x, double factor) {
        int sh = Math.max(1, (int) (x.h * factor));
        int sw = Math.max(1, (int) (x.w * factor));
        Raster small = Raster.zeros(x.c, sh, sw);
        for (int ch = 0; ch < x.c; ch++) {
            for (int i = 0; i < sh; i++) {
                double y0 = (double) i * x.h / sh;
                double y1 = (double) (i + 1) * x.h / sh;
                for (int j = 0; j < sw; j++) {
                    double x0 = (double) j * x.w / sw;
                    double x1 = (double) (j + 1) * x.w / sw;
                    double acc = 0;
                    double area = 0;
                    for (int yy = (int) Math.floor(y0); yy < Math.ceil(y1); yy++) {
                        double wy = Math.min(y1, yy + 1) - Math.max(y0, yy);
                        for (int xx = (int) Math.floor(x0); xx < Math.ceil(x1); xx++) {
                            double wx = Math.min(x1, xx + 1) - Math.max(x0, xx);
                            acc += wy * wx * x.get(ch, yy, xx);
                            area += wy * wx;
                        }
                    }
                    small.set(ch, i, j, (float) (acc / area));
                }
            }
        }
        Raster out = Raster.zeros(x.c, x.h, x.w);
        for (int ch = 0; ch < x.c; ch++) {
            for (int yy = 0; yy < x.h; yy++) {
                int sy = Math.min(sh - 1, (int) ((yy + 0.5) * sh / x.h));
                for (int xx = 0; xx < x.w; xx++) {
                    int sx = Math.min(sw - 1, (int) ((xx + 0.5) * sw / x.w));
                    out.set(ch, yy, xx, small.get(ch, sy, sx));
                }
            }
        }
        return out;
    }

    /** Encodes as JPEG at {@code quality} with javax.imageio's (IJG-based) encoder and decodes again. */
    private static Raster jpeg(Raster x, int quality) {
        byte[] bytes = jpegBytes(x, quality);
        try {
            BufferedImage back = ImageIO.read(new ByteArrayInputStream(bytes));
            Raster out = Raster.zeros(x.c, x.h, x.w);
            for (int yy = 0; yy < x.h; yy++) {
                for (int xx = 0; xx < x.w; xx++) {
                    if (x.c == 3) {
                        int rgb = back.getRGB(xx, yy);
                        out.set(0, yy, xx, ((rgb >> 16) & 0xff) / 255f);
                        out.set(1, yy, xx, ((rgb >> 8) & 0xff) / 255f);
                        out.set(2, yy, xx, (rgb & 0xff) / 255f);
                    } else {
                        float v = back.getRaster().getSample(xx, yy, 0) / 255f;
                        for (int ch = 0; ch < x.c; ch++) {
                            out.set(ch, yy, xx, v);
                        }
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JPEG file the JPEG corruption makes of an image (for tests of its size). */
    static byte[] jpegBytes(Raster x, int quality) {
        BufferedImage img = new BufferedImage(x.w, x.h, x.c == 3 ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY);
        for (int yy = 0; yy < x.h; yy++) {
            for (int xx = 0; xx < x.w; xx++) {
                if (x.c == 3) {
                    int r = Math.round(255 * x.get(0, yy, xx));
                    int g = Math.round(255 * x.get(1, yy, xx));
                    int b = Math.round(255 * x.get(2, yy, xx));
                    img.setRGB(xx, yy, (clamp(r) << 16) | (clamp(g) << 8) | clamp(b));
                } else {
                    img.getRaster().setSample(xx, yy, 0, clamp(Math.round(255 * x.get(0, yy, xx))));
                }
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            writer.write(null, new IIOImage(img, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    static Raster luma(Raster x) {
        Raster g = Raster.zeros(1, x.h, x.w);
        for (int yy = 0; yy < x.h; yy++) {
            for (int xx = 0; xx < x.w; xx++) {
                g.set(0, yy, xx, x.c == 3
                        ? 0.299f * x.get(0, yy, xx) + 0.587f * x.get(1, yy, xx) + 0.114f * x.get(2, yy, xx)
                        : x.get(0, yy, xx));
            }
        }
        return g;
    }

    @Override
    public String toString() {
        return id.toLowerCase(Locale.ROOT);
    }

    // The parameters of each corruption with more than one, per severity 1 to 5 (CIFAR-10-C's
    // values; lengths are for a 32-px image and scale with it where the code says so).

    /** Defocus blur: a disk of {@code radius} pixels smoothed by a Gaussian of {@code aliasSigma}. */
    private record Defocus(double radius, double aliasSigma) {
        static final Defocus[] LEVELS = {new Defocus(0.3, 0.4), new Defocus(0.4, 0.5), new Defocus(0.5, 0.6),
            new Defocus(1, 0.2), new Defocus(1.5, 0.1)};
    }

    /** Glass blur: a Gaussian of {@code sigma}, then pixels swapped up to {@code delta} away, {@code iterations} times. */
    private record Glass(double sigma, double delta, int iterations) {
        static final Glass[] LEVELS = {new Glass(0.05, 1, 1), new Glass(0.25, 1, 1), new Glass(0.4, 1, 1),
            new Glass(0.25, 1, 2), new Glass(0.4, 1, 2)};
    }

    /** Motion blur along a random direction: {@code radius} and {@code sigma} of the streak. */
    private record Motion(double radius, double sigma) {
        static final Motion[] LEVELS = {new Motion(10, 1), new Motion(10, 1.5), new Motion(10, 2), new Motion(10, 2.5),
            new Motion(12, 3)};
    }

    /**
     * Snow: a Gaussian layer ({@code mean}, {@code std}) zoomed by {@code zoom}, cut below
     * {@code threshold}, motion-blurred ({@code blurRadius}, {@code blurSigma}), over the image
     * blended with its brightened grey by {@code imageWeight}.
     */
    private record Snow(double mean, double std, double zoom, double threshold, double blurRadius, double blurSigma,
            double imageWeight) {
        static final Snow[] LEVELS = {new Snow(0.1, 0.2, 1, 0.6, 8, 3, 0.95), new Snow(0.1, 0.2, 1, 0.5, 10, 4, 0.9),
            new Snow(0.15, 0.3, 1.75, 0.55, 10, 4, 0.9), new Snow(0.25, 0.3, 2.25, 0.6, 12, 6, 0.85),
            new Snow(0.3, 0.3, 1.25, 0.65, 14, 12, 0.8)};
    }

    /** Frost: {@code imageWeight} of the image plus {@code frostWeight} of an ice texture. */
    private record Frost(double imageWeight, double frostWeight) {
        static final Frost[] LEVELS = {new Frost(1, 0.2), new Frost(1, 0.3), new Frost(0.9, 0.4), new Frost(0.85, 0.4),
            new Frost(0.75, 0.45)};
    }

    /** Fog: {@code amount} of a plasma fractal whose roughness falls off by {@code decay}. */
    private record Fog(double amount, double decay) {
        static final Fog[] LEVELS = {new Fog(0.2, 3), new Fog(0.5, 3), new Fog(0.75, 2.5), new Fog(1, 2),
            new Fog(1.5, 1.75)};
    }

    /** Elastic transform, as shares of the image size: displacement {@code alpha}, its smoothing {@code sigma}, affine {@code jitter}. */
    private record Elastic(double alpha, double sigma, double jitter) {
        static final Elastic[] LEVELS = {new Elastic(0, 0, 0.08), new Elastic(0.05, 0.2, 0.07),
            new Elastic(0.08, 0.06, 0.06), new Elastic(0.1, 0.04, 0.05), new Elastic(0.1, 0.03, 0.03)};
    }
}
