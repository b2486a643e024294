package io.github.unode.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.github.unode.core.EmptyDataException;
import io.github.unode.core.Stats;
import io.github.unode.model.UnodeModel;
import java.util.Arrays;

/**
 * The score of METHOD section 6, given the model's outputs for a batch:
 *
 * <pre>
 * O_sim(x) = max_m &lt;z(x)/|z(x)|, z_m&gt;                 (eq. 13, bank of training inliers)
 * O_bin(x) = log P(inlier|x) - log P(negative|x)        (log-odds of the binary head)
 * O(x)     = O_sim(x) + lambda * O_bin(x)               (eq. 15)
 * novelty  = -O(x)
 * </pre>
 *
 * {@code lambda = std(O_sim) / std(O_bin)} on held-out inliers that are not in the bank, and the
 * threshold is the {@code 1 - targetFpr} quantile of their novelty, so that about
 * {@code targetFpr} of new inliers are flagged. Immutable and thread-safe. The bank belongs to
 * whoever built it (a {@link NoveltyDetector} closes it); scorers derived with
 * {@link #withTargetFpr} share it.
 */
public final class NoveltyScorer {
    private final ScoreSpace space;
    private final EmbeddingBank bank;
    private final double lambda;
    private final double targetFpr;
    private final double threshold;
    private final float[] heldOutNovelty;

    NoveltyScorer(ScoreSpace space, EmbeddingBank bank, double lambda, double targetFpr, float[] heldOutNovelty) {
        this.space = space;
        this.bank = bank;
        this.lambda = lambda;
        this.targetFpr = checkFpr(targetFpr);
        this.heldOutNovelty = heldOutNovelty.clone();
        Arrays.sort(this.heldOutNovelty);
        this.threshold = quantile(this.heldOutNovelty, 1 - targetFpr);
    }

    /**
     * Calibrates a scorer: {@code lambda} and the threshold from the held-out inliers' model
     * outputs.
     *
     * @param space the space of {@code z}
     * @param bank embeddings of the training inliers in that space
     * @param heldOut model outputs ({@link UnodeModel} layout) of inliers that are not in the bank
     * @param targetFpr share of inliers the threshold should flag, in (0, 1)
     */
    public static NoveltyScorer calibrate(ScoreSpace space, EmbeddingBank bank, NDList heldOut, double targetFpr) {
        checkFpr(targetFpr);
        float[] sim = bank.maxSimilarity(heldOut.get(space.output()), null);
        if (sim.length == 0) {
            throw new EmptyDataException("calibration needs at least one held-out inlier");
        }
        float[] bin = logOdds(heldOut.get(UnodeModel.LOGITS));
        double sdBin = Stats.std(bin);
        double lambda = sdBin > 1e-12 ? Stats.std(sim) / sdBin : 0.0;
        float[] novelty = combine(sim, bin, lambda);
        return new NoveltyScorer(space, bank, lambda, targetFpr, novelty);
    }

    /** Restores a saved scorer. */
    static NoveltyScorer restore(ScoreSpace space, EmbeddingBank bank, double lambda, double targetFpr, float[] heldOut) {
        return new NoveltyScorer(space, bank, lambda, targetFpr, heldOut);
    }

    /**
     * Scores a batch from the model's outputs.
     *
     * @param outputs the {@link UnodeModel} outputs of the batch
     */
    public ScoreBatch score(NDList outputs) {
        float[] sim = bank.maxSimilarity(outputs.get(space.output()), null);
        float[] bin = logOdds(outputs.get(UnodeModel.LOGITS));
        float[] novelty = combine(sim, bin, lambda);
        boolean[] novel = new boolean[novelty.length];
        for (int i = 0; i < novel.length; i++) {
            novel[i] = novelty[i] > threshold;
        }
        return new ScoreBatch(novelty, sim, bin, novel, lambda, threshold);
    }

    /** The same scorer with the threshold recalibrated to another false-positive rate. */
    public NoveltyScorer withTargetFpr(double fpr) {
        return new NoveltyScorer(space, bank, lambda, fpr, heldOutNovelty);
    }

    /** {@code log P(y=1|x) - log P(y=0|x)}: for a softmax this is exactly the logit difference. */
    static float[] logOdds(NDArray logits) {
        float[] l = logits.toFloatArray();
        int k = (int) logits.getShape().get(1);
        float[] out = new float[l.length / k];
        for (int i = 0; i < out.length; i++) {
            if (k == 2) {
                out[i] = l[i * k + 1] - l[i * k];
            } else {
                // (K+1)-way head, negative class last: log P(inlier) - log P(negative)
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < k - 1; j++) {
                    max = Math.max(max, l[i * k + j]);
                }
                double s = 0;
                for (int j = 0; j < k - 1; j++) {
                    s += Math.exp(l[i * k + j] - max);
                }
                out[i] = (float) (max + Math.log(s) - l[i * k + k - 1]);
            }
        }
        return out;
    }

    private static float[] combine(float[] sim, float[] bin, double lambda) {
        float[] out = new float[sim.length];
        for (int i = 0; i < sim.length; i++) {
            out[i] = (float) -(sim[i] + lambda * bin[i]);
        }
        return out;
    }

    /** Linear-interpolation quantile of sorted values (numpy's default). */
    static double quantile(float[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    private static double checkFpr(double fpr) {
        if (!(fpr > 0 && fpr < 1)) {
            throw new IllegalArgumentException("target false-positive rate must lie in (0, 1), got " + fpr);
        }
        return fpr;
    }

    public ScoreSpace space() {
        return space;
    }

    public EmbeddingBank bank() {
        return bank;
    }

    /** The balance of {@code O_bin} against {@code O_sim}. */
    public double lambda() {
        return lambda;
    }

    public double targetFpr() {
        return targetFpr;
    }

    /** Novelty above this is flagged novel. */
    public double threshold() {
        return threshold;
    }

    /** The held-out inliers' novelty scores, sorted (a copy). */
    public float[] heldOutNovelty() {
        return heldOutNovelty.clone();
    }
}
