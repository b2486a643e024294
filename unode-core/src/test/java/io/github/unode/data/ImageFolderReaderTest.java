package io.github.unode.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.unode.core.DataFormatException;
import io.github.unode.core.EmptyDataException;
import io.github.unode.core.ImageShape;
import io.github.unode.core.ImageShapeException;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderReaderTest {

    private static void rgb(Path file, int w, int h, int rgb, String format) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(img, format, file.toFile());
    }

    private static void grey(Path file, int w, int h, int value) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, value);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
    }

    @Test
    void classFoldersGiveSortedLabelsConvertedAndResizedImages(@TempDir Path tmp) throws Exception {
        rgb(tmp.resolve("b-bad/1.png"), 20, 10, 0xff0000, "png");
        rgb(tmp.resolve("b-bad/2.png"), 8, 8, 0x00ff00, "png");
        grey(tmp.resolve("a-good/x.png"), 8, 8, 51);
        Files.writeString(tmp.resolve("a-good/notes.txt"), "not an image");
        Files.writeString(tmp.resolve("a-good/.hidden.png"), "ignored");
        try (ImageFolderReader.Folder f = ImageFolderReader.read(tmp, ImageShape.rgb(8))) {
            assertThat(f.classNames()).containsExactly("a-good", "b-bad");
            ImageSet s = f.images();
            assertThat(s.size()).isEqualTo(3);
            assertThat(s.labels().orElseThrow()).containsExactly(0, 1, 1);
            float[] v = s.toFloatArray();
            int plane = 64;
            // grey 51 replicated to RGB: 0.2 in every channel
            assertThat(v[0]).isCloseTo(0.2f, within(1e-6f));
            assertThat(v[2 * plane]).isCloseTo(0.2f, within(1e-6f));
            // the red 20x10 image resized to 8x8 stays pure red
            int red = 3 * plane;
            assertThat(v[red + 10]).isCloseTo(1f, within(1e-6f));
            assertThat(v[red + plane + 10]).isCloseTo(0f, within(1e-6f));
        }
        try (ImageSet greySet = ImageSets.folder(tmp, ImageShape.grey(8))) {
            float[] v = greySet.toFloatArray();
            // pure green to luma: 0.587
            assertThat(v[2 * 64 + 5]).isCloseTo(0.587f, within(1e-3f));
        }
    }

    @Test
    void aFlatFolderHasNoLabels(@TempDir Path tmp) throws Exception {
        rgb(tmp.resolve("1.jpg"), 16, 16, 0x808080, "jpg");
        rgb(tmp.resolve("2.bmp"), 16, 16, 0x808080, "bmp");
        try (ImageSet s = ImageSets.folder(tmp, ImageShape.grey(16))) {
            assertThat(s.size()).isEqualTo(2);
            assertThat(s.hasLabels()).isFalse();
            assertThat(s.toFloatArray()[0]).isCloseTo(128 / 255f, within(0.02f));
        }
    }

    /** A grey PNG of one value: 8-bit, 16-bit, or 8-bit with an alpha channel. */
    private static void greyPng(Path file, int side, double value, int bits, boolean alpha) throws Exception {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), alpha, false,
                alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, bits == 16 ? DataBuffer.TYPE_USHORT : DataBuffer.TYPE_BYTE);
        WritableRaster r = cm.createCompatibleWritableRaster(side, side);
        int max = (1 << bits) - 1;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                r.setSample(x, y, 0, (int) Math.round(value * max));
                if (alpha) {
                    r.setSample(x, y, 1, 255);
                }
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(new BufferedImage(cm, r, false, null), "png", file.toFile());
    }

    @Test
    void greyPngsKeepTheirValuesWhenShrunkEnlargedOrWithAlpha(@TempDir Path tmp) throws Exception {
        // 64-px grey PNGs of value 0.2, read at 32 px (area-averaged), 64 px (as they are) and 128 px
        // (bilinear), as grey and as colour. Java2D's colour model maps grey to sRGB (0.2 became
        // 0.49) when shrinking, and for grey with alpha at every size.
        greyPng(tmp.resolve("8-bit/a.png"), 64, 0.2, 8, false);
        greyPng(tmp.resolve("16-bit/a.png"), 64, 0.2, 16, false);
        greyPng(tmp.resolve("alpha/a.png"), 64, 0.2, 8, true);
        for (String kind : new String[] {"8-bit", "16-bit", "alpha"}) {
            for (int side : new int[] {32, 64, 128}) {
                for (ImageShape shape : new ImageShape[] {ImageShape.grey(side), ImageShape.rgb(side)}) {
                    try (ImageSet s = ImageSets.folder(tmp.resolve(kind), shape)) {
                        float[] v = s.toFloatArray();
                        assertThat(v[0]).as("%s grey read as %s", kind, shape).isCloseTo(0.2f, within(0.5f / 255));
                        assertThat(v[v.length - 1]).as("%s grey read as %s", kind, shape).isCloseTo(0.2f, within(0.5f / 255));
                    }
                }
            }
        }
    }

    @Test
    void imageFilesAreReadAsGreyOrColourOnly(@TempDir Path tmp) throws Exception {
        rgb(tmp.resolve("a.png"), 8, 8, 0x336699, "png");
        rgb(tmp.resolve("b.png"), 8, 8, 0x996633, "png");
        for (int channels : new int[] {2, 4}) {
            // two channels had no conversion: a colour file's blue plane was written into the next image
            assertThatThrownBy(() -> ImageSets.folder(tmp, new ImageShape(channels, 8, 8)))
                    .isInstanceOf(ImageShapeException.class).hasMessageContaining(channels + " channels")
                    .hasMessageContaining("grey (1 channel) or colour (3 channels)");
        }
    }

    @Test
    void brokenFilesAndEmptyFoldersAreRefused(@TempDir Path tmp) throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> ImageSets.folder(empty, ImageShape.grey(8))).isInstanceOf(EmptyDataException.class)
                .hasMessageContaining("no images").hasMessageContaining("png");
        Path broken = tmp.resolve("broken");
        rgb(broken.resolve("ok.png"), 8, 8, 0, "png");
        byte[] png = Files.readAllBytes(broken.resolve("ok.png"));
        Files.write(broken.resolve("cut.png"), Arrays.copyOf(png, png.length / 3));
        assertThatThrownBy(() -> ImageSets.folder(broken, ImageShape.grey(8))).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("cut.png");
        Files.writeString(broken.resolve("cut.png"), "this is text with a png name");
        assertThatThrownBy(() -> ImageSets.folder(broken, ImageShape.grey(8))).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("cut.png");
        assertThatThrownBy(() -> ImageSets.folder(tmp.resolve("nowhere"), ImageShape.grey(8)))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("not found");
    }
}
