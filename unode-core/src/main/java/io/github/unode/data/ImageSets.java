package io.github.unode.data;

import io.github.unode.core.DataFormatException;
import io.github.unode.core.EmptyDataException;
import io.github.unode.core.ImageShape;
import io.github.unode.core.LabelMismatchException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where image sets come from: MNIST-style IDX files, folders of images, and the Fashion-MNIST
 * subset that ships with unode.
 */
public final class ImageSets {
    /** System property naming the directory of the bundled Fashion-MNIST subset. */
    public static final String DATA_DIR_PROPERTY = "unode.data.dir";
    /** Where the bundled subset lives, relative to the repository root. */
    public static final String BUNDLED_SUBSET = "data/fashion-mnist-subset";

    private static final String[][] TRAIN_NAMES = {
        {"train-images-idx3-ubyte.gz", "train-images-idx3-ubyte", "train_data"},
        {"train-labels-idx1-ubyte.gz", "train-labels-idx1-ubyte", "train_labels"}};
    private static final String[][] TEST_NAMES = {
        {"t10k-images-idx3-ubyte.gz", "t10k-images-idx3-ubyte", "test_data"},
        {"t10k-labels-idx1-ubyte.gz", "t10k-labels-idx1-ubyte", "test_labels"}};

    private ImageSets() {}

    /**
     * Reads IDX image and label files (gzipped or not).
     *
     * @param images 3-D {@code (N, H, W)} grey or 4-D {@code (N, H, W, C)} unsigned-byte images
     * @param labels 1-D unsigned-byte labels, or {@code null}
     */
    public static ImageSet idx(Path images, Path labels) throws IOException {
        return idx(images, labels, images.getFileName().toString());
    }

    private static ImageSet idx(Path images, Path labels, String name) throws IOException {
        IdxReader.Idx img = IdxReader.read(images);
        int[] d = img.dims();
        if (d.length != 3 && d.length != 4) {
            throw new DataFormatException(images + " has " + d.length
                    + " dimensions; image files have 3 (N, H, W) or 4 (N, H, W, C)");
        }
        int n = d[0];
        int h = d[1];
        int w = d[2];
        int c = d.length == 4 ? d[3] : 1;
        byte[] pixels = img.data();
        if (c > 1) {
            pixels = hwcToChw(pixels, n, h, w, c);
        }
        int[] lab = null;
        if (labels != null) {
            IdxReader.Idx l = IdxReader.read(labels);
            if (l.dims().length != 1) {
                throw new DataFormatException(labels + " has " + l.dims().length + " dimensions; label files have 1");
            }
            if (l.count() != n) {
                throw new LabelMismatchException(labels + " holds " + l.count() + " labels but " + images
                        + " holds " + n + " images");
            }
            lab = new int[n];
            for (int i = 0; i < n; i++) {
                lab[i] = l.data()[i] & 0xff;
            }
        }
        return ImageSet.fromBytes(pixels, new ImageShape(c, h, w), lab, name);
    }

    /**
     * Reads one split of a directory of IDX files with the standard names
     * ({@code train-images-idx3-ubyte[.gz]}, {@code t10k-labels-idx1-ubyte[.gz]}, ...) or DJL's
     * ({@code train_data}, {@code test_labels}, ...).
     */
    public static ImageSet idxDirectory(Path dir, Split split) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new DataFormatException("IDX directory not found: " + dir);
        }
        String[][] names = split == Split.TRAIN ? TRAIN_NAMES : TEST_NAMES;
        Path images = find(dir, names[0]);
        Path labels = find(dir, names[1]);
        return idx(images, labels, dir.getFileName() + " " + split.name().toLowerCase(java.util.Locale.ROOT));
    }

    private static Path find(Path dir, String[] candidates) {
        for (String c : candidates) {
            Path p = dir.resolve(c);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new DataFormatException("no IDX file in " + dir + " named any of " + String.join(", ", candidates));
    }

    /** The Fashion-MNIST subset that ships with unode (see {@code data/fashion-mnist-subset/README.md}). */
    public static ImageSet bundledFashionMnist(Split split) throws IOException {
        Path dir = bundledDirectory();
        String[][] names = split == Split.TRAIN ? TRAIN_NAMES : TEST_NAMES;
        return idx(find(dir, names[0]), find(dir, names[1]),
                "Fashion-MNIST subset " + split.name().toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * The directory of the bundled subset: the system property {@value #DATA_DIR_PROPERTY} if
     * set, else {@value #BUNDLED_SUBSET} in the working directory or one of its parents.
     */
    public static Path bundledDirectory() {
        String prop = System.getProperty(DATA_DIR_PROPERTY);
        if (prop != null) {
            return Path.of(prop);
        }
        List<Path> tried = new ArrayList<>();
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path c = p.resolve(BUNDLED_SUBSET);
            if (Files.isDirectory(c)) {
                return c;
            }
            tried.add(c);
        }
        throw new EmptyDataException("the bundled Fashion-MNIST subset was not found (looked in " + tried
                + "); run from the unode repository or set -D" + DATA_DIR_PROPERTY + "=<dir>");
    }

    /**
     * Reads a folder of images, one sub-folder per class or flat (see {@link ImageFolderReader}),
     * every image converted to {@code target}. For the class names use
     * {@link ImageFolderReader#read}; for a data set of {@code train/} and {@code test/} folders,
     * whose classes must match by name across the splits, {@link #folderDataset}.
     */
    public static ImageSet folder(Path dir, ImageShape target) throws IOException {
        return ImageFolderReader.read(dir, target).images();
    }

    /**
     * Reads an image-folder data set, {@code train/} and {@code test/} with one folder per class,
     * labelled by class name consistently across the splits (see {@link ImageFolderDataset}).
     */
    public static ImageFolderDataset folderDataset(Path dir, ImageShape target) throws IOException {
        return ImageFolderDataset.read(dir, target);
    }

    static byte[] hwcToChw(byte[] hwc, int n, int h, int w, int c) {
        byte[] out = new byte[hwc.length];
        int plane = h * w;
        for (int i = 0; i < n; i++) {
            int base = i * plane * c;
            for (int p = 0; p < plane; p++) {
                for (int k = 0; k < c; k++) {
                    out[base + k * plane + p] = hwc[base + p * c + k];
                }
            }
        }
        return out;
    }
}
