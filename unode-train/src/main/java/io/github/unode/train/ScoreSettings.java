package io.github.unode.train;

import io.github.unode.score.EmbeddingBank;
import io.github.unode.score.HeadScore;
import io.github.unode.score.ScoreRecipe;
import io.github.unode.score.ScoreSpace;
import java.util.Objects;

/**
 * The {@link TrainerBuilder}'s settings of calibration and scoring, the recipe's
 * {@link Recipe#score()} part: how the trained network becomes a calibrated scorer. Its methods
 * are the builder's; they live here so that the builder's file holds training's.
 */
abstract sealed class ScoreSettings permits TrainerBuilder {
    /** Every setting the builder has been given. */
    final BuilderSettings s = new BuilderSettings();

    ScoreSettings() {}

    private TrainerBuilder self() {
        return (TrainerBuilder) this;
    }

    /**
     * How the head's verdict enters the score, {@code O_bin} (default
     * {@link HeadScore#LOG_ODDS}; the paper's eq. 14 is
     * {@link HeadScore#PROBABILITY}).
     */
    public TrainerBuilder headScore(HeadScore head) {
        Objects.requireNonNull(head, "head");
        s.score(r -> r.withHead(head));
        return self();
    }

    /**
     * Share of the inliers held out of training and of the bank, to calibrate {@code lambda} and
     * the threshold (default 0.1).
     */
    public TrainerBuilder holdOutFraction(double fraction) {
        s.score(r -> r.withHoldOutFraction(fraction));
        return self();
    }

    /**
     * Where {@code O_sim} compares embeddings (default {@link ScoreSpace#FEATURES}; the paper's
     * eq. 13: {@link ScoreSpace#PROJECTION}).
     */
    public TrainerBuilder scoreSpace(ScoreSpace space) {
        s.score(r -> r.withSpace(space));
        return self();
    }

    /** False-positive rate the threshold is calibrated to (default 0.05). */
    public TrainerBuilder targetFpr(double fpr) {
        s.score(r -> r.withTargetFpr(fpr));
        return self();
    }

    /**
     * Adds the pixel term {@code O_pix} to the score (default off: similarity and head only, as in
     * the paper): the distance to the nearest training inlier in blurred, centred pixels. The
     * detector then keeps the training inliers' pixels (4 bytes per pixel per image) and scoring
     * costs one more nearest-neighbour search. See {@link ScoreRecipe.PixelTerm} for what was measured.
     */
    public TrainerBuilder pixelTerm(boolean on) {
        s.score(r -> r.withPixelTerm(on ? s.pixel : null));
        return self();
    }

    /**
     * The pixel term's blur {@link ScoreRecipe.PixelTerm#blur} (default 1; 0 compares raw pixels).
     *
     * @throws IllegalArgumentException if {@code sigma} is negative or not finite
     */
    public TrainerBuilder pixelBlur(double sigma) {
        s.pixel(p -> p.withBlur(sigma));
        return self();
    }

    /** Whether the pixel term centres each image, {@link ScoreRecipe.PixelTerm#centre} (default true). */
    public TrainerBuilder pixelCentre(boolean on) {
        s.pixel(p -> p.withCentre(on));
        return self();
    }

    /**
     * The pixel term's weight {@link ScoreRecipe.PixelTerm#weight} (default 4; 1 weighs it like
     * the head, 0 drops it from the score while the detector still reports it).
     *
     * @throws IllegalArgumentException if {@code weight} is negative or not finite
     */
    public TrainerBuilder pixelWeight(double weight) {
        s.pixel(p -> p.withWeight(weight));
        return self();
    }

    /** How the embedding bank is stored (default float32; float16 halves its memory). */
    public TrainerBuilder bankPrecision(EmbeddingBank.Precision precision) {
        Objects.requireNonNull(precision, "precision");
        s.score(r -> r.withBankPrecision(precision));
        return self();
    }
}
