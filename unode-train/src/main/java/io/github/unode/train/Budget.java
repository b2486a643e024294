package io.github.unode.train;

import static io.github.unode.train.Checks.check;

/** How long a {@link Recipe} trains, and on batches of how many inliers: its {@link Recipe#budget()}. */
public sealed interface Budget permits Budget.Epochs, Budget.Steps {
    /** Inliers per step {@code B}; each step forwards {@code 4B} views. */
    int batchSize();

    /** This budget with another batch size. */
    default Budget withBatchSize(int b) {
        return this instanceof Steps s ? new Steps(s.steps(), b) : new Epochs(((Epochs) this).epochs(), b);
    }

    /**
     * A fixed number of epochs.
     *
     * @param epochs passes over the training inliers
     * @param batchSize inliers per step
     */
    record Epochs(int epochs, int batchSize) implements Budget {
        /** Validates both counts. */
        public Epochs {
            check(epochs >= 1, "epochs must be at least 1, got " + epochs);
            check(batchSize >= 1, "batch size must be at least 1, got " + batchSize);
        }
    }

    /**
     * About this many optimiser steps: {@code max(1, round(steps / stepsPerEpoch))} epochs, the
     * same compute for small and large inlier sets.
     *
     * @param steps optimiser steps
     * @param batchSize inliers per step
     */
    record Steps(int steps, int batchSize) implements Budget {
        /** Validates both counts. */
        public Steps {
            check(steps >= 1, "steps must be at least 1, got " + steps);
            check(batchSize >= 1, "batch size must be at least 1, got " + batchSize);
        }
    }
}
