package io.github.unode.augment;

import ai.djl.ndarray.NDArray;
import io.github.unode.core.ImageShape;
import io.github.unode.core.RandomSource;
import java.util.Objects;

/**
 * {@code lam x + (1 - lam) t} with {@code lam ~ U(0.02, 0.1)} per image and {@code t} drawn from
 * user-supplied auxiliary images (METHOD section 2): the result is mostly the auxiliary image,
 * with a faint trace of the inlier.
 */
public final class Mixup implements Augmentation {
    private final AuxiliaryImages source;
    private final double minLambda;
    private final double maxLambda;

    public Mixup(AuxiliaryImages source) {
        this(source, 0.02, 0.1);
    }

    public Mixup(AuxiliaryImages source, double minLambda, double maxLambda) {
        this.source = Objects.requireNonNull(source, "mixup needs an auxiliary image source");
        if (!(minLambda >= 0 && minLambda <= maxLambda && maxLambda <= 1)) {
            throw new IllegalArgumentException("mixup needs 0 <= minLambda <= maxLambda <= 1, got " + minLambda + ", " + maxLambda);
        }
        this.minLambda = minLambda;
        this.maxLambda = maxLambda;
    }

    @Override
    public String name() {
        return "mixup";
    }

    @Override
    public NDArray apply(NDArray batch, RandomSource random) {
        ImageOps.requireBatch(batch);
        int b = (int) batch.getShape().get(0);
        float[] lam = new float[b];
        for (int i = 0; i < b; i++) {
            lam[i] = (float) random.nextDouble(minLambda, maxLambda + 1e-12);
        }
        NDArray t = source.draw(b, ImageShape.of(batch.getShape()), random, batch.getManager())
                .toDevice(batch.getDevice(), false);
        NDArray l = ImageOps.perImage(batch.getManager(), lam, batch);
        return batch.mul(l).add(t.mul(l.neg().add(1f))).clip(0f, 1f);
    }

    /** The name and every parameter: part of the AutoAugOOD cache key. */
    @Override
    public String toString() {
        return "mixup(lambda=[" + minLambda + ", " + maxLambda + "], source=" + source + ")";
    }
}
