package io.github.unode.data;

import io.github.unode.core.DataFormatException;
import io.github.unode.core.ImageShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A data set stored as image folders: {@code train/} and {@code test/}, each with one folder per
 * class. A class is its folder's <em>name</em>, the same class in both splits: the data set has
 * one list of class names, sorted, and a label is an index into that list in either split. So
 * MVTec AD's layout works as it is ({@code train/good}; {@code test/good} beside one folder per
 * defect type): {@code good} has the same label in both splits, and the defect folders are
 * classes that only the test split has, kinds of novelty ({@link #testOnlyClasses}). When both
 * splits have the same classes the labels are the sorted folder indices, as for a single folder.
 *
 * <p>Layouts that cannot be matched are refused with a message naming the folders: a missing
 * {@code train/} or {@code test/}, a split without class folders, a training class that the test
 * split lacks (its test images could not be told apart from novel ones), an empty class folder,
 * images beside class folders.
 *
 * @param train the training split, labelled by {@link #classNames}
 * @param test the test split, labelled by {@link #classNames}
 * @param classNames every class of the data set, sorted by name (index = label)
 */
public record ImageFolderDataset(ImageSet train, ImageSet test, List<String> classNames) implements AutoCloseable {
    /** The training split's folder. */
    public static final String TRAIN = "train";
    /** The test split's folder. */
    public static final String TEST = "test";

    public ImageFolderDataset {
        classNames = List.copyOf(classNames);
    }

    /** Whether {@code dir} is laid out as an image-folder data set (it has a train/ or a test/ folder). */
    public static boolean looksLikeOne(Path dir) {
        return Files.isDirectory(dir.resolve(TRAIN)) || Files.isDirectory(dir.resolve(TEST));
    }

    /**
     * Reads both splits, every image converted to {@code target}.
     *
     * @throws DataFormatException if the layout cannot be matched (the message names the folders)
     * @throws io.github.unode.core.EmptyDataException if a class folder holds no images
     */
    public static ImageFolderDataset read(Path dir, ImageShape target) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new DataFormatException("image folder not found: " + dir);
        }
        Path trainDir = dir.resolve(TRAIN);
        Path testDir = dir.resolve(TEST);
        for (Path split : List.of(trainDir, testDir)) {
            if (!Files.isDirectory(split)) {
                throw new DataFormatException(dir + " has no " + split.getFileName() + "/ folder; an image-folder data"
                        + " set holds train/ and test/, each with one folder per class (for example train/good,"
                        + " test/good and test/scratch)");
            }
        }
        List<String> trainClasses = ImageFolderReader.classFolders(trainDir);
        List<String> testClasses = ImageFolderReader.classFolders(testDir);
        if (trainClasses.isEmpty()) {
            throw new DataFormatException(trainDir + " has no class folders: put the training images in a folder"
                    + " named after their class (for example " + trainDir.resolve("good") + "), with that class's"
                    + " test images under the same name in " + testDir);
        }
        if (testClasses.isEmpty()) {
            throw new DataFormatException(testDir + " has no class folders: the test images need one folder per"
                    + " class, named as in " + trainDir + " for the inliers (" + trainClasses + ") and one per other"
                    + " class or kind of novelty (for example " + testDir.resolve("scratch") + ")");
        }
        List<String> notInTest = new ArrayList<>(trainClasses);
        notInTest.removeAll(testClasses);
        if (!notInTest.isEmpty()) {
            throw new DataFormatException(trainDir + " has class folders that " + testDir + " lacks: " + notInTest
                    + " (" + testDir + " has " + testClasses + "); classes are matched across the splits by folder"
                    + " name: rename the folder, or add its test images in " + testDir.resolve(notInTest.get(0)));
        }
        List<String> classes = testClasses; // every training class is among them, sorted
        ImageFolderReader.Folder train = ImageFolderReader.read(trainDir, target, classes);
        try {
            ImageFolderReader.Folder test = ImageFolderReader.read(testDir, target, classes);
            return new ImageFolderDataset(train.images(), test.images(), classes);
        } catch (IOException | RuntimeException e) {
            train.close();
            throw e;
        }
    }

    /** The class names, for referring to a class by name or index. */
    public ClassNames names() {
        return new ClassNames(classNames);
    }

    /** The label of the class folder named {@code name}. */
    public int classIndex(String name) {
        return names().indexOf(name);
    }

    /**
     * The labels of the classes that only the test split has: kinds of novelty, such as MVTec
     * AD's defect types. Empty when both splits have the same classes.
     */
    public int[] testOnlyClasses() {
        return test.classesNotIn(train);
    }

    @Override
    public void close() {
        train.close();
        test.close();
    }
}
