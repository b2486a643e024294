package io.github.unode.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.github.unode.augment.AugmentationPool;
import io.github.unode.augment.NegativeSampler;
import io.github.unode.core.RandomSource;
import io.github.unode.data.ImageSet;
import io.github.unode.eval.baselines.FeaturePatchNearestNeighbour;
import io.github.unode.score.NoveltyDetector;
import io.github.unode.score.ScoreBatch;
import io.github.unode.score.ScoreRecipe;
import io.github.unode.train.Recipe;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A local term on a trained detector's encoder, and score weights chosen per task, measured beside
 * the detector's own score (issue 16; not the paper's, and not part of {@link NoveltyDetector}'s
 * score). From the fit's own split of the inliers (the trainer's {@code holdOutFraction} and
 * seed, so the same images the detector's bank and calibration used):
 * <ul>
 *   <li>a {@link FeaturePatchNearestNeighbour} on the encoder's maps, its bank from the training
 *       part, balanced like the pixel term ({@code nu1 = std(O_sim) / std(L)} on the held-out
 *       part, {@link ScoreTerms});
 *   <li>the pixel and local weights that best separate the held-out inliers from negatives the
 *       recipe's own augmentation pool makes of them (uniform weights, {@value #ROUNDS} per
 *       held-out inlier), by AUROC over {@link #PIXEL_WEIGHTS} x {@link #LOCAL_WEIGHTS}. Those
 *       negatives are what the encoder and head were trained to reject, so the choice may favour
 *       the trained terms; that is part of what it measures. A <em>proxy pool</em> instead (for
 *       example augmentations held out of the recipe's training pool) makes the negatives from
 *       augmentations the trained terms have not seen.
 * </ul>
 */
final class LocalTerm implements AutoCloseable {
    /** The pixel weights tried when choosing per task. */
    static final double[] PIXEL_WEIGHTS = {0, 1, 2, 4, 8};
    /** The local weights tried when choosing per task. */
    static final double[] LOCAL_WEIGHTS = {0, 0.5, 1, 2, 4};
    /** Negatives drawn per held-out inlier. */
    static final int ROUNDS = 4;
    /** Most patch features in the local bank. */
    static final int MAX_BANK = 16384;

    private final FeaturePatchNearestNeighbour bank;
    private final double pixelWeight;
    private final double nu1;
    private final ScoreTerms.Choice choice;
    private final ScoreTerms.Choice choiceWithoutPixels;
    private final AugmentationPool proxy;

    private LocalTerm(FeaturePatchNearestNeighbour bank, double pixelWeight, double nu1, ScoreTerms.Choice choice,
            ScoreTerms.Choice choiceWithoutPixels, AugmentationPool proxy) {
        this.bank = bank;
        this.proxy = proxy;
        this.pixelWeight = pixelWeight;
        this.nu1 = nu1;
        this.choice = choice;
        this.choiceWithoutPixels = choiceWithoutPixels;
    }

    /**
     * Fits the local bank and chooses the weights.
     *
     * @param d the detector trained on {@code inliers} with {@code recipe}
     * @throws IllegalStateException if the recipe's split does not give the detector's held-out count
     */
    static LocalTerm fit(NoveltyDetector d, Recipe recipe, ImageSet inliers, int[] stages, long seed) {
        return fit(d, recipe, inliers, stages, recipe.negatives().pool(), seed);
    }

    /**
     * {@link #fit(NoveltyDetector, Recipe, ImageSet, int[], long)} with the weights chosen against
     * negatives from {@code proxy} (uniform weights, at most the recipe's number of compositions
     * or the proxy's size) instead of the recipe's own pool.
     */
    static LocalTerm fit(NoveltyDetector d, Recipe recipe, ImageSet inliers, int[] stages, AugmentationPool proxy,
            long seed) {
        ScoreRecipe score = recipe.score();
        double w = score.pixel().map(ScoreRecipe.PixelTerm::weight).orElse(0.0);
        try (ImageSet.Partition parts = detectorSplit(d, recipe, inliers)) {
            ImageSet heldOut = parts.second();
            FeaturePatchNearestNeighbour bank = FeaturePatchNearestNeighbour.fit(parts.first(), d::featureMap, stages,
                    MAX_BANK, seed);
            try {
                ScoreBatch h = d.score(heldOut);
                double[] lh = bank.score(heldOut);
                double nu1 = ScoreTerms.balance(h.similarity(), lh);
                ScoreTerms held = ScoreTerms.of(h, w, lh, nu1);
                ScoreTerms neg;
                try (ImageSet negatives = negatives(heldOut, proxy,
                        Math.min(recipe.negatives().maxCompositions(), proxy.size()), seed)) {
                    neg = ScoreTerms.of(d.score(negatives), w, bank.score(negatives), nu1);
                }
                double[] pixelGrid = w > 0 ? PIXEL_WEIGHTS : new double[] {0};
                return new LocalTerm(bank, w, nu1, ScoreTerms.choose(held, neg, pixelGrid, LOCAL_WEIGHTS),
                        ScoreTerms.choose(held, neg, new double[] {0}, LOCAL_WEIGHTS), proxy);
            } catch (RuntimeException | Error e) {
                bank.close();
                throw e;
            }
        }
    }

    /**
     * The fit's own split of {@code inliers}: the trainer's {@code holdOutFraction} and seed, so the
     * same images the detector's bank (first) and calibration (second) used.
     *
     * @throws IllegalStateException if the split does not hold out the detector's calibrated count
     */
    static ImageSet.Partition detectorSplit(NoveltyDetector d, Recipe recipe, ImageSet inliers) {
        ImageSet.Partition parts = inliers.split(1 - recipe.score().holdOutFraction(), recipe.seed());
        int calibrated = d.scorer().heldOutNovelty().length;
        if (parts.second().size() != calibrated) {
            int held = parts.second().size();
            parts.close();
            throw new IllegalStateException("the recipe's split holds out " + held
                    + " inliers but the detector was calibrated on " + calibrated
                    + ": was it trained on these inliers with this recipe?");
        }
        return parts;
    }

    /** {@link #ROUNDS} negatives per image of {@code heldOut}, from the recipe's pool with uniform weights. */
    static ImageSet negatives(ImageSet heldOut, Recipe recipe, long seed) {
        return negatives(heldOut, recipe.negatives().pool(), recipe.negatives().maxCompositions(), seed);
    }

    /** {@link #ROUNDS} negatives per image of {@code heldOut}, from {@code pool} with uniform weights, up to {@code rMax} each. */
    static ImageSet negatives(ImageSet heldOut, AugmentationPool pool, int rMax, long seed) {
        NegativeSampler sampler = new NegativeSampler(pool, rMax);
        RandomSource random = new RandomSource(seed * 31 + 7);
        try (NDManager tmp = NDManager.newBaseManager(heldOut.images().getDevice())) {
            NDArray x = heldOut.batch(0, heldOut.size(), tmp);
            NDList rounds = new NDList();
            for (int r = 0; r < ROUNDS; r++) {
                rounds.add(sampler.sample(x, random));
            }
            NDArray all = NDArrays.concat(rounds, 0).clip(0f, 1f);
            all.attach(tmp);
            return ImageSet.of(all, null, heldOut.name() + " negatives");
        }
    }

    /**
     * The variants this term adds to the detector's: the local term alone, the recipe's score
     * with it, similarity + head with it, and the weights chosen per task (with and without a
     * pixel term).
     *
     * @param s the detector's scores of {@code images}
     */
    Map<String, double[]> variants(ScoreBatch s, ImageSet images) {
        double[] l = bank.score(images);
        ScoreTerms t = ScoreTerms.of(s, pixelWeight, l, nu1);
        Map<String, double[]> out = new LinkedHashMap<>();
        out.put("trained feature patches", l);
        out.put("recipe + trained feature patches", t.novelty(pixelWeight, 1));
        out.put("similarity + head + trained feature patches", t.novelty(0, 1));
        out.put("weights per task", t.novelty(choice.pixelWeight(), choice.localWeight()));
        out.put("weights per task, no pixel term", t.novelty(0, choiceWithoutPixels.localWeight()));
        return out;
    }

    /** What the fit chose, for the report. */
    Map<String, String> notes() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("pixel weight (recipe)", fmt(pixelWeight));
        m.put("proxy pool", String.join("+", proxy.names()));
        m.put("local balance nu1", String.format(Locale.ROOT, "%.6g", nu1));
        m.put("chosen pixel weight", fmt(choice.pixelWeight()));
        m.put("chosen local weight", fmt(choice.localWeight()));
        m.put("proxy AUROC", String.format(Locale.ROOT, "%.4f", choice.proxyAuroc()));
        m.put("chosen local weight, no pixel term", fmt(choiceWithoutPixels.localWeight()));
        m.put("proxy AUROC, no pixel term", String.format(Locale.ROOT, "%.4f", choiceWithoutPixels.proxyAuroc()));
        return m;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    @Override
    public void close() {
        bank.close();
    }
}
