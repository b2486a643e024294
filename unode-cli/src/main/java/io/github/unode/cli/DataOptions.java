package io.github.unode.cli;

import io.github.unode.core.ImageShape;
import io.github.unode.data.ClassNames;
import io.github.unode.data.ImageFolderDataset;
import io.github.unode.data.ImageSet;
import io.github.unode.data.ImageSets;
import io.github.unode.data.Split;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Where the images come from (shared by the commands). */
final class DataOptions {
    static final List<String> FASHION_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
            "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** How the commands' class options read a class, for their help. */
    static final String CLASS_HELP = "a class name (an image folder's name, e.g. good; Fashion-MNIST's, e.g. Bag) or a"
            + " number, the index into the data set's sorted class names (train/ and test/ together; for IDX data, the"
            + " label); a name is matched first";

    @Option(names = "--data", paramLabel = "DIR", description = "A directory of MNIST-style IDX files (train-*/t10k-*, gzipped or not), or"
            + " an image folder with train/ and test/ sub-folders of one folder per class. Classes are matched by folder"
            + " name across train/ and test/: MVTec AD's layout works as it is (train/good; test/good beside one folder"
            + " per defect type, each a kind of novelty). Default: the Fashion-MNIST subset bundled in"
            + " data/fashion-mnist-subset.")
    Path data;

    /** The side image folders are read at when neither --size nor a detector sets it. */
    static final int DEFAULT_SIDE = 32;

    /** The channels image folders are read with when neither --channels nor a detector sets them. */
    static final int DEFAULT_CHANNELS = 3;

    @Option(names = "--size", description = "Image side for image folders (default: " + DEFAULT_SIDE + "; evaluate:"
            + " the detector's).")
    Integer size;

    @Option(names = "--channels", description = "Channels for image folders, 1 or 3 (default: " + DEFAULT_CHANNELS
            + "; evaluate: the detector's).")
    Integer channels;

    /** The input shape of the detector the data is for (evaluate), or null. */
    private ImageShape detectorShape;

    /** A labelled training and test split, labelled alike (a label is the same class in both). */
    record Splits(ImageSet train, ImageSet test, String name, List<String> classNames) implements AutoCloseable {
        ClassNames names() {
            return new ClassNames(classNames);
        }

        /** The class a person means by {@code spec} ({@link #CLASS_HELP}), which must have training images. */
        int inlierClass(String spec) {
            return names().requireTrainingImages(train, names().resolve(spec), name);
        }

        /** The inlier classes a person means by {@code specs}. */
        List<Integer> inlierClasses(List<String> specs) {
            return specs.stream().map(this::inlierClass).toList();
        }

        /** {@code "3 (good)"}. */
        String describe(int c) {
            return names().describe(c);
        }

        /**
         * The kinds of novelty of the test split: its classes without training images (MVTec AD's
         * defect folders); empty when both splits have the same classes.
         */
        int[] testOnlyClasses() {
            return test.classesNotIn(train);
        }

        @Override
        public void close() {
            train.close();
            test.close();
        }
    }

    /**
     * The shape image folders are read at: --size and --channels where given, else the detector's
     * ({@link #shapedFor}), else {@link #DEFAULT_SIDE} and {@link #DEFAULT_CHANNELS}.
     */
    ImageShape folderShape() {
        int c = channels != null ? channels : detectorShape != null ? detectorShape.channels() : DEFAULT_CHANNELS;
        if (size != null) {
            return new ImageShape(c, size, size);
        }
        return detectorShape != null ? new ImageShape(c, detectorShape.height(), detectorShape.width())
                : new ImageShape(c, DEFAULT_SIDE, DEFAULT_SIDE);
    }

    /**
     * These options for data a detector of input {@code shape} will score: an image folder is then
     * read at the detector's size and channels unless --size or --channels says otherwise (which a
     * detector then refuses, naming both shapes).
     */
    DataOptions shapedFor(ImageShape shape) {
        detectorShape = shape;
        return this;
    }

    Splits load() throws IOException {
        return load(data);
    }

    Splits load(Path dir) throws IOException {
        if (dir == null) {
            BundledData.locate();
            return new Splits(ImageSets.bundledFashionMnist(Split.TRAIN), ImageSets.bundledFashionMnist(Split.TEST),
                    "Fashion-MNIST subset", FASHION_CLASSES);
        }
        Path abs = dir.toAbsolutePath().normalize();
        String name = abs.getFileName() == null ? abs.toString() : abs.getFileName().toString();
        if (ImageFolderDataset.looksLikeOne(dir)) {
            ImageFolderDataset f = ImageFolderDataset.read(dir, folderShape());
            return new Splits(f.train(), f.test(), name, f.classNames());
        }
        boolean fashion = name.toLowerCase(java.util.Locale.ROOT).contains("fashion");
        return new Splits(ImageSets.idxDirectory(dir, Split.TRAIN), ImageSets.idxDirectory(dir, Split.TEST), name,
                fashion ? FASHION_CLASSES : List.of());
    }
}
