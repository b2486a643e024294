package io.github.unode.train;

import static io.github.unode.train.Checks.check;

import java.util.Objects;

/**
 * The training loss (METHOD 4.3-4.4): a {@link Recipe}'s {@link Recipe#loss()}. (Not DJL's
 * {@code ai.djl.training.loss.Loss}: {@link Losses} computes this one.)
 *
 * @param contrastiveForm the contrastive loss's form
 * @param temperature its temperature
 * @param contrastiveWeight its weight (0 trains the head alone)
 * @param crossEntropyReduction how the head's cross-entropy is reduced over the batch
 * @param crossEntropyWeight its weight {@code lambda_ce} (0 trains the contrastive loss alone)
 */
public record Loss(Losses.ContrastiveForm contrastiveForm, float temperature, float contrastiveWeight,
        Losses.CrossEntropyReduction crossEntropyReduction, float crossEntropyWeight) {
    /** Validates every setting; at least one weight must be positive. */
    public Loss {
        Objects.requireNonNull(contrastiveForm, "the contrastive form must be given");
        Objects.requireNonNull(crossEntropyReduction, "the cross-entropy reduction must be given");
        check(temperature > 0 && Float.isFinite(temperature), "temperature must be positive, got " + temperature);
        check(contrastiveWeight >= 0 && Float.isFinite(contrastiveWeight),
                "contrastive weight must be non-negative, got " + contrastiveWeight);
        check(crossEntropyWeight >= 0 && Float.isFinite(crossEntropyWeight),
                "cross-entropy weight must be non-negative, got " + crossEntropyWeight);
        check(contrastiveWeight > 0 || crossEntropyWeight > 0,
                "the contrastive and cross-entropy weights cannot both be 0: nothing would be learned");
    }

    /** This loss with another contrastive form. */
    public Loss withContrastiveForm(Losses.ContrastiveForm f) {
        return new Loss(f, temperature, contrastiveWeight, crossEntropyReduction, crossEntropyWeight);
    }

    /** This loss with another temperature. */
    public Loss withTemperature(float t) {
        return new Loss(contrastiveForm, t, contrastiveWeight, crossEntropyReduction, crossEntropyWeight);
    }

    /** This loss with another weight of the contrastive term. */
    public Loss withContrastiveWeight(float w) {
        return new Loss(contrastiveForm, temperature, w, crossEntropyReduction, crossEntropyWeight);
    }

    /** This loss with the head's cross-entropy reduced another way. */
    public Loss withCrossEntropyReduction(Losses.CrossEntropyReduction r) {
        return new Loss(contrastiveForm, temperature, contrastiveWeight, r, crossEntropyWeight);
    }

    /** This loss with both weights replaced at once (one of them may go to 0 as the other leaves it). */
    public Loss withWeights(float contrastive, float crossEntropy) {
        return new Loss(contrastiveForm, temperature, contrastive, crossEntropyReduction, crossEntropy);
    }

    /** This loss with another weight of the head's cross-entropy. */
    public Loss withCrossEntropyWeight(float w) {
        return new Loss(contrastiveForm, temperature, contrastiveWeight, crossEntropyReduction, w);
    }
}
