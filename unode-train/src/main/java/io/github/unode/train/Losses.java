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

    /** Which embeddings serve as anchors of the contrastive loss (METHOD 4.4). */
    public enum Anchors {
        /** Every embedding is an anchor: inliers and negatives (the public code; the default). */
        ALL,
        /** Only the inlier views are anchors (the paper's eq. 10-11). */
        INLIERS
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
     *     with {@link Anchors#INLIERS})
     * @param anchors which rows contribute a term to the mean
     * @return the scalar mean loss
     */
    public static NDArray ntXent(NDArray z, float temperature, int inlierCount, Anchors anchors) {
        Shape s = z.getShape();
        if (s.dimension() != 2 || s.get(0) % 2 != 0 || s.get(0) < 2) {
            throw new IllegalArgumentException("NT-Xent needs (2m, D) embeddings, got " + s);
        }
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be positive, got " + temperature);
        }
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
        if (anchors == Anchors.ALL) {
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

    /** Rows divided by their L2 norm (rows of norm 0 stay 0). */
    public static NDArray normalize(NDArray z) {
        return z.div(z.norm(new int[] {1}, true).maximum(1e-12f));
    }
}
