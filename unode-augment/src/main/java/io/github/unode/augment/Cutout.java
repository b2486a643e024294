package io.github.unode.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.unode.core.RandomSource;

/**
 * Zeroes one rectangle per image (METHOD section 2): height and width drawn uniformly in
 * {@code [minSide x H, maxSide x H)} (resp. W), default 1/6 to 1/4, placed uniformly so that it
 * lies inside the image.
 */
public final class Cutout implements Augmentation {
    private final double minSide;
    private final double maxSide;

    public Cutout() {
        this(1.0 / 6, 1.0 / 4);
    }

    /**
     * @param minSide smallest side as a fraction of the image side
     * @param maxSide largest side (exclusive) as a fraction of the image side
     */
    public Cutout(double minSide, double maxSide) {
        if (!(minSide > 0 && minSide < maxSide && maxSide <= 1)) {
            throw new IllegalArgumentException("cutout needs 0 < minSide < maxSide <= 1, got " + minSide + ", " + maxSide);
        }
        this.minSide = minSide;
        this.maxSide = maxSide;
    }

    /** A rectangle {@code [top, top + height) x [left, left + width)}. */
    public record Region(int top, int left, int height, int width) {}

    /** The result and the rectangle zeroed in each image. */
    public record Result(NDArray images, Region[] regions) {}

    @Override
    public String name() {
        return "cutout";
    }

    @Override
    public NDArray apply(NDArray batch, RandomSource random) {
        return applyWithRegions(batch, random).images();
    }

    /** Like {@link #apply}, also reporting the rectangles. */
    public Result applyWithRegions(NDArray batch, RandomSource random) {
        ImageOps.requireBatch(batch);
        int b = (int) batch.getShape().get(0);
        int h = (int) batch.getShape().get(2);
        int w = (int) batch.getShape().get(3);
        Region[] regions = new Region[b];
        for (int i = 0; i < b; i++) {
            int rh = side(h, random);
            int rw = side(w, random);
            int top = random.nextInt(h - rh + 1);
            int left = random.nextInt(w - rw + 1);
            regions[i] = new Region(top, left, rh, rw);
        }
        return new Result(zeroRegions(batch, regions), regions);
    }

    private int side(int n, RandomSource random) {
        int lo = Math.max(1, (int) Math.ceil(minSide * n));
        int hi = Math.max(lo + 1, (int) Math.ceil(maxSide * n)); // exclusive
        return Math.min(n, random.nextInt(lo, hi));
    }

    /** Zeroes the given rectangle of each image with one batched mask. */
    static NDArray zeroRegions(NDArray batch, Region[] regions) {
        NDManager m = batch.getManager();
        int b = regions.length;
        int h = (int) batch.getShape().get(2);
        int w = (int) batch.getShape().get(3);
        float[] top = new float[b];
        float[] bottom = new float[b];
        float[] left = new float[b];
        float[] right = new float[b];
        for (int i = 0; i < b; i++) {
            top[i] = regions[i].top();
            bottom[i] = regions[i].top() + regions[i].height();
            left[i] = regions[i].left();
            right[i] = regions[i].left() + regions[i].width();
        }
        NDArray rows = m.arange(0f, h).reshape(1, 1, h, 1).toDevice(batch.getDevice(), false);
        NDArray cols = m.arange(0f, w).reshape(1, 1, 1, w).toDevice(batch.getDevice(), false);
        NDArray inside = rows.gte(ImageOps.perImage(m, top, batch))
                .logicalAnd(rows.lt(ImageOps.perImage(m, bottom, batch)))
                .logicalAnd(cols.gte(ImageOps.perImage(m, left, batch)))
                .logicalAnd(cols.lt(ImageOps.perImage(m, right, batch)));
        NDArray keep = inside.logicalNot().toType(batch.getDataType(), false);
        return batch.mul(keep);
    }


    /** The name and every parameter: part of the AutoAugOOD cache key. */
    @Override
    public String toString() {
        return "cutout[" + minSide + ", " + maxSide + ")";
    }
}
