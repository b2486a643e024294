package io.github.unode.eval.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.unode.core.EmptyDataException;
import io.github.unode.core.ImageShape;
import io.github.unode.data.ImageSet;
import io.github.unode.internal.NearestSearch;
import java.util.Random;

/**
 * A patch-level nearest-neighbour memory bank in the manner of PatchCore (Roth et al. 2022), with
 * no pretrained network: the bank holds the raw pixel patches of the training inliers, each patch
 * centred on its own mean (so a patch is compared by its texture, not its brightness), and an
 * image's novelty is the largest, over its patches, of the Euclidean distance from the patch to
 * its nearest bank patch. A defect a few pixels wide is thus scored by the one patch that holds
 * it, where an image-level nearest neighbour averages it away.
 *
 * <p>Patches are {@code patch x patch} pixels with every channel (vectors of {@code C patch^2}),
 * taken every {@code stride} pixels from the top-left corner (positions that would overrun the
 * image are not taken). When the inliers give more than {@code maxBank} patches, a uniformly
 * random subset of {@code maxBank} is kept (seeded); PatchCore's greedy coreset is not
 * implemented. The search is a blocked matrix product with a running minimum.
 */
public final class PatchNearestNeighbour implements AutoCloseable {
    private static final int BLOCK = 4096;

    private final NDManager manager;
    private final NDArray bank;
    private final NearestSearch search;
    private final ImageShape shape;
    private final int patch;
    private final int stride;

    private PatchNearestNeighbour(NDManager manager, NDArray bank, ImageShape shape, int patch, int stride) {
        this.manager = manager;
        this.bank = bank;
        this.shape = shape;
        this.patch = patch;
        this.stride = stride;
        this.search = NearestSearch.over(bank, NearestSearch.Measure.EUCLIDEAN).bankBlock(BLOCK * 2);
    }

    /**
     * Builds the bank from the inliers' patches.
     *
     * @param patch side of a patch in pixels (at most the image's height and width)
     * @param stride step between patch positions, at least 1
     * @param maxBank the most patches kept (a seeded uniform subset when there are more)
     * @param seed seed of the subset
     * @throws EmptyDataException if there are no inliers
     * @throws IllegalArgumentException if the patch does not fit the images, or stride or maxBank is below 1
     */
    public static PatchNearestNeighbour fit(ImageSet inliers, int patch, int stride, int maxBank, long seed) {
        if (inliers.isEmpty()) {
            throw new EmptyDataException("the patch nearest-neighbour baseline needs at least one training image");
        }
        ImageShape s = inliers.shape();
        if (patch < 1 || patch > s.height() || patch > s.width()) {
            throw new IllegalArgumentException("patch side must be between 1 and the image's side (" + s + "), got " + patch);
        }
        if (stride < 1) {
            throw new IllegalArgumentException("stride must be at least 1, got " + stride);
        }
        if (maxBank < 1) {
            throw new IllegalArgumentException("maxBank must be at least 1, got " + maxBank);
        }
        float[] all = patches(inliers.toFloatArray(), s, patch, stride);
        int d = s.channels() * patch * patch;
        float[] kept = uniformSubset(all, d, maxBank, seed);
        int m = kept.length / d;
        NDManager manager = NDManager.newBaseManager();
        NDArray bank = manager.create(kept, new Shape(m, d));
        return new PatchNearestNeighbour(manager, bank, s, patch, stride);
    }

    /** Patches kept in the bank. */
    public int bankSize() {
        return (int) bank.getShape().get(0);
    }

    /** Patch positions per image. */
    public int positions() {
        return positions(shape.height(), patch, stride) * positions(shape.width(), patch, stride);
    }

    /** Novelty of every image: the largest nearest-bank-patch distance over its patches (higher = more novel). */
    public double[] score(ImageSet images) {
        float[][] p = patchDistances(images);
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            float best = 0;
            for (float v : p[i]) {
                best = Math.max(best, v);
            }
            out[i] = best;
        }
        return out;
    }

    /**
     * Distance of every patch of every image to its nearest bank patch, [image][position], positions
     * row by row.
     */
    public float[][] patchDistances(ImageSet images) {
        shape.require(images.shape(), images.name());
        int per = positions();
        int d = shape.channels() * patch * patch;
        int n = images.size();
        float[][] out = new float[n][per];
        int imagesPerBlock = Math.max(1, BLOCK / per);
        for (int from = 0; from < n; from += imagesPerBlock) {
            int to = Math.min(n, from + imagesPerBlock);
            float[] q;
            try (NDManager scope = NDManager.newBaseManager()) {
                q = patches(images.batch(from, to, scope).toFloatArray(), shape, patch, stride);
            }
            float[] min = minDistance(q, q.length / d, d);
            for (int i = from; i < to; i++) {
                System.arraycopy(min, (i - from) * per, out[i], 0, per);
            }
        }
        return out;
    }

    private float[] minDistance(float[] q, int rows, int d) {
        try (NDManager scope = manager.newSubManager()) {
            return search.nearest(scope.create(q, new Shape(rows, d)), 1);
        }
    }

    /**
     * The rows of {@code all} ({@code d} values each) when there are at most {@code max}; else a
     * seeded uniform subset of {@code max} of them (a partial Fisher-Yates shuffle: the first
     * {@code max} of the shuffled order, in that order).
     */
    static float[] uniformSubset(float[] all, int d, int max, long seed) {
        int total = all.length / d;
        if (total <= max) {
            return all;
        }
        int[] idx = new int[total];
        for (int i = 0; i < total; i++) {
            idx[i] = i;
        }
        Random r = new Random(seed);
        for (int i = 0; i < max; i++) {
            int j = i + r.nextInt(total - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        float[] kept = new float[max * d];
        for (int i = 0; i < max; i++) {
            System.arraycopy(all, idx[i] * d, kept, i * d, d);
        }
        return kept;
    }

    static int positions(int side, int patch, int stride) {
        return (side - patch) / stride + 1;
    }

    /**
     * Every patch of every image in {@code chw} (images one after another, channel-major), each
     * centred on its own mean over all its values; patches image by image, positions row by row,
     * each patch channel by channel then row by row.
     */
    static float[] patches(float[] chw, ImageShape s, int patch, int stride) {
        int c = s.channels();
        int h = s.height();
        int w = s.width();
        int py = positions(h, patch, stride);
        int px = positions(w, patch, stride);
        int d = c * patch * patch;
        int n = chw.length / s.pixels();
        float[] out = new float[n * py * px * d];
        int o = 0;
        for (int i = 0; i < n; i++) {
            int base = i * s.pixels();
            for (int y = 0; y < py; y++) {
                for (int x = 0; x < px; x++) {
                    int start = o;
                    double sum = 0;
                    for (int k = 0; k < c; k++) {
                        for (int yy = 0; yy < patch; yy++) {
                            int row = base + k * h * w + (y * stride + yy) * w + x * stride;
                            for (int xx = 0; xx < patch; xx++) {
                                float v = chw[row + xx];
                                out[o++] = v;
                                sum += v;
                            }
                        }
                    }
                    float mean = (float) (sum / d);
                    for (int j = start; j < o; j++) {
                        out[j] -= mean;
                    }
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
