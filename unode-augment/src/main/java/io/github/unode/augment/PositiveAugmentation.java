package io.github.unode.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.unode.core.ImageShape;
import io.github.unode.core.RandomSource;
import java.util.Locale;

/**
 * The positive-pair augmentation {@code t} of METHOD 4.2, applied independently to every image:
 * random resized crop (torchvision's {@code RandomResizedCrop}: area share in {@code [minScale, 1]},
 * aspect ratio in {@code [3/4, 4/3]} log-uniform, ten tries then a centre crop), horizontal flip,
 * and for colour images colour jitter with probability 0.8 and greyscale with probability 0.2.
 * With {@link Config#greyJitter()} (an option, off by default and not METHOD 4.2's), grey images
 * get the jitter's brightness and contrast too, as torchvision's {@code ColorJitter} applies them
 * to a one-channel image (saturation and hue do nothing there).
 *
 * <p>Crop and flip are one affine resampling of the whole batch. Colour jitter applies brightness,
 * contrast, saturation and hue in that fixed order (torchvision draws a random order per call); hue
 * is a rotation of the chroma plane in YIQ space, a linear stand-in for torchvision's HSV hue shift
 * that keeps the operation batched.
 */
public final class PositiveAugmentation implements Augmentation {
    private static final double LOG_MIN_RATIO = Math.log(3.0 / 4);
    private static final double LOG_MAX_RATIO = Math.log(4.0 / 3);

    private final Config config;

    public PositiveAugmentation(Config config) {
        this.config = config;
    }

