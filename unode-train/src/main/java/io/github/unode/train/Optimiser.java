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

    /**
     * The warm-up's length in steps for a phase of {@code totalSteps} steps: {@code warmupSteps}
     * capped below the phase's length, else {@code floor(warmupFraction x totalSteps)}.
     */
    public int warmupStepsOf(int totalSteps) {
        return warmupSteps != null ? Math.min(warmupSteps, totalSteps - 1) : (int) Math.floor(warmupFraction * totalSteps);
    }

    /** This optimiser with another base learning rate. */
    public Optimiser withLearningRate(float lr) {
        return new Optimiser(lr, peakMultiplier, warmupFraction, warmupSteps, momentum, weightDecay, trustCoefficient,
                excludeBiasAndNorm, freezeEpochs, freezeFraction);
    }

    /** This optimiser with the warm-up ending at another multiple of the base rate. */
    public Optimiser withPeakMultiplier(float m) {
        return new Optimiser(learningRate, m, warmupFraction, warmupSteps, momentum, weightDecay, trustCoefficient,
                excludeBiasAndNorm, freezeEpochs, freezeFraction);
    }

    /** This optimiser warming up for a share of each phase's steps (and not a fixed number of steps). */
    public Optimiser withWarmupFraction(double f) {
        return new Optimiser(learningRate, peakMultiplier, f, null, momentum, weightDecay, trustCoefficient,
                excludeBiasAndNorm, freezeEpochs, freezeFraction);
    }

    /** This optimiser warming up for {@code steps} steps (null: for {@link #warmupFraction} of them). */
    public Optimiser withWarmupSteps(Integer steps) {
        return new Optimiser(learningRate, peakMultiplier, warmupFraction, steps, momentum, weightDecay,
                trustCoefficient, excludeBiasAndNorm, freezeEpochs, freezeFraction);
    }

    /** This optimiser with another momentum. */
    public Optimiser withMomentum(float m) {
        return new Optimiser(learningRate, peakMultiplier, warmupFraction, warmupSteps, m, weightDecay,
                trustCoefficient, excludeBiasAndNorm, freezeEpochs, freezeFraction);
    }

    /** This optimiser with another weight decay. */
    public Optimiser withWeightDecay(float d) {
        return new Optimiser(learningRate, peakMultiplier, warmupFraction, warmupSteps, momentum, d, trustCoefficient,
                excludeBiasAndNorm, freezeEpochs, freezeFraction);
    }

    /** This optimiser with another trust coefficient. */
    public Optimiser withTrustCoefficient(float t) {
        return new Optimiser(learningRate, peakMultiplier, warmupFraction, warmupSteps, momentum, weightDecay, t,
                excludeBiasAndNorm, freezeEpochs, freezeFraction);
    }

    /** This optimiser leaving biases and batch-norm parameters out of LARS's adaptation, or not. */
    public Optimiser withExcludeBiasAndNorm(boolean on) {
        return new Optimiser(learningRate, peakMultiplier, warmupFraction, warmupSteps, momentum, weightDecay,
                trustCoefficient, on, freezeEpochs, freezeFraction);
    }

    /** This optimiser keeping the earliest {@code fraction} of the encoder fixed for {@code epochs} epochs. */
    public Optimiser withFreeze(int epochs, double fraction) {
        return new Optimiser(learningRate, peakMultiplier, warmupFraction, warmupSteps, momentum, weightDecay,
                trustCoefficient, excludeBiasAndNorm, epochs, fraction);
    }
}
