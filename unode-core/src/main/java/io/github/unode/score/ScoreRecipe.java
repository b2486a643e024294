package io.github.unode.score;

import java.util.Objects;

/**
 * The score part of a recipe: how a trained network becomes a calibrated {@link NoveltyScorer}
 * (METHOD section 6). Read by {@link Calibrator}; the trainer reads {@link #holdOutFraction} to
 * keep that share of the inliers out of training and out of the bank.
 *
 * @param space the space of {@code O_sim}
 * @param head how the head's verdict enters the score, {@code O_bin}
 * @param bankPrecision how the embedding bank is stored
 * @param holdOutFraction share of the inliers kept out of training and of the bank, on which
 *     {@code lambda}, {@code mu} and the threshold are calibrated, in {@code (0, 0.5)}
 * @param targetFpr false-positive rate of the calibrated threshold, in {@code (0, 1)}
 * @param pixelTerm the pixel term {@code O_pix}, or null for similarity and head only
 */
public record ScoreRecipe(ScoreSpace space, HeadScore head, EmbeddingBank.Precision bankPrecision,
        double holdOutFraction, double targetFpr, PixelTerm pixelTerm) {

    /**
     * The pixel term: the distance to the nearest training inlier between images blurred and
     * (optionally) centred on their mean, weighted against the similarity. On a CPU budget it
     * measured better on Fashion-MNIST (docs/accuracy.md). What each setting measured, on a
     * validation split of the Fashion-MNIST training set (per class 5,000 images to train on,
     * 1,000 held out; the default recipe otherwise):
     * <ul>
     *   <li>{@code blur}: blurring makes the distance compare shapes rather than pixel-exact
     *       detail; 1-NN novelty detection rose from 92.3 to 93.9 mean AUROC with sigma 1, which
     *       was best of 0.7, 1, 1.5, 2, 2.5 and 3;
     *   <li>{@code centre}: a uniformly brighter or darker copy of an inlier is then as close as
     *       the inlier; it raised 1-NN's mean AUROC from 93.9 to 94.0 and lowered its spread over
     *       the classes from 4.0 to 3.9;
     *   <li>{@code weight}: 1, 2, 3, 4 and 8 gave mean AUROCs of 93.9, 94.4, 94.5, 94.6 and 94.5,
     *       with spreads over the classes of 4.4, 4.0, 3.9, 3.8 and 3.6: an encoder trained for
     *       minutes knows less than the pixels.
     * </ul>
     *
     * @param blur standard deviation in pixels of the Gaussian blur of bank and query images (0: raw pixels)
     * @param centre whether each image's mean value is subtracted after the blur
     * @param weight a multiple of the term's balance against the similarity on held-out inliers
     *     (1 weighs it like the head; 0 drops it from the score while the detector still reports it)
     */
    public record PixelTerm(double blur, boolean centre, double weight) {
        /** Validates the blur and the weight. */
        public PixelTerm {
            GaussianBlur.ofSigma(blur);
            NoveltyScorer.checkPixelWeight(weight);
        }

        /** This term with another blur. */
        public PixelTerm withBlur(double sigma) {
            return new PixelTerm(sigma, centre, weight);
        }

        /** This term centring each image, or not. */
        public PixelTerm withCentre(boolean on) {
            return new PixelTerm(blur, on, weight);
        }

        /** This term with another weight. */
        public PixelTerm withWeight(double w) {
            return new PixelTerm(blur, centre, w);
        }
    }

    /** Validates every part; messages name the bad value. */
    public ScoreRecipe {
        Objects.requireNonNull(space, "the score space must be given");
        Objects.requireNonNull(head, "the head score must be given");
        Objects.requireNonNull(bankPrecision, "the bank precision must be given");
        if (!(holdOutFraction > 0 && holdOutFraction < 0.5)) {
            throw new IllegalArgumentException("hold-out fraction must lie in (0, 0.5), got " + holdOutFraction);
        }
        if (!(targetFpr > 0 && targetFpr < 1)) {
            throw new IllegalArgumentException("target false-positive rate must lie in (0, 1), got " + targetFpr);
        }
    }

    /** The pixel term, if the score has one. */
    public java.util.Optional<PixelTerm> pixel() {
        return java.util.Optional.ofNullable(pixelTerm);
    }

    /**
     * A score in {@code space} calibrated to {@code targetFpr}, with METHOD's other defaults:
     * {@code O_bin} as {@link HeadScore#LOG_ODDS}, a float32 bank, a hold-out share of 0.1 and
     * no pixel term.
     */
    public static ScoreRecipe of(ScoreSpace space, double targetFpr) {
        return new ScoreRecipe(space, HeadScore.LOG_ODDS, EmbeddingBank.Precision.FLOAT32, 0.1, targetFpr, null);
    }

    /** This score with {@code O_sim} in another space. */
    public ScoreRecipe withSpace(ScoreSpace s) {
        return new ScoreRecipe(s, head, bankPrecision, holdOutFraction, targetFpr, pixelTerm);
    }

    /** This score calibrated on another share of held-out inliers. */
    public ScoreRecipe withHoldOutFraction(double f) {
        return new ScoreRecipe(space, head, bankPrecision, f, targetFpr, pixelTerm);
    }

    /** This score's threshold calibrated to another false-positive rate. */
    public ScoreRecipe withTargetFpr(double fpr) {
        return new ScoreRecipe(space, head, bankPrecision, holdOutFraction, fpr, pixelTerm);
    }

    /** This score with {@code O_bin} as {@code h} says. */
    public ScoreRecipe withHead(HeadScore h) {
        return new ScoreRecipe(space, h, bankPrecision, holdOutFraction, targetFpr, pixelTerm);
    }

    /** This score with the bank stored at {@code precision}. */
    public ScoreRecipe withBankPrecision(EmbeddingBank.Precision precision) {
        return new ScoreRecipe(space, head, precision, holdOutFraction, targetFpr, pixelTerm);
    }

    /** This score with pixel term {@code term} (null: none). */
    public ScoreRecipe withPixelTerm(PixelTerm term) {
        return new ScoreRecipe(space, head, bankPrecision, holdOutFraction, targetFpr, term);
    }
}
