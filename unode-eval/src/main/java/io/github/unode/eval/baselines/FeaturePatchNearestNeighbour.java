package io.github.unode.eval.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import io.github.unode.core.EmptyDataException;
import io.github.unode.core.ImageShape;
import io.github.unode.data.ImageSet;
import io.github.unode.internal.NearestSearch;
import java.util.Arrays;

/**
 * A patch-level nearest-neighbour memory bank on a network's feature maps, in PatchCore's manner
 * (Roth et al. 2022, without its greedy coreset and without its pretrained network): every
 * position of the maps after the given ResNet-18 stages is a patch feature; each map is first
 * averaged over the 3x3 neighbourhood of every position (PatchCore's local aggregation; zero
 * padding not counted), the coarser maps are repeated up to the finest map's size and the maps are
 * joined along their channels. The bank keeps the patch features of the training inliers (a
 * seeded uniform subset of {@code maxBank} when there are more), and an image's novelty is the
 * largest, over its positions, of the Euclidean distance from the position's feature to its
 * nearest bank feature.
 *
 * <p>Which network gives the maps is the caller's: the trained encoder of a detector
 * ({@code NoveltyDetector::featureMap}) or a freshly initialised one ({@code ModelFeatures}).
 */
public final class FeaturePatchNearestNeighbour implements AutoCloseable {
    private static final int QUERY_BLOCK = 1024;
    private static final int BANK_BLOCK = 4096;
    private static final int BATCH = 64;

    /** A network's map after a stage for a batch {@code (B, C, H, W)} in [0, 1]. */
    @FunctionalInterface
    public interface Maps {
        /** The map {@code (B, C', H', W')}, attached to {@code target}. */
        NDArray of(NDArray batch, int stage, NDManager target);
    }

    private final NDManager manager;
    private final NearestSearch search;
    private final Maps maps;
    private final int[] stages;
    private final ImageShape shape;
    private final int bankSize;
    private final int dims;

    private FeaturePatchNearestNeighbour(NDManager manager, NDArray bank, Maps maps, int[] stages, ImageShape shape) {
        this.manager = manager;
        this.maps = maps;
        this.stages = stages;
        this.shape = shape;
        this.bankSize = Math.toIntExact(bank.getShape().get(0));
        this.dims = Math.toIntExact(bank.getShape().get(1));
        // small blocks: a batch's positions are tens of thousands of queries, and one product of
        // all of them with an 8,192-row bank block is gigabytes of temporaries
        this.search = NearestSearch.over(bank, NearestSearch.Measure.EUCLIDEAN).queryBlock(QUERY_BLOCK).bankBlock(BANK_BLOCK);
    }

    /**
     * Builds the bank from the inliers' patch features.
     *
     * @param maps the network's maps
     * @param stages the stages whose maps are joined, finest first (e.g. {@code 2, 3})
     * @param maxBank the most patch features kept (a seeded uniform subset when there are more)
     * @throws EmptyDataException if there are no inliers
     * @throws IllegalArgumentException if no stage is given, or maxBank is below 1
     */
    public static FeaturePatchNearestNeighbour fit(ImageSet inliers, Maps maps, int[] stages, int maxBank, long seed) {
        if (inliers.isEmpty()) {
            throw new EmptyDataException("the feature-patch nearest-neighbour baseline needs at least one training image");
        }
        if (stages.length == 0) {
            throw new IllegalArgumentException("at least one stage is needed");
        }
        if (maxBank < 1) {
            throw new IllegalArgumentException("maxBank must be at least 1, got " + maxBank);
        }
        int[] st = stages.clone();
        float[][] parts = new float[(inliers.size() + BATCH - 1) / BATCH][];
        int d = 0;
        int total = 0;
        for (int from = 0, p = 0; from < inliers.size(); from += BATCH, p++) {
            try (NDManager scope = NDManager.newBaseManager()) {
                NDArray f = patchFeatures(inliers.batch(from, Math.min(inliers.size(), from + BATCH), scope), maps, st, scope);
                d = Math.toIntExact(f.getShape().get(1));
                parts[p] = f.toFloatArray();
                total += parts[p].length;
            }
        }
        float[] all = new float[total];
        int o = 0;
        for (float[] part : parts) {
            System.arraycopy(part, 0, all, o, part.length);
            o += part.length;
        }
        float[] kept = PatchNearestNeighbour.uniformSubset(all, d, maxBank, seed);
        NDManager manager = NDManager.newBaseManager();
        NDArray bank = manager.create(kept, new Shape(kept.length / d, d));
        return new FeaturePatchNearestNeighbour(manager, bank, maps, st, inliers.shape());
    }

