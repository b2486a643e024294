package io.github.unode.benchkit;

import io.github.unode.core.ImageShape;
import io.github.unode.data.ImageSet;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Writes images of a set as PNG files (8 bits, grey or RGB): a benchmark's {@code --images} folder. */
public final class ImageExport {
    private ImageExport() {}

    /**
     * Writes the first {@code n} images of {@code set} (fewer if it has fewer) to {@code dir} as
     * {@code 00000.png}, ...; the directory is created if needed.
     *
     * @return the number of files written
     */
    public static int writePngs(ImageSet set, int n, Path dir) throws IOException {
        ImageShape s = set.shape();
        if (s.channels() != 1 && s.channels() != 3) {
            throw new IllegalArgumentException("PNG export needs 1 or 3 channels, got " + s);
        }
        Files.createDirectories(dir);
        int count = Math.min(n, set.size());
        float[] px;
        try (ImageSet first = set.first(count)) {
            px = first.toFloatArray();
        }
        int plane = s.height() * s.width();
        int per = plane * s.channels();
        for (int i = 0; i < count; i++) {
            BufferedImage img = new BufferedImage(s.width(), s.height(),
                    s.channels() == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
            WritableRaster r = img.getRaster();
            for (int y = 0; y < s.height(); y++) {
                for (int x = 0; x < s.width(); x++) {
                    for (int c = 0; c < s.channels(); c++) {
                        float v = px[i * per + c * plane + y * s.width() + x];
                        r.setSample(x, y, c, Math.round(Math.max(0f, Math.min(1f, v)) * 255f));
                    }
                }
            }
            ImageIO.write(img, "png", dir.resolve(String.format(Locale.ROOT, "%05d.png", i)).toFile());
        }
        return count;
    }
}
