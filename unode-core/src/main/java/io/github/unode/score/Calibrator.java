package io.github.unode.score;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.github.unode.core.NotFiniteException;
import io.github.unode.data.ImageSet;
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
            NDArray bankZ = NoveltyDetector.forwardAll(net, model.getNDManager(), bankImages, scope)
                    .get(space.output());
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
                NDList held = NoveltyDetector.forwardAll(net, model.getNDManager(), heldOut, scope);
                ScoreRecipe.PixelTerm p = recipe.pixelTerm();
                if (p == null) {
                    return NoveltyScorer.calibrate(space, recipe.head(), bank, null, held, null, recipe.targetFpr(),
                            1.0);
                }
                pixels = PixelBank.of(bankImages.images(), p.blur(), p.centre());
                NDArray heldImages = heldOut.batch(0, heldOut.size(), scope);
                return NoveltyScorer.calibrate(space, recipe.head(), bank, pixels, held, heldImages,
                        recipe.targetFpr(), p.weight());
            } catch (RuntimeException e) {
                bank.close();
                if (pixels != null) {
                    pixels.close();
                }
                throw e;
            }
        }
    }
}
