package io.github.unode.eval.metrics;

/**
 * The metrics of one scored test set (novel = positive class, higher score = more novel).
 *
 * @param auroc area under the ROC curve
 * @param aupr average precision
 * @param fprAt95Tpr false-positive rate where 95% of novel images are detected
 * @param threshold the operating threshold, or NaN if none was given
 * @param detectionRate share of novel images above the threshold (NaN without threshold)
 * @param falsePositiveRate share of inliers above the threshold (NaN without threshold)
 * @param novel number of novel images
 * @param inliers number of inliers
 */
public record DetectionMetrics(double auroc, double aupr, double fprAt95Tpr, double threshold, double detectionRate,
        double falsePositiveRate, int novel, int inliers) {

    /** Computes every metric; {@code threshold} may be NaN. */
    public static DetectionMetrics of(double[] scores, boolean[] novel, double threshold) {
        int pos = 0;
        for (boolean b : novel) {
            pos += b ? 1 : 0;
        }
        boolean hasThreshold = !Double.isNaN(threshold);
        return new DetectionMetrics(Metrics.auroc(scores, novel), Metrics.aupr(scores, novel),
                Metrics.fprAt95Tpr(scores, novel), threshold,
                hasThreshold ? Metrics.detectionRate(scores, novel, threshold) : Double.NaN,
                hasThreshold ? Metrics.falsePositiveRate(scores, novel, threshold) : Double.NaN,
                pos, novel.length - pos);
    }
}
