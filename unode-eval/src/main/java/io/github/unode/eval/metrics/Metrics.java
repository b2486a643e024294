package io.github.unode.eval.metrics;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Detection metrics of METHOD section 7, with the novel images as the positive class and higher
 * scores meaning more novel. Ties are handled as scikit-learn does: AUROC averages them (the
 * Mann-Whitney statistic with mid-ranks), AUPR is average precision over the distinct thresholds.
 */
public final class Metrics {
    private Metrics() {}

    /** Area under the ROC curve, ties counted one half. */
    public static double auroc(double[] scores, boolean[] novel) {
        check(scores, novel);
        int n = scores.length;
        Integer[] order = sortedAscending(scores);
        double rankSumPositive = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double midRank = (i + j) / 2.0 + 1; // 1-based average rank of the tie group
            for (int k = i; k <= j; k++) {
                if (novel[order[k]]) {
                    rankSumPositive += midRank;
                }
            }
            i = j + 1;
        }
        long pos = count(novel);
        long neg = n - pos;
        return (rankSumPositive - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }

    /** Average precision (area under the precision-recall curve, step-wise, as scikit-learn). */
    public static double aupr(double[] scores, boolean[] novel) {
        check(scores, novel);
        Curve c = curve(scores, novel);
        double ap = 0;
        double prevRecall = 0;
        for (int k = 0; k < c.tp.length; k++) {
            double recall = c.tp[k] / (double) c.positives;
            double precision = c.tp[k] / (double) (c.tp[k] + c.fp[k]);
            ap += (recall - prevRecall) * precision;
            prevRecall = recall;
        }
        return ap;
    }

    /** The smallest false-positive rate among thresholds that detect at least 95% of novel images. */
    public static double fprAt95Tpr(double[] scores, boolean[] novel) {
        return fprAtTpr(scores, novel, 0.95);
    }

    /** The smallest false-positive rate among thresholds whose true-positive rate reaches {@code tpr}. */
    public static double fprAtTpr(double[] scores, boolean[] novel, double tpr) {
        check(scores, novel);
        Curve c = curve(scores, novel);
        for (int k = 0; k < c.tp.length; k++) {
            if (c.tp[k] / (double) c.positives >= tpr - 1e-12) {
                return c.fp[k] / (double) c.negatives;
            }
        }
        return 1.0;
    }

    /** ROC curve points (false-positive rate, true-positive rate), from (0, 0) to (1, 1). */
    public static double[][] rocCurve(double[] scores, boolean[] novel) {
        check(scores, novel);
        Curve c = curve(scores, novel);
        double[] fpr = new double[c.tp.length + 1];
        double[] tpr = new double[c.tp.length + 1];
        for (int k = 0; k < c.tp.length; k++) {
            fpr[k + 1] = c.fp[k] / (double) c.negatives;
            tpr[k + 1] = c.tp[k] / (double) c.positives;
        }
        return new double[][] {fpr, tpr};
    }

    /** Share of novel images whose score exceeds {@code threshold}. */
    public static double detectionRate(double[] scores, boolean[] novel, double threshold) {
        return rateAbove(scores, novel, threshold, true);
    }

    /** Share of inliers whose score exceeds {@code threshold}. */
    public static double falsePositiveRate(double[] scores, boolean[] novel, double threshold) {
        return rateAbove(scores, novel, threshold, false);
    }

    private static double rateAbove(double[] scores, boolean[] novel, double threshold, boolean positives) {
        check(scores, novel);
        long hit = 0;
        long total = 0;
        for (int i = 0; i < scores.length; i++) {
            if (novel[i] == positives) {
                total++;
                if (scores[i] > threshold) {
                    hit++;
                }
            }
        }
        return hit / (double) total;
    }

    /** Cumulative counts at each distinct threshold, scores descending. */
    private record Curve(long[] tp, long[] fp, long positives, long negatives) {}

    private static Curve curve(double[] scores, boolean[] novel) {
        int n = scores.length;
        Integer[] order = sortedAscending(scores);
        long[] tp = new long[n];
        long[] fp = new long[n];
        int m = 0;
        long t = 0;
        long f = 0;
        for (int i = n - 1; i >= 0; i--) {
            if (novel[order[i]]) {
                t++;
            } else {
                f++;
            }
            if (i == 0 || scores[order[i - 1]] != scores[order[i]]) {
                tp[m] = t;
                fp[m] = f;
                m++;
            }
        }
        return new Curve(Arrays.copyOf(tp, m), Arrays.copyOf(fp, m), t, f);
    }

    private static Integer[] sortedAscending(double[] scores) {
        Integer[] order = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        return order;
    }

    private static long count(boolean[] b) {
        long c = 0;
        for (boolean x : b) {
            if (x) {
                c++;
            }
        }
        return c;
    }

    static void check(double[] scores, boolean[] novel) {
        if (scores.length != novel.length) {
            throw new IllegalArgumentException(scores.length + " scores but " + novel.length + " labels");
        }
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("score " + i + " is NaN; metrics need real-valued scores");
            }
        }
        long pos = count(novel);
        if (pos == 0 || pos == novel.length) {
            throw new IllegalArgumentException("metrics need both novel and inlier images; got " + pos
                    + " novel of " + novel.length);
        }
    }
}
