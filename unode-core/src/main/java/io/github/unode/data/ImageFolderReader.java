package io.github.unode.data;

import io.github.unode.core.DataFormatException;
import io.github.unode.core.EmptyDataException;
import io.github.unode.core.ImageShape;
import io.github.unode.core.ImageShapeException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Reads a folder of images: either one sub-folder per class or a flat folder (no labels). A
 * class is its folder's name: on its own a folder's labels are the indices of its class folders'
 * names in sorted order, and {@link #read(Path, ImageShape, List)} labels by a data set's class
 * list instead, so that every split of a data set gives a class the same label
 * ({@link ImageFolderDataset}). Images are decoded with {@code javax.imageio} (PNG, JPEG, BMP,
 * GIF), converted to the target channel count (ITU-R 601 luma, or grey replicated to RGB) and
 * resized to the target size with area-averaging when shrinking and bilinear interpolation
 * otherwise. Grey images (8 or 16 bits, with or without alpha) keep their values: they are read
 * from the raster, not through Java2D's colour model, which would map them to sRGB. Files are
 * read in sorted order; hidden files and files with other extensions are ignored. A class folder
 * without images, and images beside class folders, are refused: either would silently leave
 * images or a class out.
 */
public final class ImageFolderReader {
    /** File extensions read, lower case. */
    public static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");

    private ImageFolderReader() {}

    /** A labelled folder's images and the names of its classes (index = label). */
    public record Folder(ImageSet images, List<String> classNames) implements AutoCloseable {
        @Override
        public void close() {
            images.close();
        }
    }

    /**
     * Reads a folder: labelled by its own class folders (their sorted names are the classes), or
     * without labels if it has no sub-folders.
     *
     * @param dir the folder
     * @param target the shape every image is converted to: 1 channel (grey) or 3 (colour)
     * @throws ImageShapeException for any other channel count
     */
    public static Folder read(Path dir, ImageShape target) throws IOException {
        requireChannels(target);
        requireDirectory(dir);
        List<String> classes = classFolders(dir);
        if (classes.isEmpty()) {
            List<Path> files = imagesIn(dir);
            if (files.isEmpty()) {
                throw new EmptyDataException("no images in " + dir + " (looked for files ending in " + EXTENSIONS + ")");
            }
            return new Folder(decodeAll(files, target, null, dir), List.of());
        }
        return read(dir, target, classes);
    }

    /**
     * Reads a folder of class folders, labelling each image by the index of its folder's name
     * in {@code classNames}: the class list of the data set the folder is a split of, which may
     * name classes this folder lacks.
     *
     * @param classNames the data set's class names, index = label
     * @throws DataFormatException if the folder has no class folders, or one whose name is not in
     *     {@code classNames}, or images beside its class folders
     * @throws EmptyDataException if a class folder holds no images
     */
    public static Folder read(Path dir, ImageShape target, List<String> classNames) throws IOException {
        requireChannels(target);
        requireDirectory(dir);
        List<String> classes = classFolders(dir);
        if (classes.isEmpty()) {
            throw new DataFormatException(dir + " has no class folders; its images must be in one folder per class,"
                    + " named like the classes " + classNames);
        }
        List<Path> loose = imagesIn(dir);
        if (!loose.isEmpty()) {
            throw new DataFormatException(dir + " holds " + loose.size() + " image(s) beside its class folders (for"
                    + " example " + loose.get(0).getFileName() + "), which would belong to no class: move them into"
                    + " a class folder, or out of " + dir);
        }
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (String name : classes) {
            int label = classNames.indexOf(name);
            if (label < 0) {
                throw new DataFormatException(dir.resolve(name) + " is a class folder of no class of this data set"
                        + " (its classes are " + classNames + ")");
            }
            List<Path> f = imagesIn(dir.resolve(name));
            if (f.isEmpty()) {
                throw new EmptyDataException(dir.resolve(name) + " holds no images (looked for files ending in "
                        + EXTENSIONS + "); add its images, or remove the empty folder");
            }
            files.addAll(f);
            for (int i = 0; i < f.size(); i++) {
                labels.add(label);
            }
        }
        int[] lab = labels.stream().mapToInt(Integer::intValue).toArray();
        return new Folder(decodeAll(files, target, lab, dir), List.copyOf(classNames));
    }

    /** The names of the class folders of {@code dir} (its sub-folders but hidden ones), sorted. */
    public static List<String> classFolders(Path dir) throws IOException {
        requireDirectory(dir);
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).filter(p -> !hidden(p)).map(p -> p.getFileName().toString()).sorted()
                    .toList();
        }
    }

    private static void requireChannels(ImageShape target) {
        if (target.channels() != 1 && target.channels() != 3) {
            throw new ImageShapeException("image files are read as grey (1 channel) or colour (3 channels), not as "
                    + target.channels() + " channels");
        }
    }

    private static void requireDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new DataFormatException("image folder not found: " + dir);
        }
    }

    private static ImageSet decodeAll(List<Path> files, ImageShape target, int[] labels, Path dir) {
        int px = target.pixels();
        float[] pixels = new float[files.size() * px];
        IntStream.range(0, files.size()).parallel().forEach(i -> {
            BufferedImage img = decode(files.get(i));
            toPixels(img, target, pixels, i * px);
        });
        return ImageSet.fromPixels(pixels, target, labels, dir.getFileName().toString());
    }

    private static boolean hidden(Path p) {
        return p.getFileName().toString().startsWith(".");
    }

    private static List<Path> imagesIn(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> !hidden(p)).filter(p -> {
                String n = p.getFileName().toString();
                int dot = n.lastIndexOf('.');
                return dot > 0 && EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
            }).sorted().toList();
        }
    }

    private static BufferedImage decode(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            BufferedImage img = ImageIO.read(in);
            if (img == null) {
                throw new DataFormatException(file + " is not an image javax.imageio can decode");
            }
            return img;
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataFormatException d) {
                throw d;
            }
            throw new DataFormatException(file + " cannot be decoded (truncated or damaged?): " + e.getMessage(), e);
        }
    }

    /**
     * Decodes one encoded image (PNG, JPEG, BMP or GIF bytes, as a file holds them) to CHW floats
     * in [0, 1] at the target shape, exactly as {@link #read} decodes and converts a file: for
     * callers whose images are not files (Spark's {@code binaryFile} rows, a message queue).
     *
     * @param name what to call the image in an error message (its path, say)
     * @throws DataFormatException if the bytes are not an image {@code javax.imageio} can decode
     * @throws ImageShapeException if the target has neither 1 nor 3 channels
     */
    public static float[] decode(byte[] encoded, ImageShape target, String name) {
        requireChannels(target);
        BufferedImage img;
        try {
            img = ImageIO.read(new java.io.ByteArrayInputStream(encoded));
        } catch (IOException | RuntimeException e) {
            throw new DataFormatException(name + " cannot be decoded (truncated or damaged?): " + e.getMessage(), e);
        }
        if (img == null) {
            throw new DataFormatException(name + " is not an image javax.imageio can decode");
        }
        return pixels(img, target);
    }

    /**
     * A decoded image as CHW floats in [0, 1] at the target shape, converted (channels, size) as
     * {@link #read} converts a file's image.
     *
     * @throws ImageShapeException if the target has neither 1 nor 3 channels
     */
    public static float[] pixels(BufferedImage image, ImageShape target) {
        requireChannels(target);
        float[] out = new float[target.pixels()];
        toPixels(image, target, out, 0);
        return out;
    }

    /** Writes the image as CHW floats in [0, 1] at {@code offset}, converted to the target shape. */
    static void toPixels(BufferedImage src, ImageShape target, float[] out, int offset) {
        int w = target.width();
        int h = target.height();
        BufferedImage img = src;
        boolean grey = isGrey(src);
        if (src.getWidth() != w || src.getHeight() != h) {
            boolean shrink = src.getWidth() >= 2 * w || src.getHeight() >= 2 * h;
            // scale grey as R = G = B: Java2D's area averaging reads pixels through the colour model,
            // which maps grey to sRGB and would brighten it (0.2 to 0.49)
            BufferedImage source = grey ? greyAsRgb(src) : src;
            BufferedImage scaled = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
            Graphics2D g = scaled.createGraphics();
            if (shrink) {
                g.drawImage(source.getScaledInstance(w, h, java.awt.Image.SCALE_AREA_AVERAGING), 0, 0, null);
            } else {
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g.drawImage(source, 0, 0, w, h, null);
            }
            g.dispose();
            img = scaled;
        }
        int plane = w * h;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                if (grey) {
                    // read the raster directly: getRGB would apply the sRGB conversion to 8-bit grey
                    float v = img == src ? src.getRaster().getSample(x, y, 0) / maxValue(src) : ((img.getRGB(x, y) & 0xff) / 255f);
                    for (int c = 0; c < target.channels(); c++) {
                        out[offset + c * plane + p] = v;
                    }
                } else {
                    int rgb = img.getRGB(x, y);
                    float r = ((rgb >> 16) & 0xff) / 255f;
                    float gg = ((rgb >> 8) & 0xff) / 255f;
                    float b = (rgb & 0xff) / 255f;
                    if (target.channels() == 1) {
                        out[offset + p] = 0.299f * r + 0.587f * gg + 0.114f * b;
                    } else {
                        out[offset + p] = r;
                        out[offset + plane + p] = gg;
                        out[offset + 2 * plane + p] = b;
                    }
                }
            }
        }
    }

    /**
     * Grey images, 8 or 16 bits, with or without alpha: their first band is the grey value. Read
     * from the raster, never through {@code getRGB}, which maps grey to sRGB.
     */
    private static boolean isGrey(BufferedImage img) {
        return img.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
    }

    private static float maxValue(BufferedImage img) {
        return (1 << img.getColorModel().getComponentSize(0)) - 1;
    }

    /** An RGB copy of a grey image with R = G = B = its grey value (8 bits), alpha dropped. */
    private static BufferedImage greyAsRgb(BufferedImage src) {
        BufferedImage rgb = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        float max = maxValue(src);
        for (int y = 0; y < src.getHeight(); y++) {
            for (int x = 0; x < src.getWidth(); x++) {
                int v = Math.round(src.getRaster().getSample(x, y, 0) / max * 255);
                rgb.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        return rgb;
    }
}
