package io.github.unode.augment;

import ai.djl.ndarray.NDArray;
import io.github.unode.core.RandomSource;

/** {@code 1 - x} (METHOD section 2). Deterministic: draws nothing. */
public final class Invert implements Augmentation {
    /** The inversion augmentation; it has no settings. */
    public Invert() {}

    @Override
    public String name() {
        return "invert";
    }

    @Override
    public NDArray apply(NDArray batch, RandomSource random) {
        ImageOps.requireBatch(batch);
        return batch.neg().add(1f);
    }

    /** The name and every parameter: part of the AutoAugOOD cache key. */
    @Override
    public String toString() {
        return "invert";
    }
}
