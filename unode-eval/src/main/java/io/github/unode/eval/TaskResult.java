package io.github.unode.eval;

import io.github.unode.eval.metrics.DetectionMetrics;
import java.util.List;

/**
 * One method on one task: a data set, a setting (an inlier class, or a whole-set split), and a
 * test condition (clean or a corruption at a severity).
 *
 * @param dataset the data set's name
 * @param setting the inlier setting, e.g. "class 3 (Dress)"
 * @param condition "clean" or "fog-3"
 * @param method the method's name
 * @param metrics the detection metrics
 * @param fitSeconds time to fit the method on this setting's inliers (shared by its conditions)
 * @param scoreSeconds time to score this condition's test set
 * @param scores the novelty scores (kept in memory for plots; not written to JSON)
 * @param novel which test images are novel
 * @param byNovelClass the metrics of each kind of novelty alone (a class only the test split
 *     has, such as an MVTec AD defect type, against the test inliers); empty when there is none
 */
public record TaskResult(String dataset, String setting, String condition, String method, DetectionMetrics metrics,
        double fitSeconds, double scoreSeconds, double[] scores, boolean[] novel, List<NovelClass> byNovelClass) {

    public TaskResult {
        byNovelClass = List.copyOf(byNovelClass);
    }

    /** A result without a breakdown by kind of novelty. */
    public TaskResult(String dataset, String setting, String condition, String method, DetectionMetrics metrics,
            double fitSeconds, double scoreSeconds, double[] scores, boolean[] novel) {
        this(dataset, setting, condition, method, metrics, fitSeconds, scoreSeconds, scores, novel, List.of());
    }

    /**
     * One kind of novelty of the test set: its images against the test inliers alone.
     *
     * @param name the class's name (its test folder's name)
     * @param metrics novel = the images of this class, inliers = the test inliers
     */
    public record NovelClass(String name, DetectionMetrics metrics) {}

    /** Whether this is the clean test set. */
    public boolean clean() {
        return "clean".equals(condition);
    }

    /**
     * One row per score variant of a fitted method ({@link Method.Fitted#scoreVariants}): the
     * method's own score under its name, each other variant as {@code "name (variant)"}; only the
     * method's own score carries the calibrated threshold.
     */
    public static List<TaskResult> ofVariants(String dataset, String setting, String condition, String method,
            java.util.Map<String, double[]> variants, double threshold, double fitSeconds, double scoreSeconds,
            boolean[] novel) {
        return ofVariants(dataset, setting, condition, method, variants, threshold, fitSeconds, scoreSeconds, novel,
                NovelClassBreakdown.none());
    }

    /** Like the other {@code ofVariants}, each row with its metrics per kind of novelty. */
    public static List<TaskResult> ofVariants(String dataset, String setting, String condition, String method,
            java.util.Map<String, double[]> variants, double threshold, double fitSeconds, double scoreSeconds,
            boolean[] novel, NovelClassBreakdown breakdown) {
        List<TaskResult> out = new java.util.ArrayList<>();
        for (java.util.Map.Entry<String, double[]> v : variants.entrySet()) {
            boolean own = v.getKey().isEmpty();
            double t = own ? threshold : Double.NaN;
            out.add(new TaskResult(dataset, setting, condition, own ? method : method + " (" + v.getKey() + ")",
                    DetectionMetrics.of(v.getValue(), novel, t), fitSeconds, scoreSeconds, v.getValue(), novel,
                    breakdown.metrics(v.getValue(), novel, t)));
        }
        return out;
    }
}
