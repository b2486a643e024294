package io.github.unode.train;

import ai.djl.training.tracker.Tracker;

/**
 * Linear warm-up from {@code base} to {@code peak} over the first {@code warmupSteps} updates,
 * then cosine decay from {@code peak} to 0 at {@code totalSteps} (METHOD 4.7: base 0.1, peak
 * 10 x base, warm-up 10% of the steps). Update numbers count from 1, as DJL's optimisers pass
 * them.
 */
public final class WarmupCosineTracker implements Tracker {
    private final float base;
    private final float peak;
    private final int warmupSteps;
    private final int totalSteps;

    /**
     * @param base learning rate at the first update
     * @param peak learning rate at the end of warm-up
     * @param warmupSteps number of warm-up updates, in {@code [0, totalSteps)}
     * @param totalSteps total number of updates of the run
     */
    public WarmupCosineTracker(float base, float peak, int warmupSteps, int totalSteps) {
        if (!(base >= 0) || !(peak >= 0) || Float.isInfinite(base) || Float.isInfinite(peak)) {
            throw new IllegalArgumentException("learning rates must be finite and non-negative, got base "
                    + base + " and peak " + peak);
        }
        if (totalSteps < 1 || warmupSteps < 0 || warmupSteps >= totalSteps) {
            throw new IllegalArgumentException("need 0 <= warmupSteps < totalSteps, got " + warmupSteps
                    + " and " + totalSteps);
        }
        this.base = base;
        this.peak = peak;
        this.warmupSteps = warmupSteps;
        this.totalSteps = totalSteps;
    }

    @Override
    public float getNewValue(int numUpdate) {
        int step = Math.max(0, numUpdate - 1); // 0-based
        if (step < warmupSteps) {
            return base + (peak - base) * step / warmupSteps;
        }
        int decay = totalSteps - warmupSteps;
        double progress = Math.min(1.0, (double) (step - warmupSteps) / decay);
        return (float) (peak * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }
}
