package io.github.unode.eval.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.unode.core.EmptyDataException;
import io.github.unode.core.Engines;
import io.github.unode.data.ImageSet;

/**
 * The raw-pixel nearest-neighbour novelty detector: the score of an image is its Euclidean
 * distance to the nearest training inlier, pixels as they are. A strong baseline on small grey
 * images; every report puts the method beside it.
 *
 * <p>Distances come from one blocked matrix product per block of test images,
 * {@code |a|^2 + |b|^2 - 2 a.b}, with a running minimum over blocks of the training set, so memory
 * stays bounded.
 */
public final class PixelNearestNeighbour implements AutoCloseable {
    private static final int QUERY_BLOCK = 512;
    private static final int BANK_BLOCK = 8192;

    private final NDManager manager;
    private final NDArray bank; // (M, D)
    private final NDArray bankSq; // (M)
    private final io.github.unode.core.ImageShape shape;

    private PixelNearestNeighbour(NDManager manager, NDArray bank, NDArray bankSq, io.github.unode.core.ImageShape shape) {
        this.manager = manager;
        this.bank = bank;
        this.bankSq = bankSq;
        this.shape = shape;
    }

    /** Keeps the training inliers (copied). */
    public static PixelNearestNeighbour fit(ImageSet inliers) {
        if (inliers.isEmpty()) {
            throw new EmptyDataException("the nearest-neighbour baseline needs at least one training image");
        }
        NDManager m = NDManager.newBaseManager(inliers.images().getDevice());
        NDArray flat = Engines.ownedFloatCopy(inliers.images()).reshape(inliers.size(), -1);
        flat.attach(m);
        NDArray sq = flat.square().sum(new int[] {1});
        sq.attach(m);
        return new PixelNearestNeighbour(m, flat, sq, inliers.shape());
    }

    /** Distance of every image to its nearest training inlier (higher = more novel). */
    public double[] score(ImageSet images) {
        shape.require(images.shape(), images.name());
        int n = images.size();
        double[] out = new double[n];
        int m = (int) bank.getShape().get(0);
        for (int from = 0; from < n; from += QUERY_BLOCK) {
            int to = Math.min(n, from + QUERY_BLOCK);
            try (NDManager scope = manager.newSubManager(); Engines.GradMode g = Engines.noGrad()) {
                NDArray q = images.batch(from, to, scope).reshape(to - from, -1);
                NDArray qSq = q.square().sum(new int[] {1}, true);
                NDArray best = null;
                for (int b = 0; b < m; b += BANK_BLOCK) {
                    int e = Math.min(m, b + BANK_BLOCK);
                    NDArray d2 = qSq.add(bankSq.get(b + ":" + e).reshape(1, -1))
                            .sub(q.matMul(bank.get(b + ":" + e).transpose()).mul(2f));
                    NDArray blockMin = d2.min(new int[] {1});
                    best = best == null ? blockMin : best.minimum(blockMin);
                }
                float[] v = best.maximum(0f).sqrt().toFloatArray();
                for (int i = 0; i < v.length; i++) {
                    out[from + i] = v[i];
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
