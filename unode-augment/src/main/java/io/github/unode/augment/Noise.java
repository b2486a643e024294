package io.github.unode.augment;

import ai.djl.ndarray.NDArray;
import io.github.unode.core.RandomSource;

/** Strong additive Gaussian noise, {@code clip(x + sigma N(0, 1), 0, 1)}, sigma 0.3 by default (METHOD section 2). */
public final class Noise implements Augmentation {
    private final double sigma;

    public Noise() {
        this(0.3);
    }

    public Noise(double sigma) {
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("noise sigma must be positive, got " + sigma);
        }
        this.sigma = sigma;
    }

    @Override
    public String name() {
        return "noise";
    }

    @Override
    public NDArray apply(NDArray batch, RandomSource random) {
        ImageOps.requireBatch(batch);
        float[] g = random.gaussians((int) batch.size());
        NDArray noise = batch.getManager().create(g, batch.getShape()).toDevice(batch.getDevice(), false);
        return batch.add(noise.mul((float) sigma)).clip(0f, 1f);
    }

    /** The name and every parameter: part of the AutoAugOOD cache key. */
    @Override
    public String toString() {
        return "noise(sigma=" + sigma + ")";
    }
}
