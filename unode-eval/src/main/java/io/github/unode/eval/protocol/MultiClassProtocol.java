package io.github.unode.eval.protocol;

import io.github.unode.core.EmptyDataException;
import io.github.unode.data.ImageSet;
import io.github.unode.eval.EvaluationListener;
import io.github.unode.eval.Method;
import io.github.unode.eval.TaskResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The multi-class protocols (METHOD sections 1, 5 and 7).
 *
 * <ul>
 *   <li><b>Unlabeled</b>: a whole data set is the inlier set; its test split is scored together
 *       with images of another data set, which are the novel ones.
 *   <li><b>Open set</b> (labeled multi-class within one data set): some classes are the inliers,
 *       the other classes of the same data set are novel at test time. With a labeled method
 *       (SupCon and a (K+1)-way head) the inliers' labels are used.
 * </ul>
 */
public final class MultiClassProtocol {
    private MultiClassProtocol() {}

    /**
     * Inliers = all of {@code train}; test = {@code inlierTest} plus {@code novelTest}.
     *
     * @param dataset name of the inlier data set
     * @param novelName name of the novel data set
     */
    public static List<TaskResult> unlabeled(String dataset, ImageSet train, ImageSet inlierTest, String novelName,
            ImageSet novelTest, List<Method> methods, long seed, EvaluationListener listener) {
        inlierTest.shape().require(novelTest.shape(), novelName + " test images");
        try (ImageSet test = ImageSet.concat(inlierTest, novelTest, dataset + " + " + novelName + " test")) {
            boolean[] novel = new boolean[test.size()];
            for (int i = inlierTest.size(); i < novel.length; i++) {
                novel[i] = true;
            }
            return runAll(dataset, "all classes vs " + novelName, train, test, novel, methods, seed, listener);
        }
    }

    /**
     * Open-set split of one labelled data set: {@code inlierClasses} are the inliers (their
     * training images, with labels), every other class is novel in the test split.
     */
    public static List<TaskResult> openSet(String dataset, ImageSet train, ImageSet test, int[] inlierClasses,
            List<Method> methods, long seed, EvaluationListener listener) {
        if (!train.hasLabels() || !test.hasLabels()) {
            throw new EmptyDataException("the open-set protocol needs labelled training and test sets");
        }
        java.util.Set<Integer> in = new java.util.HashSet<>();
        for (int c : inlierClasses) {
            in.add(c);
        }
        boolean[] novel = new boolean[test.size()];
        for (int i = 0; i < novel.length; i++) {
            novel[i] = !in.contains(test.label(i));
        }
        try (ImageSet inliers = train.onlyLabel(inlierClasses)) {
            return runAll(dataset, "classes " + java.util.Arrays.toString(inlierClasses) + " vs the rest", inliers, test,
                    novel, methods, seed, listener);
        }
    }

    private static List<TaskResult> runAll(String dataset, String setting, ImageSet inliers, ImageSet test,
            boolean[] novel, List<Method> methods, long seed, EvaluationListener listener) {
        List<TaskResult> out = new ArrayList<>();
        int index = 0;
        for (Method m : methods) {
            listener.onFit(++index, methods.size(), dataset, setting, m.name());
            long t0 = System.nanoTime();
            try (Method.Fitted f = m.fit(inliers, seed)) {
                double fit = (System.nanoTime() - t0) / 1e9;
                long t1 = System.nanoTime();
                java.util.Map<String, double[]> variants = f.scoreVariants(test);
                double sec = (System.nanoTime() - t1) / 1e9;
                for (TaskResult r : TaskResult.ofVariants(dataset, setting, "clean", m.name(), variants, f.threshold(),
                        fit, sec, novel)) {
                    out.add(r);
                    listener.onResult(r);
                }
            }
        }
        return out;
    }
}
