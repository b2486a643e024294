package io.github.unode.eval.protocol;

import io.github.unode.core.EmptyDataException;
import io.github.unode.data.ClassNames;
import io.github.unode.data.ImageSet;
import io.github.unode.eval.EvaluationListener;
import io.github.unode.eval.Method;
import io.github.unode.eval.NovelClassBreakdown;
import io.github.unode.eval.TaskResult;
import io.github.unode.eval.corrupt.Corruption;
import io.github.unode.eval.corrupt.Corruptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one-class protocol (METHOD section 7): for every class c, every method is fitted on the
 * training images of class c only and scores the whole test split, class c being the inliers;
 * optionally also the test split under each corruption (trained on clean data). All methods see
 * the same inliers and the same test images. Classes that only the test split has (an MVTec AD
 * defect folder beside {@code test/good}) are never inlier classes: they are kinds of novelty, and
 * every result carries its metrics for each of them alone ({@link NovelClassBreakdown}).
 */
public final class OneClassProtocol {
    private OneClassProtocol() {}

    /**
     * Settings.
     *
     * @param classes the inlier classes to run (empty: every class of the training set)
     * @param maxInliers at most this many training inliers per class (drawn with the seed), 0 for all
     * @param maxTest at most this many test images (drawn with the seed), 0 for all
     * @param corruptions corruptions of the test set to evaluate too (may be empty)
     * @param severity the corruptions' severity, 1 to 5
     * @param seed seed of the samples, the corruptions and the methods
     * @param classNames names of the classes for reports (may be empty)
     * @param maxCorruptedTest at most this many of the (clean) test images are corrupted and scored
     *     under each corruption (drawn with the seed), 0 for all of them
     */
    public record Config(List<Integer> classes, int maxInliers, int maxTest, List<Corruption> corruptions, int severity,
            long seed, List<String> classNames, int maxCorruptedTest) {
        public Config {
            classes = List.copyOf(classes);
            corruptions = List.copyOf(corruptions);
            classNames = List.copyOf(classNames);
            if (maxInliers < 0 || maxTest < 0 || maxCorruptedTest < 0) {
                throw new IllegalArgumentException("maxInliers, maxTest and maxCorruptedTest must be non-negative");
            }
            if (!corruptions.isEmpty() && (severity < 1 || severity > 5)) {
                throw new IllegalArgumentException("severity must be 1 to 5, got " + severity);
            }
        }

        /** Settings that corrupt every test image. */
        public Config(List<Integer> classes, int maxInliers, int maxTest, List<Corruption> corruptions, int severity,
                long seed, List<String> classNames) {
            this(classes, maxInliers, maxTest, corruptions, severity, seed, classNames, 0);
        }
    }

    /** Runs every method on every class (and condition) of one data set. */
    public static List<TaskResult> run(String dataset, ImageSet train, ImageSet test, List<Method> methods, Config config,
            EvaluationListener listener) {
        if (!train.hasLabels() || !test.hasLabels()) {
            throw new EmptyDataException("the one-class protocol needs labelled training and test sets");
        }
        List<Integer> classes = config.classes().isEmpty()
                ? java.util.Arrays.stream(train.classes()).boxed().toList() : config.classes();
        ClassNames names = new ClassNames(config.classNames());
        for (int c : classes) {
            names.requireTrainingImages(train, c, dataset);
        }
        NovelClassBreakdown breakdown = NovelClassBreakdown.testOnlyClasses(train, test, config.classNames());
        List<TaskResult> results = new ArrayList<>();
        Map<String, ImageSet> conditions = new LinkedHashMap<>();
        ImageSet clean = test.atMost(config.maxTest(), config.seed());
        try {
            conditions.put("clean", clean);
            if (!config.corruptions().isEmpty()) {
                try (ImageSet base = clean.atMost(config.maxCorruptedTest(), config.seed() + 1)) {
                    for (Corruption c : config.corruptions()) {
                        conditions.put(c.id() + "-" + config.severity(), Corruptions.apply(base, c, config.severity(),
                                config.seed()));
                    }
                }
            }
            int total = classes.size() * methods.size();
            int index = 0;
            for (int c : classes) {
                String setting = "class " + names.describe(c);
                try (ImageSet all = train.onlyLabel(c);
                        ImageSet inliers = all.atMost(config.maxInliers(), config.seed())) {
                    Map<String, boolean[]> novelIn = new LinkedHashMap<>();
                    for (Map.Entry<String, ImageSet> e : conditions.entrySet()) {
                        ImageSet set = e.getValue();
                        boolean[] novel = new boolean[set.size()];
                        for (int i = 0; i < novel.length; i++) {
                            novel[i] = set.label(i) != c;
                        }
                        novelIn.put(e.getKey(), novel);
                    }
                    for (Method m : methods) {
                        listener.onFit(++index, total, dataset, setting, m.name());
                        long t0 = System.nanoTime();
                        try (Method.Fitted fitted = m.fit(inliers, config.seed() + c)) {
                            double fit = (System.nanoTime() - t0) / 1e9;
                            for (Map.Entry<String, ImageSet> e : conditions.entrySet()) {
                                long t1 = System.nanoTime();
                                Map<String, double[]> variants = fitted.scoreVariants(e.getValue());
                                double sec = (System.nanoTime() - t1) / 1e9;
                                for (TaskResult r : TaskResult.ofVariants(dataset, setting, e.getKey(), m.name(), variants,
                                        fitted.threshold(), fit, sec, novelIn.get(e.getKey()),
                                        breakdown.over(e.getValue()))) {
                                    results.add(r);
                                    listener.onResult(r);
                                }
                            }
                        }
                    }
                }
            }
        } finally {
            conditions.values().forEach(ImageSet::close);
        }
        return results;
    }
}
