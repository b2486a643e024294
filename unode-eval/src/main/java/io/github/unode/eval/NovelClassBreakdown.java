package io.github.unode.eval;

import io.github.unode.data.ImageSet;
import io.github.unode.eval.metrics.DetectionMetrics;
import java.util.ArrayList;
import java.util.List;

/**
 * A task's metrics for each kind of novelty separately: the test images of one class that has no
 * training images (one of MVTec AD's defect folders) against the test inliers alone. An overall
 * AUROC can hide a defect type that a detector misses entirely; these figures show it. Classes
 * that the training split has too (the other classes of a one-class benchmark) are not broken
 * down, so a data set with the same classes in both splits has no breakdown.
 */
public final class NovelClassBreakdown {
    private static final NovelClassBreakdown NONE = new NovelClassBreakdown(new int[0], List.of(), new int[0]);

    private final int[] classes;
    private final List<String> names;
    private final int[] labels;

    private NovelClassBreakdown(int[] classes, List<String> names, int[] labels) {
        this.classes = classes;
        this.names = names;
        this.labels = labels;
    }

    /** No breakdown. */
    public static NovelClassBreakdown none() {
        return NONE;
    }

    /**
     * The classes of {@code test} that {@code train} has no image of, over the images of
     * {@code test}.
     *
     * @param classNames the data set's class names, index = label (a class without one is
     *     called "class k")
     */
    public static NovelClassBreakdown testOnlyClasses(ImageSet train, ImageSet test, List<String> classNames) {
        if (!train.hasLabels() || !test.hasLabels()) {
            return NONE;
        }
        int[] classes = test.classesNotIn(train);
        List<String> names = new ArrayList<>();
        for (int c : classes) {
            names.add(c < classNames.size() ? classNames.get(c) : "class " + c);
        }
        return new NovelClassBreakdown(classes, List.copyOf(names), test.labels().orElseThrow());
    }

    /** The same classes over other test images (a sample, or a corrupted copy, of the test split). */
    public NovelClassBreakdown over(ImageSet images) {
        return classes.length == 0 ? NONE : new NovelClassBreakdown(classes, names, images.labels().orElseThrow());
    }

    public boolean isEmpty() {
        return classes.length == 0;
    }

    /**
     * The metrics of each class that has images here: its images (novel) against the inliers.
     *
     * @param scores the scores of the images this breakdown is over
     * @param novel which of them are novel
     * @param threshold the method's calibrated threshold, or NaN
     */
    public List<TaskResult.NovelClass> metrics(double[] scores, boolean[] novel, double threshold) {
        if (classes.length == 0) {
            return List.of();
        }
        if (scores.length != labels.length || novel.length != labels.length) {
            throw new IllegalArgumentException(scores.length + " scores for a breakdown over " + labels.length
                    + " images");
        }
        List<TaskResult.NovelClass> out = new ArrayList<>();
        for (int k = 0; k < classes.length; k++) {
            int c = classes[k];
            int n = 0;
            int inliers = 0;
            for (int i = 0; i < labels.length; i++) {
                n += novel[i] && labels[i] == c ? 1 : 0;
                inliers += novel[i] ? 0 : 1;
            }
            if (n == 0 || inliers == 0) {
                continue; // this sample of the test split has none of its images, or no inliers
            }
            double[] s = new double[n + inliers];
            boolean[] isNovel = new boolean[n + inliers];
            int j = 0;
            for (int i = 0; i < labels.length; i++) {
                if (!novel[i] || labels[i] == c) {
                    s[j] = scores[i];
                    isNovel[j++] = novel[i];
                }
            }
            out.add(new TaskResult.NovelClass(names.get(k), DetectionMetrics.of(s, isNovel, threshold)));
        }
        return out;
    }
}
