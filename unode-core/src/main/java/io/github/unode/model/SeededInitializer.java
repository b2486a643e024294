package io.github.unode.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;
import io.github.unode.core.RandomSource;

/**
 * Weight initialisation drawn from a {@link RandomSource}, so that the same seed gives the same
 * initial network whatever else the engine's global generator has done.
 *
 * <p>Convolution kernels {@code (out, in, kh, kw)} get He-normal with fan-out (std
 * {@code sqrt(2 / (out * kh * kw))}), as torchvision's and CSI's ResNets do; linear weights
 * {@code (out, in)} get PyTorch's default {@code U(-1/sqrt(in), 1/sqrt(in))}.
 */
public final class SeededInitializer implements Initializer {
    private final RandomSource random;

    public SeededInitializer(RandomSource random) {
        this.random = random;
    }

    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        int n = Math.toIntExact(shape.size());
        float[] values = new float[n];
        if (shape.dimension() == 4) {
            double std = Math.sqrt(2.0 / (shape.get(0) * shape.get(2) * shape.get(3)));
            float[] g = random.gaussians(n);
            for (int i = 0; i < n; i++) {
                values[i] = (float) (g[i] * std);
            }
        } else if (shape.dimension() == 2) {
            double bound = 1.0 / Math.sqrt(shape.get(1));
            for (int i = 0; i < n; i++) {
                values[i] = (float) ((2 * random.nextDouble() - 1) * bound);
            }
        } else {
            throw new IllegalArgumentException(
                    "SeededInitializer initialises 2-D and 4-D weights, got shape " + shape);
        }
        return manager.create(values, shape).toType(dataType, false);
    }
}
