package io.github.unode.train;

import static io.github.unode.train.Checks.check;

import io.github.unode.score.ScoreSpace;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The numeric recipe of a run (METHOD section 4), immutable and validated. Built by
 * {@link TrainerBuilder}; the defaults are the method's.
 *
 * @param epochs passes over the training inliers
 * @param batchSize inliers per step {@code B}; each step forwards {@code 4B} views
 * @param learningRate base learning rate (0.1)
 * @param peakMultiplier the warm-up ends at {@code peakMultiplier x learningRate} (10)
 * @param warmupFraction share of all steps spent warming up (0.1), used when {@code warmupSteps < 0}
 * @param warmupSteps optimiser steps spent warming up, or -1 to use {@code warmupFraction} (the
 *     paper gives 10 warm-up steps)
 * @param temperature NT-Xent temperature (0.5)
 * @param crossEntropyWeight {@code lambda_ce} (1)
 * @param contrastiveWeight weight of the contrastive loss (1; 0 trains the head alone, the
 *     "cross-entropy only" row of the paper's Table 5)
 * @param contrastiveForm the contrastive loss's form (anchors, denominator, scale)
 * @param crossEntropyReduction how the head's cross-entropy is reduced over the batch
 * @param negativeDraw how negatives are drawn for a batch and shared between the two views
 * @param momentum SGD momentum (0.9)
 * @param weightDecay weight decay (1e-6)
 * @param trustCoefficient LARS trust coefficient (0.001)
 * @param larsExcludeBiasAndNorm whether LARS leaves biases and batch-norm parameters out of the
 *     trust ratio and the weight decay, as SimCLR's LARS does (false)
 * @param maxCompositions {@code r_max}: at most this many hard augmentations per negative (2)
 * @param holdOutFraction share of inliers kept out of training and of the bank, for calibration
 * @param scoreSpace the space of {@code O_sim}
 * @param targetFpr false-positive rate of the calibrated threshold (0.05)
 * @param seed the seed of every random draw
 */
public record TrainingConfig(int epochs, int batchSize, float learningRate, float peakMultiplier,
        double warmupFraction, int warmupSteps, float temperature, float crossEntropyWeight, float contrastiveWeight,
        Losses.ContrastiveForm contrastiveForm, Losses.CrossEntropyReduction crossEntropyReduction,
        NegativeDraw negativeDraw, float momentum, float weightDecay, float trustCoefficient,
        boolean larsExcludeBiasAndNorm, int maxCompositions, double holdOutFraction, ScoreSpace scoreSpace,
        double targetFpr, long seed) {

    /** The seed used when none is given. */
    public static final long DEFAULT_SEED = 20240617L;

    public TrainingConfig {
        positive("epochs", epochs);
        positive("batch size", batchSize);
        check(learningRate > 0 && Float.isFinite(learningRate), "learning rate must be positive, got " + learningRate);
        check(peakMultiplier >= 1 && Float.isFinite(peakMultiplier),
                "peak multiplier must be at least 1, got " + peakMultiplier);
        check(warmupFraction >= 0 && warmupFraction < 1, "warm-up fraction must lie in [0, 1), got " + warmupFraction);
        Loss.checkValues(temperature, contrastiveWeight, crossEntropyWeight);
        check(warmupSteps >= -1, "warm-up steps must be -1 (use the fraction) or non-negative, got " + warmupSteps);
        check(contrastiveForm != null, "the contrastive form must be given");
        check(crossEntropyReduction != null, "the cross-entropy reduction must be given");
        check(negativeDraw != null, "the negative draw must be given");
        check(momentum >= 0 && momentum < 1, "momentum must lie in [0, 1), got " + momentum);
        check(weightDecay >= 0 && Float.isFinite(weightDecay), "weight decay must be non-negative, got " + weightDecay);
        check(trustCoefficient > 0 && Float.isFinite(trustCoefficient),
                "LARS trust coefficient must be positive, got " + trustCoefficient);
        positive("maximum augmentations per negative", maxCompositions);
        check(holdOutFraction > 0 && holdOutFraction < 0.5,
                "hold-out fraction must lie in (0, 0.5), got " + holdOutFraction);
        check(scoreSpace != null, "score space must be given");
        check(targetFpr > 0 && targetFpr < 1, "target false-positive rate must lie in (0, 1), got " + targetFpr);
    }

    /** The warm-up's length in steps for a phase of {@code totalSteps} steps. */
    public int warmupStepsOf(int totalSteps) {
        return warmupSteps >= 0 ? Math.min(warmupSteps, totalSteps - 1) : (int) Math.floor(warmupFraction * totalSteps);
    }

    private static void positive(String what, int v) {
        check(v >= 1, what + " must be at least 1, got " + v);
    }

    /** Readable key/value pairs, saved with the detector. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("epochs", Integer.toString(epochs));
        m.put("batchSize", Integer.toString(batchSize));
        m.put("learningRate", Float.toString(learningRate));
        m.put("peakMultiplier", Float.toString(peakMultiplier));
        if (warmupSteps >= 0) {
            m.put("warmupSteps", Integer.toString(warmupSteps));
        } else {
            m.put("warmupFraction", Double.toString(warmupFraction));
        }
        m.put("temperature", Float.toString(temperature));
        m.put("crossEntropyWeight", Float.toString(crossEntropyWeight));
        m.put("contrastiveWeight", Float.toString(contrastiveWeight));
        m.put("contrastiveForm", contrastiveForm.name());
        m.put("crossEntropyReduction", crossEntropyReduction.name());
        m.put("negativeDraw", negativeDraw.name());
        m.put("momentum", Float.toString(momentum));
        m.put("weightDecay", Float.toString(weightDecay));
        m.put("trustCoefficient", Float.toString(trustCoefficient));
        m.put("larsExcludeBiasAndNorm", Boolean.toString(larsExcludeBiasAndNorm));
        m.put("maxCompositions", Integer.toString(maxCompositions));
        m.put("holdOutFraction", Double.toString(holdOutFraction));
        m.put("scoreSpace", scoreSpace.name());
        m.put("targetFpr", Double.toString(targetFpr));
        m.put("seed", Long.toString(seed));
        return m;
    }
}
