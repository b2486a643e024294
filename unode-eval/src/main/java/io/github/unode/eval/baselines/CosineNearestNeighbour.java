package io.github.unode.eval.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.unode.core.EmptyDataException;
import io.github.unode.core.ImageShape;
import io.github.unode.data.ImageSet;
import io.github.unode.internal.Engines;
import io.github.unode.internal.NearestSearch;

/**
 * Raw-pixel nearest neighbour by cosine similarity: the novelty of an image is
 * {@code 1 - max_j cos(x, b_j)} over the training inliers {@code b_j}, pixels as they are (not
 * centred). Insensitive to an image's overall brightness (a scaled copy of an inlier scores 0),
 * which on handwritten digits beats the Euclidean distance. An all-zero image has no direction:
 * its similarity to everything is taken as 0, so it scores 1.
 */
public final class CosineNearestNeighbour implements AutoCloseable {
    private static final int BLOCK = 4096;

    private final NDManager manager;
    private final NearestSearch search;
    private final ImageShape shape;

    private CosineNearestNeighbour(NDManager manager, NDArray bank, ImageShape shape) {
        this.manager = manager;
        this.search = NearestSearch.over(bank, NearestSearch.Measure.COSINE).bankBlock(BLOCK);
        this.shape = shape;
    }

    /** Keeps the training inliers, L2-normalised (copied). */
    public static CosineNearestNeighbour fit(ImageSet inliers) {
        if (inliers.isEmpty()) {
            throw new EmptyDataException("the cosine nearest-neighbour baseline needs at least one training image");
        }
        NDManager m = NDManager.newBaseManager();
        try (NDManager scope = m.newSubManager(); Engines.GradMode g = Engines.noGrad()) {
            NDArray b = NearestSearch.normalised(flat(inliers.batch(0, inliers.size(), scope)));
            b.attach(m);
            return new CosineNearestNeighbour(m, b, inliers.shape());
        }
    }

    private static NDArray flat(NDArray images) {
        return images.reshape(images.getShape().get(0), -1);
    }

    /** {@code 1 - max cosine similarity} of every image to the training inliers (higher = more novel). */
    public double[] score(ImageSet images) {
        shape.require(images.shape(), images.name());
        int n = images.size();
        double[] out = new double[n];
        for (int from = 0; from < n; from += BLOCK) {
            int to = Math.min(n, from + BLOCK);
            try (NDManager scope = manager.newSubManager()) {
                float[] v = search.nearest(flat(images.batch(from, to, scope)), 1);
                for (int i = 0; i < v.length; i++) {
                    out[from + i] = 1.0 - v[i];
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}
