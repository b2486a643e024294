package io.github.unode.benchmarks;

import io.github.unode.core.RandomSource;
import io.github.unode.data.ImageSet;
import io.github.unode.data.ImageSets;
import io.github.unode.data.Split;
import io.github.unode.eval.corrupt.Corruption;
import io.github.unode.internal.AtomicFiles;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Draws every corruption at every severity on a Fashion-MNIST test image (grey, 28 px) and on a
 * colour test pattern (64 px), one PNG per corruption plus an overview, for {@code docs/corruptions}.
 *
 * <pre>
 * unode-benchmarks/scripts/bench CorruptionGallery docs/corruptions
 * </pre>
 */
public final class CorruptionGallery {
    private static final int CELL = 112;

    private CorruptionGallery() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Path out = Path.of(args.length > 0 ? args[0] : "docs/corruptions");
        Files.createDirectories(out);
        float[] grey;
        try (ImageSet test = ImageSets.bundledFashionMnist(Split.TEST)) {
            float[] all = test.toFloatArray();
            grey = java.util.Arrays.copyOfRange(all, 0, 784); // the first test image
        }
        float[] colour = pattern(64);
        BufferedImage overview = new BufferedImage(CELL * 6 + 150, (CELL + 4) * Corruption.values().length + 30,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D og = start(overview);
        label(og, "colour test pattern (64 px): clean, then severities 1-5 (grey images: one file per corruption)", 10, 20);
        int row = 0;
        for (Corruption c : Corruption.values()) {
            BufferedImage img = new BufferedImage(CELL * 6 + 10, CELL * 2 + 40, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = start(img);
            label(g, c.id() + " (" + c.family() + "): clean, then severities 1 to 5", 5, 16);
            for (int s = 0; s <= 5; s++) {
                float[] gv = s == 0 ? grey : c.apply(grey, 1, 28, 28, s, new RandomSource(7));
                float[] cv = s == 0 ? colour : c.apply(colour, 3, 64, 64, s, new RandomSource(7));
                draw(g, gv, 1, 28, 28, s * CELL + 5, 24);
                draw(g, cv, 3, 64, 64, s * CELL + 5, CELL + 30);
                draw(og, cv, 3, 64, 64, 150 + s * CELL, 30 + row * (CELL + 4));
            }
            label(og, c.id(), 5, 30 + row * (CELL + 4) + CELL / 2);
            g.dispose();
            Path file = out.resolve(c.id() + ".png");
            AtomicFiles.write(file, o -> ImageIO.write(img, "png", o));
            row++;
        }
        og.dispose();
        AtomicFiles.write(out.resolve("overview.png"), o -> ImageIO.write(overview, "png", o));
        System.out.println("wrote " + (Corruption.values().length + 1) + " images to " + out);
    }

    private static Graphics2D start(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        return g;
    }

    private static void label(Graphics2D g, String text, int x, int y) {
        g.setColor(Color.BLACK);
        g.drawString(text, x, y);
    }

    private static void draw(Graphics2D g, float[] v, int c, int h, int w, int x, int y) {
        BufferedImage small = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int yy = 0; yy < h; yy++) {
            for (int xx = 0; xx < w; xx++) {
                int r;
                int gg;
                int b;
                if (c == 3) {
                    r = to255(v[yy * w + xx]);
                    gg = to255(v[h * w + yy * w + xx]);
                    b = to255(v[2 * h * w + yy * w + xx]);
                } else {
                    r = to255(v[yy * w + xx]);
                    gg = r;
                    b = r;
                }
                small.setRGB(xx, yy, (r << 16) | (gg << 8) | b);
            }
        }
        g.drawImage(small, x, y, CELL - 6, CELL - 6, null);
    }

    private static int to255(float v) {
        return Math.max(0, Math.min(255, Math.round(255 * v)));
    }

    /** A colour test pattern: a sky gradient, a red disc, green stripes and a blue square. */
    static float[] pattern(int side) {
        float[] p = new float[3 * side * side];
        int plane = side * side;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                float r = 0.55f - 0.3f * y / side;
                float g = 0.7f - 0.3f * y / side;
                float b = 0.95f - 0.2f * y / side;
                double dx = x - side * 0.35;
                double dy = y - side * 0.4;
                if (dx * dx + dy * dy < side * side / 25.0) {
                    r = 0.9f;
                    g = 0.15f;
                    b = 0.1f;
                }
                if (y > side * 0.7 && (x / (side / 16)) % 2 == 0) {
                    r = 0.1f;
                    g = 0.6f;
                    b = 0.2f;
                }
                if (x > side * 0.6 && x < side * 0.85 && y > side * 0.2 && y < side * 0.45) {
                    r = 0.15f;
                    g = 0.2f;
                    b = 0.8f;
                }
                p[y * side + x] = r;
                p[plane + y * side + x] = g;
                p[2 * plane + y * side + x] = b;
            }
        }
        return p;
    }
}
