package io.github.unode.score;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.unode.core.EmptyDataException;
import io.github.unode.core.NotFiniteException;
import io.github.unode.internal.Stats;
import io.github.unode.data.ImageSet;
import io.github.unode.model.ModelOutputs;
import io.github.unode.model.UnodeModel;
import java.util.Objects;

/**
 * Turns a trained network into a calibrated {@link NoveltyScorer}, as the score part of a recipe
 * says (METHOD section 6): embeds the bank images into the bank (and keeps their pixels for the
 * pixel term), then measures {@code lambda}, {@code mu} and the threshold on held-out inliers.
 *
 * <pre>{@code
 * NoveltyScorer scorer = Calibrator.of(score).calibrate(model, bankImages, heldOut);
 * }</pre>
 */
public final class Calibrator {
    private final ScoreRecipe recipe;

    private Calibrator(ScoreRecipe recipe) {
        this.recipe = Objects.requireNonNull(recipe, "recipe");
    }

    /** A calibrator for this score recipe. */
    public static Calibrator of(ScoreRecipe recipe) {
        return new Calibrator(recipe);
    }

    /** The score recipe this calibrator follows. */
    public ScoreRecipe recipe() {
        return recipe;
    }

    /**
     * Calibrates a scorer for a trained network.
     *
     * @param model DJL model holding a trained {@link UnodeModel}
     * @param bankImages the training inliers that form the bank
     * @param heldOut inliers kept out of training and out of the bank
     * @throws NotFiniteException if the bank's embeddings are not finite (a broken model)
     */
    public NoveltyScorer calibrate(Model model, ImageSet bankImages, ImageSet heldOut) {
        UnodeModel net = (UnodeModel) model.getBlock();
        ScoreSpace space = recipe.space();
        try (NDManager scope = NDManager.newBaseManager(model.getNDManager().getDevice())) {
            NDArray bankZ = space.of(NoveltyDetector.forwardAll(net, model.getNDManager(), bankImages, scope));
            float bankSum = bankZ.sum().getFloat(); // NaN and infinities survive a sum
            if (!Float.isFinite(bankSum)) {
                throw new NotFiniteException("the embeddings of the " + bankImages.size() + " bank images are not"
                        + " finite: the model is broken (diverged training?), so no detector can be calibrated");
            }
            EmbeddingBank bank = EmbeddingBank.of(bankZ);
            if (recipe.bankPrecision() != EmbeddingBank.Precision.FLOAT32) {
                EmbeddingBank narrow = bank.withPrecision(recipe.bankPrecision());
                bank.close();
                bank = narrow;
            }
            PixelBank pixels = null;
            try {
                ModelOutputs held = NoveltyDetector.forwardAll(net, model.getNDManager(), heldOut, scope);
                ScoreRecipe.PixelTerm p = recipe.pixelTerm();
                if (p == null) {
                    return calibrate(bank, null, held, null);
                }
                pixels = PixelBank.of(bankImages.images(), p.blur(), p.centre());
                return calibrate(bank, pixels, held, heldOut.batch(0, heldOut.size(), scope));
            } catch (RuntimeException e) {
                bank.close();
                if (pixels != null) {
                    pixels.close();
                }
                throw e;
            }
        }
    }

    /**
     * Calibrates a scorer from the held-out inliers' outputs: {@code lambda} (and {@code mu}) are
     * the ratios of the terms' standard deviations, the threshold the {@code 1 - targetFpr}
     * quantile of their novelty. The bank and pixel bank become the scorer's; the recipe's
     * bank precision and pixel blur and centring are those they were built with, and only its
     * pixel weight is read here.
     *
     * @param bank embeddings of the training inliers in the recipe's space
     * @param pixels the training inliers' pixels, exactly when the recipe has a pixel term
     * @param heldOut the network's outputs for inliers that are not in the bank
     * @param heldOutImages those inliers {@code (N, C, H, W)}, for the pixel term (else ignored)
     * @throws IllegalArgumentException if the pixel bank is given without a pixel term in the
     *     recipe or the other way round, or the held-out images are missing for a pixel term
     * @throws EmptyDataException if there are no held-out inliers
     * @throws NotFiniteException if a term is not finite for some held-out inlier
     */
    public NoveltyScorer calibrate(EmbeddingBank bank, PixelBank pixels, ModelOutputs heldOut, NDArray heldOutImages) {
        ScoreSpace space = recipe.space();
        HeadScore head = recipe.head();
        double targetFpr = recipe.targetFpr();
        ScoreRecipe.PixelTerm term = recipe.pixelTerm();
        if ((pixels == null) != (term == null)) {
            throw new IllegalArgumentException(term == null ? "a pixel bank was given but the score recipe has no pixel term"
                    : "the score recipe has a pixel term but no pixel bank was given");
        }
        float[] sim = bank.maxSimilarity(space.of(heldOut), null);
        if (sim.length == 0) {
            throw new EmptyDataException("calibration needs at least one held-out inlier");
        }
        float[] bin = head.of(heldOut.logits());
        double sdSim = Stats.std(sim);
        double sdBin = Stats.std(bin);
        double lambda = sdBin > 1e-12 ? sdSim / sdBin : 0.0;
        float[] pix = null;
        double mu = 0.0;
        if (pixels != null) {
            if (heldOutImages == null || heldOutImages.getShape().get(0) != sim.length) {
                throw new IllegalArgumentException("a pixel term needs the " + sim.length + " held-out images, got "
                        + (heldOutImages == null ? "none" : heldOutImages.getShape().toString()));
            }
            pix = NoveltyScorer.negate(pixels.minDistance(heldOutImages));
            double sdPix = Stats.std(pix);
            mu = sdPix > 1e-12 ? term.weight() * sdSim / sdPix : 0.0;
        }
        NoveltyScorer.requireFinite(sim, "the similarity O_sim");
        NoveltyScorer.requireFinite(bin, "the head's O_bin");
        if (pix != null) {
            NoveltyScorer.requireFinite(pix, "the pixel term O_pix");
        }
        float[] novelty = NoveltyScorer.combine(sim, bin, lambda, pix, mu);
        return new NoveltyScorer(space, head, bank, lambda, pixels, mu, targetFpr, novelty);
    }
}
