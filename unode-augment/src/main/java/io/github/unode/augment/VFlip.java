package io.github.unode.augment;

import ai.djl.ndarray.NDArray;
import io.github.unode.core.RandomSource;

/** Upside-down flip of every image (METHOD section 2). Deterministic: draws nothing. */
public final class VFlip implements Augmentation {
    /** The vertical-flip augmentation; it has no settings. */
    public VFlip() {}

    @Override
    public String name() {
        return "vflip";
    }

    @Override
    public NDArray apply(NDArray batch, RandomSource random) {
        ImageOps.requireBatch(batch);
        return batch.flip(2);
    }

    /** The name and every parameter: part of the AutoAugOOD cache key. */
    @Override
    public String toString() {
        return "vflip";
    }
}
