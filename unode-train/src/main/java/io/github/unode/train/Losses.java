package io.github.unode.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The training losses of METHOD section 4 (and 5), as plain functions of NDArrays so that they
 * can be checked against hand-computed values.
 */
public final class Losses {
    /** Added to self-similarities so that {@code exp} makes them vanish without producing NaN. */
    private static final float SELF_MASK = 1e9f;

    private Losses() {}

    /**
     * The contrastive loss over UNODE's 4B batch {@code [t(x), t(n) | t'(x), t'(n)]} (METHOD 4.4).
     * {@code tau} divides every inner product in each form.
     */
    public enum ContrastiveForm {
        /**
         * NT-Xent with every one of the 4B embeddings an anchor; the positive of {@code t(x_i)} is
         * {@code t'(x_i)}, of {@code t(n_i)} is {@code t'(n_i)}; every other row is in the
         * denominator (the public code's form; the library's default).
         */
        ALL_ANCHORS,
        /**
         * NT-Xent with only the 2B inlier views as anchors, every other row of the 4B batch in the
         * denominator, averaged over the 2B anchors. An earlier reading of eq. 10-11, kept for
         * comparison; <em>not</em> the paper's formula (see {@link #PAPER}).
         */
        INLIER_ANCHORS,
        /**
         * The paper's eq. 9-11 exactly: anchors are the inlier views {@code t_i} and {@code t'_i};
         * the numerator of anchor {@code t_i} is its positive {@code t'_i} (and vice versa); the
         * denominator holds that positive and {@code t(Gamma(x_j))}, {@code t'(Gamma(x_j))} for
         * every {@code j != i} (eq. 10), not the other inliers' views and not {@code x_i}'s own
         * negatives; {@code L_con = (1/B) sum_i (l(t_i, t'_i) + l(t'_i, t_i))} (eq. 11), a sum of
         * the two directions, not their mean. Eq. 9 prints no temperature, which is
         * {@code tau = 1}.
         */
        PAPER
    }

    /** How the head's cross-entropy is reduced over the batch. */
    public enum CrossEntropyReduction {
        /** The mean over the 4B views (the library's default). */
        MEAN,
        /**
         * The paper's eq. 12, {@code sum_{i=1..B} [log P(y=1|x_i) + log P(y=0|Gamma(x_i))]}, as a
         * loss (negated: the printed sign would maximise the error), each image's term averaged over
         * the two views the network sees of it: {@code 2B} times {@link #MEAN}.
         */
        PAPER_SUM
    }

    /**
     * The contrastive loss of {@code form} over the 4B batch {@code [t(x), t(n) | t'(x), t'(n)]}.
     *
     * @param z embeddings {@code (4B, D)}, not necessarily normalised
     * @param temperature softmax temperature, positive
     * @param inlierCount {@code B}
     */
    public static NDArray contrastive(NDArray z, float temperature, int inlierCount, ContrastiveForm form) {
        return switch (form) {
            case ALL_ANCHORS -> ntXent(z, temperature, inlierCount, false);
            case INLIER_ANCHORS -> ntXent(z, temperature, inlierCount, true);
            case PAPER -> paper(z, temperature, inlierCount);
        };
    }

    /**
     * The paper's eq. 9-11 over the 4B batch {@code [t(x), t(n) | t'(x), t'(n)]}: see
     * {@link ContrastiveForm#PAPER}. Needs {@code B >= 2} (with one image, eq. 10's set of
     * negatives is empty).
     */
    public static NDArray paper(NDArray z, float temperature, int inlierCount) {
        Shape s = z.getShape();
        int b = inlierCount;
        if (s.dimension() != 2 || b < 2 || s.get(0) != 4L * b) {
            throw new IllegalArgumentException("the paper's contrastive loss needs (4B, D) embeddings with B >= 2, got "
                    + s + " for B = " + inlierCount);
        }
        checkTemperature(temperature);
        int n = 4 * b;
        NDManager mgr = z.getManager();
        NDArray zn = normalize(z);
        // anchors: the 2B inlier views, rows [0, B) and [2B, 3B)
        long[] anchorRows = new long[2 * b];
        long[] positiveCol = new long[2 * b];
        float[] mask = new float[2 * b * n]; // 0 where a column is in the anchor's P u N, -1e9 elsewhere
        java.util.Arrays.fill(mask, -SELF_MASK);
        for (int a = 0; a < 2 * b; a++) {
            int i = a % b;
            int row = a < b ? i : 2 * b + i;
            int pos = a < b ? 2 * b + i : i;
            anchorRows[a] = row;
            positiveCol[a] = pos;
            mask[a * n + pos] = 0;
            for (int j = 0; j < b; j++) {
                if (j != i) {
                    mask[a * n + b + j] = 0;     // t(Gamma(x_j))
                    mask[a * n + 3 * b + j] = 0; // t'(Gamma(x_j))
                }
            }
        }
        NDArray anchors = zn.get(mgr.create(anchorRows).toDevice(z.getDevice(), false));
        NDArray logits = anchors.matMul(zn.transpose()).div(temperature)
                .add(mgr.create(mask, new Shape(2 * b, n)).toDevice(z.getDevice(), false));
        NDArray logProb = logits.logSoftmax(1);
        NDArray positive = logProb.gather(mgr.create(positiveCol, new Shape(2 * b, 1)).toDevice(z.getDevice(), false), 1);
        return positive.sum().div((float) b).neg();
    }

    private static void checkTemperature(float temperature) {
        if (!(temperature > 0) || Float.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be positive and finite, got " + temperature);
        }
    }

