package example;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Writes synthetic colour images for the example: {@code DIR/normal} (blue discs on a light
 * background) and {@code DIR/new} (more of those, and red squares on a dark one).
 *
 * <pre>java example.MakeImages DIR</pre>
 */
public final class MakeImages {
    private MakeImages() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "images");
        Random r = new Random(1);
        Path normal = Files.createDirectories(dir.resolve("normal"));
        Path fresh = Files.createDirectories(dir.resolve("new"));
        for (int i = 0; i < 64; i++) {
            write(disc(r), normal.resolve(String.format("disc-%03d.png", i)));
        }
        for (int i = 0; i < 8; i++) {
            write(disc(r), fresh.resolve(String.format("disc-%03d.png", i)));
            write(square(r), fresh.resolve(String.format("square-%03d.png", i)));
        }
    }

    private static BufferedImage disc(Random r) {
        BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(220 + r.nextInt(30), 220 + r.nextInt(30), 200 + r.nextInt(30)));
        g.fillRect(0, 0, 32, 32);
        g.setColor(new Color(20 + r.nextInt(40), 60 + r.nextInt(40), 180 + r.nextInt(60)));
        int d = 10 + r.nextInt(10);
        g.fillOval(4 + r.nextInt(28 - d), 4 + r.nextInt(28 - d), d, d);
        g.dispose();
        return img;
    }

    private static BufferedImage square(Random r) {
        BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(20 + r.nextInt(30), 20 + r.nextInt(30), 20 + r.nextInt(30)));
        g.fillRect(0, 0, 32, 32);
        g.setColor(new Color(200 + r.nextInt(50), 30 + r.nextInt(40), 20 + r.nextInt(40)));
        int d = 10 + r.nextInt(10);
        g.fillRect(4 + r.nextInt(28 - d), 4 + r.nextInt(28 - d), d, d);
        g.dispose();
        return img;
    }

    private static void write(BufferedImage img, Path file) throws IOException {
        ImageIO.write(img, "png", file.toFile());
    }
}
