package io.github.unode.cli;

import io.github.unode.core.ImageShape;
import io.github.unode.data.ImageFolderReader;
import io.github.unode.data.ImageSet;
import io.github.unode.data.ImageSets;
import io.github.unode.data.Split;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Where the images come from (shared by the commands). */
final class DataOptions {
    static final List<String> FASHION_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
            "Shirt", "Sneaker", "Bag", "Ankle boot");

    @Option(names = "--data", description = "A directory of MNIST-style IDX files (train-*/t10k-*, gzipped or not), or"
            + " an image folder with train/ and test/ sub-folders of one folder per class."
            + " Default: the Fashion-MNIST subset bundled in data/fashion-mnist-subset.")
    Path data;

    @Option(names = "--size", description = "Image side for image folders (default: ${DEFAULT-VALUE}).", defaultValue = "32")
    int size;

    @Option(names = "--channels", description = "Channels for image folders, 1 or 3 (default: ${DEFAULT-VALUE}).",
            defaultValue = "3")
    int channels;

    /** A labelled training and test split. */
    record Splits(ImageSet train, ImageSet test, String name, List<String> classNames) implements AutoCloseable {
        @Override
        public void close() {
            train.close();
            test.close();
        }
    }

    Splits load() throws IOException {
        return load(data);
    }

    Splits load(Path dir) throws IOException {
        if (dir == null) {
            return new Splits(ImageSets.bundledFashionMnist(Split.TRAIN), ImageSets.bundledFashionMnist(Split.TEST),
                    "Fashion-MNIST subset", FASHION_CLASSES);
        }
        if (Files.isDirectory(dir.resolve("train")) && Files.isDirectory(dir.resolve("test"))) {
            ImageShape shape = new ImageShape(channels, size, size);
            ImageFolderReader.Folder train = ImageFolderReader.read(dir.resolve("train"), shape);
            ImageFolderReader.Folder test = ImageFolderReader.read(dir.resolve("test"), shape);
            return new Splits(train.images(), test.images(), dir.getFileName().toString(), train.classNames());
        }
        String name = dir.getFileName().toString();
        boolean fashion = name.toLowerCase(java.util.Locale.ROOT).contains("fashion");
        return new Splits(ImageSets.idxDirectory(dir, Split.TRAIN), ImageSets.idxDirectory(dir, Split.TEST), name,
                fashion ? FASHION_CLASSES : List.of());
    }

    static String className(Splits s, int c) {
        return c >= 0 && c < s.classNames().size() ? " (" + s.classNames().get(c) + ")" : "";
    }
}
