package io.github.unode.eval;

import io.github.unode.eval.metrics.DetectionMetrics;

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
 */
public record TaskResult(String dataset, String setting, String condition, String method, DetectionMetrics metrics,
        double fitSeconds, double scoreSeconds, double[] scores, boolean[] novel) {

    /** Whether this is the clean test set. */
    public boolean clean() {
        return "clean".equals(condition);
    }

    /**
     * One row per score variant of a fitted method ({@link Method.Fitted#scoreVariants}): the
     * method's own score under its name, each other variant as {@code "name (variant)"}; only the
     * method's own score carries the calibrated threshold.
     */
    public static java.util.List<TaskResult> ofVariants(String dataset, String setting, String condition, String method,
            java.util.Map<String, double[]> variants, double threshold, double fitSeconds, double scoreSeconds,
            boolean[] novel) {
        java.util.List<TaskResult> out = new java.util.ArrayList<>();
        for (java.util.Map.Entry<String, double[]> v : variants.entrySet()) {
            boolean own = v.getKey().isEmpty();
            out.add(new TaskResult(dataset, setting, condition, own ? method : method + " (" + v.getKey() + ")",
                    DetectionMetrics.of(v.getValue(), novel, own ? threshold : Double.NaN), fitSeconds, scoreSeconds,
                    v.getValue(), novel));
        }
        return out;
    }
}
