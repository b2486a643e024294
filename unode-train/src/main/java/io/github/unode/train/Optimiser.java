package io.github.unode.train;

import static io.github.unode.train.Checks.check;

/**
 * LARS with a linear warm-up and a cosine decay (METHOD 4.5): a {@link Recipe}'s
 * {@link Recipe#optimiser()}.
 *
 * @param learningRate base learning rate
 * @param peakMultiplier the warm-up ends at this multiple of the base rate
 * @param warmupFraction share of a phase's steps spent warming up, used when {@code warmupSteps} is null
 * @param warmupSteps optimiser steps spent warming up (capped at a phase's length), or null
 * @param momentum SGD momentum
 * @param weightDecay weight decay
 * @param trustCoefficient LARS trust coefficient
 * @param excludeBiasAndNorm whether LARS leaves biases and batch-norm parameters out of its
 *     trust ratio and weight decay, as SimCLR's LARS does
 * @param freezeEpochs epochs for which the earliest encoder parameters stay fixed (METHOD 4.8)
 * @param freezeFraction share of the encoder's parameters kept fixed then, in {@code (0, 1]}
 */
public record Optimiser(float learningRate, float peakMultiplier, double warmupFraction, Integer warmupSteps,
        float momentum, float weightDecay, float trustCoefficient, boolean excludeBiasAndNorm, int freezeEpochs,
        double freezeFraction) {
    /** Validates every setting. */
    public Optimiser {
        check(learningRate > 0 && Float.isFinite(learningRate), "learning rate must be positive, got " + learningRate);
        check(peakMultiplier >= 1 && Float.isFinite(peakMultiplier),
                "peak multiplier must be at least 1, got " + peakMultiplier);
        check(warmupFraction >= 0 && warmupFraction < 1, "warm-up fraction must lie in [0, 1), got " + warmupFraction);
        check(warmupSteps == null || warmupSteps >= 0, "warm-up steps must be non-negative, got " + warmupSteps);
        check(momentum >= 0 && momentum < 1, "momentum must lie in [0, 1), got " + momentum);
        check(weightDecay >= 0 && Float.isFinite(weightDecay), "weight decay must be non-negative, got " + weightDecay);
        check(trustCoefficient > 0 && Float.isFinite(trustCoefficient),
                "LARS trust coefficient must be positive, got " + trustCoefficient);
        check(freezeEpochs >= 0, "freeze epochs must be non-negative, got " + freezeEpochs);
        check(freezeFraction > 0 && freezeFraction <= 1, "freeze fraction must lie in (0, 1], got " + freezeFraction);
    }
}