    /**
     * The patch features of a batch, {@code (B H' W', C')}: rows image by image, positions row by
     * row, attached to {@code target}.
     */
    static NDArray patchFeatures(NDArray batch, Maps maps, int[] stages, NDManager target) {
        NDList joined = new NDList();
        long h = 0;
        long w = 0;
        for (int i = 0; i < stages.length; i++) {
            NDArray m = maps.of(batch, stages[i], target);
            m = localMean(m);
            if (i == 0) {
                h = m.getShape().get(2);
                w = m.getShape().get(3);
            } else {
                long fy = (h + m.getShape().get(2) - 1) / m.getShape().get(2);
                long fx = (w + m.getShape().get(3) - 1) / m.getShape().get(3);
                m = m.repeat(2, fy).repeat(3, fx).get(":, :, 0:" + h + ", 0:" + w);
            }
            joined.add(m);
        }
        NDArray all = joined.size() == 1 ? joined.get(0) : ai.djl.ndarray.NDArrays.concat(joined, 1);
        long c = all.getShape().get(1);
        return all.transpose(0, 2, 3, 1).reshape(-1, c);
    }

    /**
     * The mean over the 3x3 neighbourhood of every position, over the positions inside the map:
     * the zero-padded average divided by the same average of ones, which is right whichever way
     * the engine counts the padding (DJL 0.36's PyTorch engine counted it with
     * {@code countIncludePad} false).
     */
    static NDArray localMean(NDArray map) {
        Shape k = new Shape(3, 3);
        Shape one = new Shape(1, 1);
        NDArray sum = Pool.avgPool2d(map, k, one, one, false, true);
        NDArray count = Pool.avgPool2d(map.getManager().ones(new Shape(1, 1, map.getShape().get(2), map.getShape().get(3))),
                k, one, one, false, true);
        return sum.div(count);
    }

    /** Patch features kept in the bank. */
    public int bankSize() {
        return bankSize;
    }

    /** Values per patch feature (the joined maps' channels). */
    public int dimensions() {
        return dims;
    }

    /** The stages whose maps are joined. */
    public int[] stages() {
        return stages.clone();
    }

    /** Novelty of every image: the largest nearest-bank distance over its positions (higher = more novel). */
    public double[] score(ImageSet images) {
        shape.require(images.shape(), images.name());
        double[] out = new double[images.size()];
        for (int from = 0; from < images.size(); from += BATCH) {
            int to = Math.min(images.size(), from + BATCH);
            float[] min;
            try (NDManager scope = manager.newSubManager()) {
                NDArray q = patchFeatures(images.batch(from, to, scope), maps, stages, scope);
                min = search.nearest(q, 1);
            }
            int per = min.length / (to - from);
            for (int i = from; i < to; i++) {
                float best = 0;
                for (int j = (i - from) * per, e = j + per; j < e; j++) {
                    best = Math.max(best, min[j]);
                }
                out[i] = best;
            }
        }
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }

    @Override
    public String toString() {
        return "FeaturePatchNearestNeighbour(stages " + Arrays.toString(stages) + ", " + bankSize + " x " + dims + ")";
    }
}
