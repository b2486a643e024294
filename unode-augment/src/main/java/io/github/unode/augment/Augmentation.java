package io.github.unode.augment;

import ai.djl.ndarray.NDArray;
import io.github.unode.core.RandomSource;

/**
 * One image transformation applied to a whole batch at once.
 *
 * <p>Contract: {@code apply} takes a float tensor {@code (B, C, H, W)} with values in [0, 1] on
 * any device and returns a new tensor of the same shape, dtype and device, with values in
 * [0, 1]. Each image gets its own random parameters, drawn from {@code random} in image order,
 * so that the same source state gives the same output. The input is never modified. The result
 * is attached to the input's manager. Implementations are immutable and thread-safe (all mutable
 * state is in the {@link RandomSource}).
 */
public interface Augmentation {

    /** A short, stable name ("rotate", "cutout", ...), used in weights, reports and saved files. */
    String name();

    /**
     * Transforms every image of the batch.
     *
     * @param batch tensor {@code (B, C, H, W)} in [0, 1]
     * @param random source of every random draw
     * @return a new tensor of the same shape
     */
    NDArray apply(NDArray batch, RandomSource random);
}
