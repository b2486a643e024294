package io.github.unode.testing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Writes a small data set in MVTec AD's layout: {@code train/good}; {@code test/good} and one
 * folder per defect type, each defect visibly different from the striped good surface. 32x32
 * PNGs, grey or RGB. {@code good} sorts after two of the defects, so a reader that matched the
 * splits by folder index instead of name would pair the training images with a defect.
 */
public final class MvtecLayout {
    /** The defect folders of the test split, sorted. */
    public static final List<String> DEFECTS = List.of("color", "crack", "hole", "missing", "noise", "scratch", "stain");
    /** Every class of the data set, sorted: the defects and good. */
    public static final List<String> CLASSES = List.of("color", "crack", "good", "hole", "missing", "noise", "scratch",
            "stain");
    public static final int SIZE = 32;
    public static final int TRAIN_GOOD = 24;
    public static final int TEST_GOOD = 8;
    public static final int PER_DEFECT = 4;

    private MvtecLayout() {}

    /** Writes the data set under {@code root} and returns {@code root}. */
    public static Path write(Path root, boolean colour) throws IOException {
        for (int i = 0; i < TRAIN_GOOD; i++) {
            png(root.resolve("train/good/" + String.format("%03d.png", i)), image(null, 100 + i), colour);
        }
        for (int i = 0; i < TEST_GOOD; i++) {
            png(root.resolve("test/good/" + String.format("%03d.png", i)), image(null, 500 + i), colour);
        }
        for (String d : DEFECTS) {
            for (int i = 0; i < PER_DEFECT; i++) {
                png(root.resolve("test/" + d + "/" + String.format("%03d.png", i)), image(d, 900 + 10 * i + d.length()),
                        colour);
            }
        }
        return root;
    }

    /** RGB in [0, 1], {@code [channel][y][x]}: the good surface (horizontal stripes) with a defect or none. */
    static float[][][] image(String defect, long seed) {
        Random r = new Random(seed);
        double phase = r.nextDouble() * 0.6;
        float[][][] c = new float[3][SIZE][SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                double v = 0.5 + 0.3 * Math.sin(2 * Math.PI * y / 8 + phase) + 0.03 * r.nextGaussian();
                c[0][y][x] = (float) v;
                c[1][y][x] = (float) (0.6 * v + 0.2);
                c[2][y][x] = (float) (0.9 - 0.6 * v);
            }
        }
        if (defect != null) {
            int cx = 8 + r.nextInt(16);
            int cy = 8 + r.nextInt(16);
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    switch (defect) {
                        case "color" -> { // the channels swapped (a brightness shift in grey)
                            float red = c[0][y][x];
                            c[0][y][x] = c[2][y][x] + 0.3f;
                            c[2][y][x] = red;
                            c[1][y][x] += 0.3f;
                        }
                        case "crack" -> {
                            if (Math.abs(y - (cy + (x % 8 < 4 ? x % 8 : 8 - x % 8))) <= 1) {
                                set(c, x, y, 1f, 1f, 1f);
                            }
                        }
                        case "hole" -> {
                            if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= 36) {
                                set(c, x, y, 0f, 0f, 0f);
                            }
                        }
                        case "missing" -> {
                            if (x < 16 && y < 16) {
                                set(c, x, y, 0.5f, 0.5f, 0.5f);
                            }
                        }
                        case "noise" -> {
                            for (int k = 0; k < 3; k++) {
                                c[k][y][x] += (float) (0.4 * r.nextGaussian());
                            }
                        }
                        case "scratch" -> {
                            if (Math.abs(x - y - (cx - cy)) <= 1) {
                                set(c, x, y, 0.05f, 0.05f, 0.05f);
                            }
                        }
                        case "stain" -> {
                            if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= 64) {
                                set(c, x, y, 0.1f, 0.8f, 0.1f);
                            }
                        }
                        default -> throw new IllegalArgumentException(defect);
                    }
                }
            }
        }
        return c;
    }

    private static void set(float[][][] c, int x, int y, float r, float g, float b) {
        c[0][y][x] = r;
        c[1][y][x] = g;
        c[2][y][x] = b;
    }

    private static void png(Path file, float[][][] c, boolean colour) throws IOException {
        BufferedImage img = new BufferedImage(SIZE, SIZE, colour ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int r = byteOf(c[0][y][x]);
                int g = byteOf(c[1][y][x]);
                int b = byteOf(c[2][y][x]);
                if (colour) {
                    img.setRGB(x, y, (r << 16) | (g << 8) | b);
                } else {
                    img.getRaster().setSample(x, y, 0, byteOf(0.299f * c[0][y][x] + 0.587f * c[1][y][x]
                            + 0.114f * c[2][y][x]));
                }
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
    }

    private static int byteOf(float v) {
        return Math.round(255 * Math.max(0f, Math.min(1f, v)));
    }
}
