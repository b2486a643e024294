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
        checkValues(temperature, contrastiveWeight, crossEntropyWeight);
    }

    /**
     * The loss's numeric checks, shared with {@link TrainingConfig}: a positive finite temperature,
     * finite non-negative weights, not both 0.
     */
    static void checkValues(float temperature, float contrastiveWeight, float crossEntropyWeight) {
        check(temperature > 0 && Float.isFinite(temperature), "temperature must be positive, got " + temperature);
        check(contrastiveWeight >= 0 && Float.isFinite(contrastiveWeight),
                "contrastive weight must be non-negative, got " + contrastiveWeight);
        check(crossEntropyWeight >= 0 && Float.isFinite(crossEntropyWeight),
                "cross-entropy weight must be non-negative, got " + crossEntropyWeight);
        check(contrastiveWeight > 0 || crossEntropyWeight > 0,
                "the contrastive and cross-entropy weights cannot both be 0: nothing would be learned");
    }
}
