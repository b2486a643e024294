package io.github.unode.augment;

import ai.djl.ndarray.NDArray;
import io.github.unode.core.RandomSource;

/**
 * Strong Gaussian blur with {@code sigma = H x sigmaFraction} (METHOD section 2: sigma ~ H/16),
 * separable, edges reflected. Deterministic: draws nothing.
 */
public final class Blur implements Augmentation {
    private final double sigmaFraction;

    public Blur() {
        this(1.0 / 16);
    }

    /** @param sigmaFraction sigma as a fraction of the image height */
    public Blur(double sigmaFraction) {
        if (!(sigmaFraction > 0 && sigmaFraction < 1)) {
            throw new IllegalArgumentException("blur sigma fraction must lie in (0, 1), got " + sigmaFraction);
        }
        this.sigmaFraction = sigmaFraction;
    }

    @Override
    public String name() {
        return "blur";
    }

    @Override
    public NDArray apply(NDArray batch, RandomSource random) {
        ImageOps.requireBatch(batch);
        double sigma = batch.getShape().get(2) * sigmaFraction;
        return ImageOps.gaussianBlur(batch, sigma).clip(0f, 1f);
    }

    /** The name and every parameter: part of the AutoAugOOD cache key. */
    @Override
    public String toString() {
        return "blur(sigma=H*" + sigmaFraction + ")";
    }
}
