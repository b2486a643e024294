package io.github.unode.testing;

import io.github.unode.core.ImageShape;
import io.github.unode.core.RandomSource;
import io.github.unode.data.ImageSet;
import io.github.unode.data.ImageSets;
import io.github.unode.data.Split;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Real images in the shapes the tests cover (grey and colour, any side), shared by the modules'
 * tests through unode-core's test jar.
 *
 * <p>Why tinted: no colour data set ships with unode, and random noise has none of the structure
 * (edges, flat backgrounds, objects) the augmentations and the network act on. Tinting a real
 * Fashion-MNIST image gives a colour image with that structure whose three channels differ:
 * every image gets its own seeded background and foreground colour, and each pixel mixes the two
 * by its grey value.
 */
public final class TestImages {
    private TestImages() {}

    /**
     * The first {@code n} bundled Fashion-MNIST training images of class {@code label} in the
     * given shape ({@link #as}).
     */
    public static ImageSet fashion(int label, int n, int channels, int side) throws IOException {
        try (ImageSet train = ImageSets.bundledFashionMnist(Split.TRAIN);
                ImageSet cls = train.onlyLabel(label);
                ImageSet first = cls.first(n)) {
            return as(first, channels, side);
        }
    }

    /**
     * Grey images resized to {@code side} and, when {@code channels == 3}, tinted ({@link #tinted},
     * seeded by the side so that each shape gets its own colours).
     */
    public static ImageSet as(ImageSet grey, int channels, int side) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("test images are grey (1) or colour (3), got " + channels + " channels");
        }
        try (ImageSet resized = grey.resized(ImageShape.grey(side))) {
            return channels == 1 ? resized.first(resized.size()) : tinted(resized, side);
        }
    }

    /**
     * Colour versions of grey images: image {@code i} is {@code bg_i + (fg_i - bg_i) x} per channel,
     * with background and foreground colours drawn from the seed, every component in
     * [0.1, 0.9] (never 0 or 1, so that zeroing or clipping is visible), and the foreground's
     * components at least 0.3 apart from each other (so the channels never coincide).
     */
    public static ImageSet tinted(ImageSet grey, long seed) {
        if (grey.shape().channels() != 1) {
            throw new IllegalArgumentException("tinting takes grey images, got " + grey.shape());
        }
        int n = grey.size();
        int plane = grey.shape().height() * grey.shape().width();
        float[] g = grey.toFloatArray();
        float[] out = new float[3 * g.length];
        RandomSource r = new RandomSource(seed);
        for (int i = 0; i < n; i++) {
            float[] bg = {(float) r.nextDouble(0.1, 0.9), (float) r.nextDouble(0.1, 0.9), (float) r.nextDouble(0.1, 0.9)};
            int hueOrder = r.nextInt(6); // which channel is strong, middle, weak
            float[] levels = {0.9f, 0.55f, 0.15f};
            float[] fg = new float[3];
            for (int c = 0; c < 3; c++) {
                fg[c] = levels[(c + hueOrder) % 3];
            }
            if (hueOrder >= 3) { // the other three orders: swap two channels
                float t = fg[0];
                fg[0] = fg[1];
                fg[1] = t;
            }
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < plane; p++) {
                    float x = g[i * plane + p];
                    out[(i * 3 + c) * plane + p] = bg[c] + (fg[c] - bg[c]) * x;
                }
            }
        }
        int[] labels = grey.labels().orElse(null);
        return ImageSet.fromPixels(out, new ImageShape(3, grey.shape().height(), grey.shape().width()), labels,
                grey.name() + " tinted");
    }

    /** Grey images stored as colour: the same values in all three channels. */
    public static ImageSet greyAsRgb(ImageSet grey) {
        int plane = grey.shape().height() * grey.shape().width();
        float[] g = grey.toFloatArray();
        float[] out = new float[3 * g.length];
        for (int i = 0; i < grey.size(); i++) {
            for (int c = 0; c < 3; c++) {
                System.arraycopy(g, i * plane, out, (i * 3 + c) * plane, plane);
            }
        }
        return ImageSet.fromPixels(out, new ImageShape(3, grey.shape().height(), grey.shape().width()),
                grey.labels().orElse(null), grey.name() + " as RGB");
    }

    /**
     * Writes every image as an 8-bit PNG ({@code 000.png}, {@code 001.png}, ...) into {@code dir}
     * (created): RGB for colour sets, grey for grey ones.
     */
    public static void writePngs(ImageSet images, Path dir) throws IOException {
        Files.createDirectories(dir);
        ImageShape s = images.shape();
        int plane = s.height() * s.width();
        float[] v = images.toFloatArray();
        for (int i = 0; i < images.size(); i++) {
            BufferedImage img = new BufferedImage(s.width(), s.height(),
                    s.channels() == 3 ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < s.height(); y++) {
                for (int x = 0; x < s.width(); x++) {
                    int p = y * s.width() + x;
                    if (s.channels() == 3) {
                        int rgb = 0;
                        for (int c = 0; c < 3; c++) {
                            rgb = rgb << 8 | byteOf(v[(i * 3 + c) * plane + p]);
                        }
                        img.setRGB(x, y, rgb);
                    } else {
                        img.getRaster().setSample(x, y, 0, byteOf(v[i * plane + p]));
                    }
                }
            }
            ImageIO.write(img, "png", dir.resolve(String.format(Locale.ROOT, "%03d.png", i)).toFile());
        }
    }

    private static int byteOf(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255)));
    }
}
