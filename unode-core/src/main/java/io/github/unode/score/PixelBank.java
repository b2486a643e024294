package io.github.unode.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.unode.core.EmptyDataException;
import io.github.unode.core.Engines;
import io.github.unode.core.ImageShapeException;

/**
 * Training inliers as raw pixel vectors, searched by Euclidean distance: the pixel term of the
 * score (and the raw-pixel nearest-neighbour baseline). Distances come from blocked matrix
 * products, {@code |a|^2 + |b|^2 - 2 a.b}, with a running minimum over blocks of the bank, so
 * memory stays bounded for any bank size. Thread-safe for concurrent searches; owns its memory
 * until {@link #close}.
 */
public final class PixelBank implements AutoCloseable {
    private static final int QUERY_BLOCK = 512;
    private static final int BANK_BLOCK = 8192;

    private final NDManager manager;
    private final NDArray rows; // (M, D)
    private final NDArray squares; // (M)
    private final int size;
    private final int dimension;

    private PixelBank(NDManager manager, NDArray rows) {
        this.manager = manager;
        this.rows = rows;
        this.size = (int) rows.getShape().get(0);
        this.dimension = (int) rows.getShape().get(1);
        this.squares = rows.square().sum(new int[] {1});
        this.squares.attach(manager);
    }

    /**
     * A bank of the given images (copied): {@code (M, C, H, W)} or {@code (M, D)}, float pixels.
     *
     * @throws EmptyDataException if there are no images
     */
    public static PixelBank of(NDArray images) {
        if (images.getShape().dimension() < 2 || images.getShape().get(0) == 0) {
            throw new EmptyDataException("a pixel bank needs at least one image, got shape " + images.getShape());
        }
        NDManager m = NDManager.newBaseManager(images.getDevice());
        NDArray flat = Engines.ownedFloatCopy(images).reshape(images.getShape().get(0), -1);
        flat.attach(m);
        return new PixelBank(m, flat);
    }

    /** A bank of {@code values.length / d} rows of {@code d} pixels (copied), as saved by {@link #toFloatArray}. */
    public static PixelBank of(float[] values, int d) {
        if (d < 1 || values.length == 0 || values.length % d != 0) {
            throw new IllegalArgumentException("a pixel bank needs a positive whole number of rows of " + d
                    + " values, got " + values.length + " values");
        }
        try (NDManager tmp = NDManager.newBaseManager()) {
            return of(tmp.create(values, new ai.djl.ndarray.types.Shape(values.length / d, d)));
        }
    }

    /** Number of images in the bank. */
    public int size() {
        return size;
    }

    /** Pixels per image. */
    public int dimension() {
        return dimension;
    }

    /** Memory the bank holds, in bytes (float32 rows). */
    public long bytes() {
        return (long) size * dimension * Float.BYTES;
    }

    /**
     * Euclidean distance of every query image to its nearest image in the bank.
     *
     * @param queries {@code (N, C, H, W)} or {@code (N, D)} with {@code C*H*W == D}
     * @throws ImageShapeException if a query does not have this bank's number of pixels
     */
    public float[] minDistance(NDArray queries) {
        long n = queries.getShape().get(0);
        long d = queries.getShape().dimension() < 2 ? -1 : queries.getShape().size() / Math.max(1, n);
        if (queries.getShape().dimension() < 2 || (n > 0 && d != dimension)) {
            throw new ImageShapeException("the pixel bank holds images of " + dimension + " values, the queries have shape "
                    + queries.getShape());
        }
        float[] out = new float[(int) n];
        for (int from = 0; from < n; from += QUERY_BLOCK) {
            int to = (int) Math.min(n, from + QUERY_BLOCK);
            try (NDManager scope = manager.newSubManager(); Engines.GradMode g = Engines.noGrad()) {
                NDArray q = queries.get(from + ":" + to).reshape(to - from, dimension);
                q = q.toDevice(rows.getDevice(), false);
                q.attach(scope);
                NDArray qSq = q.square().sum(new int[] {1}, true);
                NDArray best = null;
                for (int b = 0; b < size; b += BANK_BLOCK) {
                    int e = Math.min(size, b + BANK_BLOCK);
                    NDArray d2 = qSq.add(squares.get(b + ":" + e).reshape(1, -1))
                            .sub(q.matMul(rows.get(b + ":" + e).transpose()).mul(2f));
                    NDArray blockMin = d2.min(new int[] {1});
                    best = best == null ? blockMin : best.minimum(blockMin);
                }
                float[] v = best.maximum(0f).sqrt().toFloatArray();
                System.arraycopy(v, 0, out, from, v.length);
            }
        }
        return out;
    }

    /** The bank's rows, row-major float32 (for saving). */
    public float[] toFloatArray() {
        return rows.toFloatArray();
    }

    @Override
    public void close() {
        manager.close();
    }
}
