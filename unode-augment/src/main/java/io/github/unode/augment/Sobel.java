package io.github.unode.augment;

import ai.djl.ndarray.NDArray;
import io.github.unode.core.RandomSource;

/**
 * The edge map of every image (METHOD section 2): Sobel gradient magnitude of the luma, edges
 * replicated, each image divided by its own maximum (an image without edges becomes 0), repeated
 * over the channels. Deterministic: draws nothing.
 */
public final class Sobel implements Augmentation {
    /** The Sobel-edge augmentation; it has no settings. */
    public Sobel() {}

    private static final float[] SMOOTH = {1, 2, 1};
    private static final float[] DIFF = {-1, 0, 1};

    @Override
    public String name() {
        return "sobel";
    }

    @Override
    public NDArray apply(NDArray batch, RandomSource random) {
        ImageOps.requireBatch(batch);
        NDArray grey = ImageOps.luma(batch);
        NDArray gx = ImageOps.separable(grey, SMOOTH, DIFF, false);
        NDArray gy = ImageOps.separable(grey, DIFF, SMOOTH, false);
        NDArray mag = gx.square().add(gy.square()).sqrt();
        long b = mag.getShape().get(0);
        NDArray max = mag.reshape(b, -1).max(new int[] {1}).reshape(b, 1, 1, 1);
        NDArray scaled = mag.div(max.maximum(1e-12f));
        long c = batch.getShape().get(1);
        return c == 1 ? scaled : scaled.repeat(1, c);
    }

    /** The name and every parameter: part of the AutoAugOOD cache key. */
    @Override
    public String toString() {
        return "sobel";
    }
}
