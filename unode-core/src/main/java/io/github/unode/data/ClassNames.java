package io.github.unode.data;

import io.github.unode.core.LabelMismatchException;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The names of a labelled data set's classes, index = label, and how a person refers to one: by
 * name, or by index. An image-folder data set's names are its class folders' names, sorted
 * ({@link ImageFolderDataset}); a data set without names (IDX files with bare labels) has an
 * empty list, and its classes are referred to by label.
 *
 * @param names the class names, index = label (may be empty)
 */
public record ClassNames(List<String> names) {
    public ClassNames {
        names = List.copyOf(names);
    }

    /** No names: classes are referred to by label. */
    public static ClassNames none() {
        return new ClassNames(List.of());
    }

    /** The label of the class named exactly {@code name}. */
    public int indexOf(String name) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new LabelMismatchException("no class is named '" + name + "'; " + listing());
        }
        return i;
    }

    /**
     * The label a person means by {@code nameOrIndex}: the class of that exact name if there is
     * one, else a number read as the index into the names (as the label itself when there are
     * no names).
     *
     * @throws LabelMismatchException if it is neither a name nor an index of a class, listing them
     */
    public int resolve(String nameOrIndex) {
        String s = nameOrIndex.strip();
        int i = names.indexOf(s);
        if (i >= 0) {
            return i;
        }
        int index;
        try {
            index = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new LabelMismatchException("no class is named '" + s + "'; " + listing());
        }
        if (index < 0 || (!names.isEmpty() && index >= names.size())) {
            throw new LabelMismatchException("there is no class " + index + "; " + listing());
        }
        return index;
    }

    /**
     * Checks that {@code train} has images of {@code label}, as an inlier class must: a class that
     * only the test split has (an MVTec AD defect folder) is a kind of novelty, not an inlier class.
     *
     * @param dataset the data set's name, for the message
     * @return {@code label}
     * @throws LabelMismatchException naming the class and the classes that have training images
     */
    public int requireTrainingImages(ImageSet train, int label, String dataset) {
        if (!train.hasClass(label)) {
            throw new LabelMismatchException("class " + describe(label) + " of " + dataset + " has no training images,"
                    + " so it cannot be the inlier class (a class only the test split has is a kind of novelty); the"
                    + " classes with training images are " + IntStream.of(train.classes()).mapToObj(this::describe)
                            .collect(Collectors.joining(", ")));
        }
        return label;
    }

    /** {@code "3 (good)"}, or {@code "3"} without a name. */
    public String describe(int label) {
        return label >= 0 && label < names.size() ? label + " (" + names.get(label) + ")" : Integer.toString(label);
    }

    /** The classes as a person can name them: {@code "the classes are 0 a, 1 b"}. */
    public String listing() {
        if (names.isEmpty()) {
            return "the classes of this data set have no names: give a label number";
        }
        return "the classes are (index name) " + IntStream.range(0, names.size()).mapToObj(k -> k + " " + names.get(k))
                .collect(Collectors.joining(", "));
    }
}