    /**
     * Settings of the positive views.
     *
     * @param minScale smallest crop area as a share of the image, in (0, 1]
     * @param horizontalFlip whether images are mirrored with probability 0.5
     * @param jitterProbability probability of colour jitter (colour images only)
     * @param brightness brightness factor drawn from {@code [1 - b, 1 + b]}
     * @param contrast contrast factor from {@code [1 - c, 1 + c]}
     * @param saturation saturation factor from {@code [1 - s, 1 + s]}
     * @param hue hue rotation from {@code [-h, h]} turns, {@code h <= 0.5}
     * @param greyscaleProbability probability of greyscale (colour images only)
     * @param greyJitter whether grey images get the jitter's brightness and contrast (with
     *     probability {@code jitterProbability}); off in METHOD 4.2's defaults
     */
    public record Config(double minScale, boolean horizontalFlip, double jitterProbability, double brightness,
            double contrast, double saturation, double hue, double greyscaleProbability, boolean greyJitter) {

        /** Settings without jitter on grey images (METHOD 4.2's form). */
        public Config(double minScale, boolean horizontalFlip, double jitterProbability, double brightness,
                double contrast, double saturation, double hue, double greyscaleProbability) {
            this(minScale, horizontalFlip, jitterProbability, brightness, contrast, saturation, hue,
                    greyscaleProbability, false);
        }

        public Config {
            check(minScale > 0 && minScale <= 1, "minScale must lie in (0, 1], got " + minScale);
            check(probability(jitterProbability), "jitter probability must lie in [0, 1], got " + jitterProbability);
            check(probability(greyscaleProbability), "greyscale probability must lie in [0, 1], got " + greyscaleProbability);
            check(brightness >= 0 && brightness < 1, "brightness must lie in [0, 1), got " + brightness);
            check(contrast >= 0 && contrast < 1, "contrast must lie in [0, 1), got " + contrast);
            check(saturation >= 0 && saturation < 1, "saturation must lie in [0, 1), got " + saturation);
            check(hue >= 0 && hue <= 0.5, "hue must lie in [0, 0.5], got " + hue);
        }

        private static boolean probability(double p) {
            return p >= 0 && p <= 1;
        }

        private static void check(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }

        /**
         * METHOD 4.2's defaults for the shape: crop scale from 0.08 for colour images and from
         * 0.3 for grey images of 28 px or less (0.08 for larger grey images), flip on, jitter
         * (0.4, 0.4, 0.4, 0.1) with p = 0.8 and greyscale with p = 0.2 (both ignored for grey
         * images).
         */
        public static Config defaultsFor(ImageShape shape) {
            boolean smallGrey = shape.channels() == 1 && Math.max(shape.height(), shape.width()) <= 28;
            return new Config(smallGrey ? 0.3 : 0.08, true, 0.8, 0.4, 0.4, 0.4, 0.1, 0.2);
        }

        /** No change at all: crop of the whole image, no flip, no colour change. */
        public static Config identity() {
            return new Config(1, false, 0, 0, 0, 0, 0, 0);
        }

        public Config withMinScale(double s) {
            return new Config(s, horizontalFlip, jitterProbability, brightness, contrast, saturation, hue,
                    greyscaleProbability, greyJitter);
        }

        public Config withHorizontalFlip(boolean flip) {
            return new Config(minScale, flip, jitterProbability, brightness, contrast, saturation, hue,
                    greyscaleProbability, greyJitter);
        }

        /** These settings with the jitter's brightness and contrast on grey images too, or not. */
        public Config withGreyJitter(boolean on) {
            return new Config(minScale, horizontalFlip, jitterProbability, brightness, contrast, saturation, hue,
                    greyscaleProbability, on);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "crop scale [%.2f, 1], flip %s, jitter p=%.1f (%.1f, %.1f, %.1f, %.2f),"
                    + " greyscale p=%.1f", minScale, horizontalFlip ? "on" : "off", jitterProbability, brightness,
                    contrast, saturation, hue, greyscaleProbability) + (greyJitter ? ", brightness and contrast on grey" : "");
        }
    }

    public Config config() {
        return config;
    }

    @Override
    public String name() {
        return "positive";
    }

    @Override
    public NDArray apply(NDArray batch, RandomSource random) {
        ImageOps.requireBatch(batch);
        NDManager m = batch.getManager();
        int b = (int) batch.getShape().get(0);
        int c = (int) batch.getShape().get(1);
        int h = (int) batch.getShape().get(2);
        int w = (int) batch.getShape().get(3);
        float[] a = new float[6 * b];
        boolean identityGeometry = true;
        for (int i = 0; i < b; i++) {
            double[] crop = crop(h, w, random); // top, left, height, width
            boolean flip = config.horizontalFlip && random.nextBoolean(0.5);
            double sx = crop[3] / w;
            double sy = crop[2] / h;
            // align_corners=False: output centre j + 0.5 maps to crop centre left + (j + 0.5) sx
            // mirrored: output centre j + 0.5 maps to left + width - (j + 0.5) sx
            double ax = flip ? -sx : sx;
            double bx = flip ? crop[1] + crop[3] - 0.5 * sx - 0.5 : crop[1] + 0.5 * sx - 0.5;
            a[6 * i] = (float) ax;
            a[6 * i + 2] = (float) bx;
            a[6 * i + 4] = (float) sy;
            a[6 * i + 5] = (float) (crop[0] + 0.5 * sy - 0.5);
            identityGeometry &= !flip && crop[2] == h && crop[3] == w && crop[0] == 0 && crop[1] == 0;
        }
        NDArray out = identityGeometry ? batch.duplicate()
                : ImageOps.bilinear(batch, ImageOps.affineGrid(m, a, h, w).toDevice(batch.getDevice(), false),
                        ImageOps.Padding.BORDER);
        if (c == 3) {
            out = colour(out, random);
        } else if (config.greyJitter) {
            out = greyJitter(out, random);
        }
        return out.clip(0f, 1f);
    }

    /** torchvision's RandomResizedCrop geometry: {top, left, height, width}. */
    private double[] crop(int h, int w, RandomSource random) {
        double area = (double) h * w;
        if (config.minScale < 1) {
            for (int t = 0; t < 10; t++) {
                double target = area * random.nextDouble(config.minScale, 1.0);
                double ratio = Math.exp(random.nextDouble(LOG_MIN_RATIO, LOG_MAX_RATIO));
                int cw = (int) Math.round(Math.sqrt(target * ratio));
                int ch = (int) Math.round(Math.sqrt(target / ratio));
                if (cw > 0 && ch > 0 && cw <= w && ch <= h) {
                    int top = random.nextInt(h - ch + 1);
                    int left = random.nextInt(w - cw + 1);
                    return new double[] {top, left, ch, cw};
                }
            }
        }
        // fallback: the largest centred crop with a ratio inside the range
        double ratio = (double) w / h;
        int cw;
        int ch;
        if (ratio < 3.0 / 4) {
            cw = w;
            ch = (int) Math.round(w / (3.0 / 4));
        } else if (ratio > 4.0 / 3) {
            ch = h;
            cw = (int) Math.round(h * (4.0 / 3));
        } else {
            cw = w;
            ch = h;
        }
        return new double[] {(h - ch) / 2, (w - cw) / 2, ch, cw};
    }

    private NDArray colour(NDArray x, RandomSource random) {
        NDManager m = x.getManager();
        int b = (int) x.getShape().get(0);
        float[] bright = new float[b];
        float[] contrast = new float[b];
        float[] sat = new float[b];
        float[] hue = new float[9 * b];
        float[] grey = new float[b];
        boolean anyJitter = false;
        boolean anyGrey = false;
        for (int i = 0; i < b; i++) {
            boolean jitter = random.nextBoolean(config.jitterProbability);
            bright[i] = jitter ? (float) factor(config.brightness, random) : 1f;
            contrast[i] = jitter ? (float) factor(config.contrast, random) : 1f;
            sat[i] = jitter ? (float) factor(config.saturation, random) : 1f;
            double theta = jitter && config.hue > 0 ? 2 * Math.PI * random.nextDouble(-config.hue, config.hue) : 0;
            System.arraycopy(hueMatrix(theta), 0, hue, 9 * i, 9);
            grey[i] = random.nextBoolean(config.greyscaleProbability) ? 1f : 0f;
            anyJitter |= jitter;
            anyGrey |= grey[i] > 0;
        }
        NDArray y = x;
        if (anyJitter) {
            y = y.mul(ImageOps.perImage(m, bright, y)).clip(0f, 1f);
            // the PyTorch engine's mean takes one axis: average the flattened luma of each image
            NDArray mean = ImageOps.luma(y).reshape(b, -1).mean(new int[] {1}, true).reshape(b, 1, 1, 1);
            NDArray cf = ImageOps.perImage(m, contrast, y);
            y = y.sub(mean).mul(cf).add(mean).clip(0f, 1f);
            NDArray l = ImageOps.luma(y);
            y = y.sub(l).mul(ImageOps.perImage(m, sat, y)).add(l).clip(0f, 1f);
            long hw = y.getShape().get(2) * y.getShape().get(3);
            NDArray mats = m.create(hue, new Shape(b, 3, 3)).toDevice(y.getDevice(), false);
            y = mats.matMul(y.reshape(b, 3, hw)).reshape(y.getShape()).clip(0f, 1f);
        }
        if (anyGrey) {
            NDArray g = ImageOps.perImage(m, grey, y);
            NDArray l = ImageOps.luma(y).repeat(1, 3);
            y = l.mul(g).add(y.mul(g.neg().add(1f)));
        }
        return y;
    }

    /** Brightness then contrast about each image's mean, per image with probability {@code jitterProbability}. */
    private NDArray greyJitter(NDArray x, RandomSource random) {
        NDManager m = x.getManager();
        int b = (int) x.getShape().get(0);
        float[] bright = new float[b];
        float[] contrast = new float[b];
        boolean any = false;
        for (int i = 0; i < b; i++) {
            boolean jitter = random.nextBoolean(config.jitterProbability);
            bright[i] = jitter ? (float) factor(config.brightness, random) : 1f;
            contrast[i] = jitter ? (float) factor(config.contrast, random) : 1f;
            any |= jitter;
        }
        if (!any) {
            return x;
        }
        NDArray y = x.mul(ImageOps.perImage(m, bright, x)).clip(0f, 1f);
        NDArray mean = y.reshape(b, -1).mean(new int[] {1}, true).reshape(b, 1, 1, 1);
        return y.sub(mean).mul(ImageOps.perImage(m, contrast, y)).add(mean).clip(0f, 1f);
    }

    private static double factor(double spread, RandomSource random) {
        return spread == 0 ? 1 : random.nextDouble(1 - spread, 1 + spread);
    }

    /** RGB to RGB matrix rotating the chroma (I, Q) plane of YIQ by {@code theta}, keeping luma. */
    static float[] hueMatrix(double theta) {
        double[][] toYiq = {{0.299, 0.587, 0.114}, {0.596, -0.274, -0.322}, {0.211, -0.523, 0.312}};
        double[][] toRgb = inverse(toYiq);
        double cos = Math.cos(theta);
        double sin = Math.sin(theta);
        double[][] rot = {{1, 0, 0}, {0, cos, -sin}, {0, sin, cos}};
        double[][] mm = mul(toRgb, mul(rot, toYiq));
        float[] out = new float[9];
        for (int r = 0; r < 3; r++) {
            for (int k = 0; k < 3; k++) {
                out[3 * r + k] = (float) mm[r][k];
            }
        }
        return out;
    }

    private static double[][] inverse(double[][] a) {
        double det = a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1])
                - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0])
                + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
        double[][] r = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                int i1 = (j + 1) % 3;
                int i2 = (j + 2) % 3;
                int j1 = (i + 1) % 3;
                int j2 = (i + 2) % 3;
                r[i][j] = (a[i1][j1] * a[i2][j2] - a[i1][j2] * a[i2][j1]) / det;
            }
        }
        return r;
    }

    private static double[][] mul(double[][] p, double[][] q) {
        double[][] r = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) {
                    r[i][j] += p[i][k] * q[k][j];
                }
            }
        }
        return r;
    }
}
