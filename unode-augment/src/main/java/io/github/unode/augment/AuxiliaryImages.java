package io.github.unode.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.unode.core.EmptyDataException;
import io.github.unode.core.ImageShape;
import io.github.unode.core.RandomSource;
import io.github.unode.data.ImageSet;

/**
 * A source of auxiliary images for {@link Mixup}: images that are not inliers (another data set,
 * natural images), supplied by the user. Implementations must be thread-safe.
 */
public interface AuxiliaryImages {

    /**
     * Draws {@code n} images of the given shape.
     *
     * @param n how many
     * @param shape their shape
     * @param random the source of the draw
     * @param manager where the result lives
     * @return {@code (n, C, H, W)} in [0, 1]
     */
    NDArray draw(int n, ImageShape shape, RandomSource random, NDManager manager);

    /**
     * Auxiliary images from a set, converted to the requested channel count (luma or
     * replication) and resized (bilinear) when shapes differ. The set is used, not copied: keep it
     * open while the source is in use.
     */
    static AuxiliaryImages of(ImageSet images) {
        if (images.isEmpty()) {
            throw new EmptyDataException("the auxiliary image set for mixup is empty");
        }
        return new AuxiliaryImages() {
            @Override
            public NDArray draw(int n, ImageShape shape, RandomSource random, NDManager manager) {
                return drawFrom(images, n, shape, random, manager);
            }

            @Override
            public String toString() {
                return "images(" + images.name() + ", sha256 " + images.fingerprint() + ")";
            }
        };
    }

    private static NDArray drawFrom(ImageSet images, int n, ImageShape shape, RandomSource random, NDManager manager) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = random.nextInt(images.size());
        }
        NDArray t = images.batch(idx, manager);
        ImageShape s = images.shape();
        if (s.channels() != shape.channels()) {
            if (shape.channels() == 1) {
                t = ImageOps.luma(t);
            } else if (s.channels() == 1) {
                t = t.repeat(1, shape.channels());
            } else {
                throw new IllegalArgumentException("cannot convert " + s.channels() + "-channel auxiliary images to "
                        + shape.channels() + " channels");
            }
        }
        if (s.height() != shape.height() || s.width() != shape.width()) {
            t = io.github.unode.internal.Engines.resize(t, shape.height(), shape.width(),
                    s.height() >= 2 * shape.height()).clip(0f, 1f);
        }
        return t;
    }
}