    /**
     * NT-Xent over a batch of {@code 2m} embeddings arranged as {@code [view 1 | view 2]}: the
     * positive of row {@code i} is row {@code (i + m) mod 2m}; every other row is a negative.
     * For UNODE's 4B batch {@code [x, n1 | x', n2]}, {@code m = 2B}, inliers are rows
     * {@code [0, B)} and {@code [2B, 3B)}.
     *
     * @param z embeddings {@code (2m, D)}, not necessarily normalised (they are L2-normalised here)
     * @param temperature softmax temperature, positive
     * @param inlierCount {@code B}: the first {@code B} rows of each view are inliers (used only
     *     when {@code inlierAnchorsOnly})
     * @param inlierAnchorsOnly whether only the inlier rows contribute a term to the mean
     * @return the scalar mean loss
     */
    public static NDArray ntXent(NDArray z, float temperature, int inlierCount, boolean inlierAnchorsOnly) {
        Shape s = z.getShape();
        if (s.dimension() != 2 || s.get(0) % 2 != 0 || s.get(0) < 2) {
            throw new IllegalArgumentException("NT-Xent needs (2m, D) embeddings, got " + s);
        }
        checkTemperature(temperature);
        int n = (int) s.get(0);
        int m = n / 2;
        NDManager mgr = z.getManager();
        NDArray zn = normalize(z);
        NDArray sim = zn.matMul(zn.transpose()).div(temperature);
        NDArray eye = mgr.eye(n).toDevice(z.getDevice(), false);
        NDArray logProb = sim.sub(eye.mul(SELF_MASK)).logSoftmax(1);
        long[] pos = new long[n];
        for (int i = 0; i < n; i++) {
            pos[i] = (i + m) % n;
        }
        NDArray posIdx = mgr.create(pos, new Shape(n, 1)).toDevice(z.getDevice(), false);
        NDArray positive = logProb.gather(posIdx, 1).reshape(n);
        if (!inlierAnchorsOnly) {
            return positive.mean().neg();
        }
        if (inlierCount < 1 || 2 * inlierCount > m) {
            throw new IllegalArgumentException(
                    "inlierCount must be in [1, " + m / 2 + "] for " + n + " embeddings, got " + inlierCount);
        }
        float[] w = new float[n];
        for (int i = 0; i < inlierCount; i++) {
            w[i] = 1;
            w[m + i] = 1;
        }
        NDArray weights = mgr.create(w).toDevice(z.getDevice(), false);
        return positive.mul(weights).sum().div(2f * inlierCount).neg();
    }

    /**
     * Supervised contrastive loss (Khosla et al., "SupCon", the {@code L_out} form) over a batch
     * arranged as {@code [view 1 | view 2]}: rows with the same class id are positives of each
     * other; every row is an anchor; the loss of an anchor is the mean, over its positives, of
     * {@code -log softmax}. For METHOD section 5, give each inlier its class and each negative
     * a class of its own shared only with its twin, so that the twin is its only positive.
     *
     * @param z embeddings {@code (n, D)}
     * @param classIds class id of each row, length {@code n}; each id occurs at least twice
     * @param temperature softmax temperature
     */
    public static NDArray supCon(NDArray z, long[] classIds, float temperature) {
        int n = (int) z.getShape().get(0);
        if (classIds.length != n) {
            throw new IllegalArgumentException(classIds.length + " class ids for " + n + " embeddings");
        }
        NDManager mgr = z.getManager();
        NDArray zn = normalize(z);
        NDArray sim = zn.matMul(zn.transpose()).div(temperature);
        NDArray eye = mgr.eye(n).toDevice(z.getDevice(), false);
        NDArray logProb = sim.sub(eye.mul(SELF_MASK)).logSoftmax(1);
        NDArray ids = mgr.create(classIds).toDevice(z.getDevice(), false);
        NDArray same = ids.reshape(n, 1).eq(ids.reshape(1, n)).toType(DataType.FLOAT32, false).sub(eye);
        NDArray positives = same.sum(new int[] {1});
        if (positives.min().getFloat() < 1f) {
            throw new IllegalArgumentException("every class id must occur at least twice in a SupCon batch");
        }
        return logProb.mul(same).sum(new int[] {1}).div(positives).mean().neg();
    }

    /**
     * Cross-entropy of logits {@code (n, K)} against integer labels, averaged.
     *
     * @param logits unnormalised scores
     * @param labels one label in {@code [0, K)} per row
     */
    public static NDArray crossEntropy(NDArray logits, NDArray labels) {
        int n = (int) logits.getShape().get(0);
        NDArray idx = labels.toType(DataType.INT64, false).reshape(n, 1);
        return logits.logSoftmax(1).gather(idx, 1).mean().neg();
    }

    /**
     * Cross-entropy of a 4B batch's logits against its labels, reduced as {@code reduction} says:
     * the mean over the rows, or the paper's eq. 12 sum over the B images with each image's term
     * averaged over its two views (the sum over the rows divided by 2).
     */
    public static NDArray crossEntropy(NDArray logits, NDArray labels, CrossEntropyReduction reduction) {
        NDArray mean = crossEntropy(logits, labels);
        return reduction == CrossEntropyReduction.PAPER_SUM ? mean.mul(logits.getShape().get(0) / 2f) : mean;
    }

    /** Rows divided by their L2 norm (rows of norm 0 stay 0). */
    public static NDArray normalize(NDArray z) {
        return z.div(z.norm(new int[] {1}, true).maximum(1e-12f));
    }
}
