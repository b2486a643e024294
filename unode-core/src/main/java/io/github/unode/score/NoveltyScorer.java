package io.github.unode.score;

import ai.djl.ndarray.NDArray;
import io.github.unode.core.NotFiniteException;
import io.github.unode.internal.Stats;
import io.github.unode.model.ModelOutputs;
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
 * {@code targetFpr} of new inliers are flagged.
 *
 * <p>Optionally the score has a third, <em>pixel</em> term (not in the paper; see
 * docs/accuracy.md for what it is worth on a CPU budget): {@code O_pix(x) = -min_m |x - x_m|},
 * the Euclidean distance of the image to its nearest training inlier in raw pixels, balanced the
 * same way, {@code mu = w std(O_sim) / std(O_pix)} on the held-out inliers, and
 * {@code O(x) = O_sim + lambda O_bin + mu O_pix}. The pixel weight {@code w} (1: the pixel term
 * counts as much as the similarity) lets the pixel term count for more: an encoder trained for
 * minutes knows less than the pixels about fine detail, and on a validation split of the
 * Fashion-MNIST training set {@code w = 4} measured best (docs/accuracy.md).
 *
 * <p>Immutable and thread-safe. The banks belong to whoever built them (a {@link NoveltyDetector}
 * closes them); scorers derived with {@link #withTargetFpr} share them.
 */
public final class NoveltyScorer {
    private final ScoreSpace space;
    private final HeadScore head;
    private final EmbeddingBank bank;
    private final double lambda;
    private final PixelBank pixels;
    private final double mu;
    private final double targetFpr;
    private final double threshold;
    private final float[] heldOutNovelty;

    NoveltyScorer(ScoreSpace space, HeadScore head, EmbeddingBank bank, double lambda, PixelBank pixels, double mu,
            double targetFpr, float[] heldOutNovelty) {
        this.space = space;
        this.head = java.util.Objects.requireNonNull(head, "head score");
        this.bank = bank;
        this.lambda = lambda;
        this.pixels = pixels;
        this.mu = pixels == null ? 0.0 : mu;
        this.targetFpr = checkFpr(targetFpr);
        this.heldOutNovelty = heldOutNovelty.clone();
        Arrays.sort(this.heldOutNovelty);
        this.threshold = quantile(this.heldOutNovelty, 1 - targetFpr);
    }

    /**
     * Checks a pixel-term weight ({@link ScoreRecipe.PixelTerm#weight}).
     *
     * @return {@code pixelWeight}
     * @throws IllegalArgumentException if it is negative or not finite
     */
    public static double checkPixelWeight(double pixelWeight) {
        if (!(pixelWeight >= 0) || Double.isInfinite(pixelWeight)) {
            throw new IllegalArgumentException("the pixel term's weight must be finite and >= 0, got " + pixelWeight);
        }
        return pixelWeight;
    }

    /** Restores a saved scorer. */
    static NoveltyScorer restore(ScoreSpace space, HeadScore head, EmbeddingBank bank, double lambda, PixelBank pixels,
            double mu, double targetFpr, float[] heldOut) {
        return new NoveltyScorer(space, head, bank, lambda, pixels, mu, targetFpr, heldOut);
    }

    /**
     * Scores a batch from the model's outputs (a scorer without a pixel term).
     *
     * @param outputs the {@link UnodeModel}'s outputs for the batch
     * @throws IllegalStateException if this scorer has a pixel term: use {@link #score(ModelOutputs, NDArray)}
     */
    public ScoreBatch score(ModelOutputs outputs) {
        if (pixels != null) {
            throw new IllegalStateException("this scorer has a pixel term: score(outputs, images) needs the images too");
        }
        return score(outputs, null);
    }

    /**
     * Scores a batch from the model's outputs and the images themselves.
     *
     * @param outputs the {@link UnodeModel}'s outputs for the batch
     * @param images the batch {@code (N, C, H, W)} the outputs came from (ignored without a pixel term)
     */
    public ScoreBatch score(ModelOutputs outputs, NDArray images) {
        float[] sim = bank.maxSimilarity(space.of(outputs), null);
        float[] bin = head.of(outputs.logits());
        float[] pix;
        if (pixels != null) {
            if (images == null || images.getShape().get(0) != sim.length) {
                throw new IllegalArgumentException("the pixel term needs the " + sim.length + " images of the batch, got "
                        + (images == null ? "none" : images.getShape().toString()));
            }
            pix = negate(pixels.minDistance(images));
        } else {
            pix = new float[sim.length];
            Arrays.fill(pix, Float.NaN);
        }
        float[] novelty = combine(sim, bin, lambda, pixels == null ? null : pix, mu);
        boolean[] novel = new boolean[novelty.length];
        for (int i = 0; i < novel.length; i++) {
            novel[i] = novelty[i] > threshold;
        }
        return new ScoreBatch(novelty, sim, bin, pix, novel, lambda, mu, threshold);
    }

    static void requireFinite(float[] values, String what) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new NotFiniteException(what + " of held-out inlier " + i + " is " + values[i]
                        + ": the model or its bank is broken (not finite), so no threshold can be calibrated");
            }
        }
    }

    /**
     * What the threshold can promise: a {@code confidence} interval of the false-positive rate it
     * achieves on new inliers drawn like the held-out ones. The threshold lies between two order
     * statistics of the {@code n} held-out novelties; the probability mass above the
     * {@code r}-th smallest of {@code n} exchangeable values follows Beta(n - r + 1, r), so the
     * interval runs from the lower quantile for the upper order statistic to the upper quantile
     * for the lower one.
     *
     * @param low lower end of the interval
     * @param high upper end
     * @param confidence the interval's coverage, e.g. 0.9
     * @param heldOut number of held-out inliers the threshold was calibrated on
     */
    public record FprInterval(double low, double high, double confidence, int heldOut) {}

    /** The 90% interval of the false-positive rate the threshold achieves ({@link FprInterval}). */
    public FprInterval fprInterval() {
        int n = heldOutNovelty.length;
        double pos = (1 - targetFpr) * (n - 1);
        int below = (int) Math.floor(pos); // 0-based index of the order statistic at or below the threshold
        int rLow = below + 1;
        int rHigh = pos > below ? Math.min(n, below + 2) : rLow;
        double alpha = 0.05;
        double high = Stats.betaQuantile(n - rLow + 1, rLow, 1 - alpha);
        double low = Stats.betaQuantile(n - rHigh + 1, rHigh, alpha);
        return new FprInterval(low, high, 1 - 2 * alpha, n);
    }

    /**
     * A warning when the held-out set is too small for the target: the upper end of the 90%
     * interval of the achieved false-positive rate is more than three times the target (about
     * fewer than 3 / target held-out inliers). Empty otherwise.
     */
    public java.util.Optional<String> calibrationWarning() {
        FprInterval i = fprInterval();
        if (i.high() <= 3 * targetFpr) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(String.format(java.util.Locale.ROOT,
                "the threshold was calibrated on only %d held-out inliers: for a target of %s%% false positives,"
                        + " the rate it achieves on new inliers lies between %.2g%% and %.2g%% (90%% interval). Hold"
                        + " out more inliers (holdOutFraction, or train on more) for a threshold that keeps its"
                        + " promise; the scores themselves are unaffected",
                i.heldOut(), new java.math.BigDecimal(100 * targetFpr).round(new java.math.MathContext(3))
                        .stripTrailingZeros().toPlainString(), 100 * i.low(), 100 * i.high()));
    }

    /** The same scorer with the threshold recalibrated to another false-positive rate. */
    public NoveltyScorer withTargetFpr(double fpr) {
        return new NoveltyScorer(space, head, bank, lambda, pixels, mu, fpr, heldOutNovelty);
    }

    /** {@code log P(y=1|x) - log P(y=0|x)} ({@link HeadScore#LOG_ODDS}). */
    static float[] logOdds(NDArray logits) {
        return HeadScore.LOG_ODDS.of(logits);
    }

    static float[] combine(float[] sim, float[] bin, double lambda, float[] pix, double mu) {
        float[] out = new float[sim.length];
        for (int i = 0; i < sim.length; i++) {
            double o = sim[i] + lambda * bin[i];
            if (pix != null) {
                o += mu * pix[i];
            }
            out[i] = (float) -o;
        }
        return out;
    }

    static float[] negate(float[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = -v[i];
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

    static double checkFpr(double fpr) {
        if (!(fpr > 0 && fpr < 1)) {
            throw new IllegalArgumentException("target false-positive rate must lie in (0, 1), got " + fpr);
        }
        return fpr;
    }

    public ScoreSpace space() {
        return space;
    }

    /** How the head's verdict enters the score. */
    public HeadScore head() {
        return head;
    }

    public EmbeddingBank bank() {
        return bank;
    }

    /** The balance of {@code O_bin} against {@code O_sim}. */
    public double lambda() {
        return lambda;
    }

    /** The pixel bank of the pixel term, if this scorer has one. */
    public java.util.Optional<PixelBank> pixels() {
        return java.util.Optional.ofNullable(pixels);
    }

    /** The balance of the pixel term {@code O_pix} against {@code O_sim} (0 without a pixel term). */
    public double mu() {
        return mu;
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
