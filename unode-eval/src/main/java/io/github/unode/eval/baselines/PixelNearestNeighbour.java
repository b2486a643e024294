package io.github.unode.eval.baselines;

import io.github.unode.core.EmptyDataException;
import io.github.unode.core.ImageShape;
import io.github.unode.data.ImageSet;
import io.github.unode.score.PixelBank;

/**
 * The raw-pixel nearest-neighbour novelty detector: the score of an image is its Euclidean
 * distance to the nearest training inlier, pixels as they are. A strong baseline on small grey
 * images; every report puts the method beside it. The search is {@link PixelBank}'s (blocked
 * matrix products with a running minimum, so memory stays bounded), the same search as the pixel
 * term of UNODE's score.
 */
public final class PixelNearestNeighbour implements AutoCloseable {
    private static final int QUERY_BLOCK = 2048;

    private final PixelBank bank;
    private final ImageShape shape;

    private PixelNearestNeighbour(PixelBank bank, ImageShape shape) {
        this.bank = bank;
        this.shape = shape;
    }

    /** Keeps the training inliers (copied). */
    public static PixelNearestNeighbour fit(ImageSet inliers) {
        return fit(inliers, 0, false);
    }

    /**
     * Keeps the training inliers (copied) blurred by a Gaussian of {@code sigma} pixels (0: none)
     * and, with {@code centre}, each less its mean; images are scored blurred and centred alike
     * (see {@link PixelBank#of(ai.djl.ndarray.NDArray, double, boolean)}).
     *
     * @throws EmptyDataException if there are no inliers
     * @throws IllegalArgumentException if {@code sigma} is negative or not finite
     */
    public static PixelNearestNeighbour fit(ImageSet inliers, double sigma, boolean centre) {
        if (inliers.isEmpty()) {
            throw new EmptyDataException("the nearest-neighbour baseline needs at least one training image");
        }
        return new PixelNearestNeighbour(PixelBank.of(inliers.images(), sigma, centre), inliers.shape());
    }

    /** Distance of every image to its nearest training inlier (higher = more novel). */
    public double[] score(ImageSet images) {
        shape.require(images.shape(), images.name());
        int n = images.size();
        double[] out = new double[n];
        for (int from = 0; from < n; from += QUERY_BLOCK) {
            int to = Math.min(n, from + QUERY_BLOCK);
            try (ai.djl.ndarray.NDManager scope = ai.djl.ndarray.NDManager.newBaseManager()) {
                float[] v = bank.minDistance(images.batch(from, to, scope));
                for (int i = 0; i < v.length; i++) {
                    out[from + i] = v[i];
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        bank.close();
    }
}
