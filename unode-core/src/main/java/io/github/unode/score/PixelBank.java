package io.github.unode.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.unode.core.EmptyDataException;
import io.github.unode.core.ImageShapeException;
import io.github.unode.internal.Engines;
import io.github.unode.internal.NearestSearch;

/**
 * Training inliers as pixel vectors, searched by Euclidean distance: the pixel term of the score
 * (and the raw-pixel nearest-neighbour baseline). Distances come from blocked matrix products,
 * {@code |a|^2 + |b|^2 - 2 a.b}, with a running minimum over blocks of the bank, so memory stays
 * bounded for any bank size. Thread-safe for concurrent searches; owns its memory until
 * {@link #close}.
 *
 * <p>A bank may blur: with a Gaussian of standard deviation {@code sigma > 0} pixels (see
 * {@link GaussianBlur}), the bank images and every query are blurred before the search, so the
 * distance compares shapes rather than pixel-exact detail. The bank then stores the blurred
 * images, and knows the image shape {@code (C, H, W)} it blurs in. A bank may also centre: each
 * image (bank and query, after the blur) has its mean value, over all its pixels and channels,
 * subtracted, so that a uniformly brighter or darker copy of an image is at distance 0 from it.
 */
public final class PixelBank implements AutoCloseable {
    private static final int QUERY_BLOCK = 512;
    private static final int BANK_BLOCK = 8192;

    private final NDManager manager;
    private final NDArray rows; // (M, D)
    private final NearestSearch search;
    private final int size;
    private final int dimension;
    private final GaussianBlur blur; // null: raw pixels
    private final long[] imageShape; // (C, H, W) when blurring, else null
    private final boolean centred;

    private PixelBank(NDManager manager, NDArray rows, GaussianBlur blur, long[] imageShape, boolean centred) {
        this.manager = manager;
        this.rows = rows;
        this.blur = blur;
        this.imageShape = imageShape;
        this.centred = centred;
        this.size = (int) rows.getShape().get(0);
        this.dimension = (int) rows.getShape().get(1);
        // query blocks padded to a multiple of NearestSearch.QUERY_ROWS before the blur and the
        // product, so that every image is computed alike whatever the batch (see EmbeddingBank)
        this.search = NearestSearch.over(rows, NearestSearch.Measure.EUCLIDEAN).bankBlock(BANK_BLOCK)
                .queryBlock(QUERY_BLOCK).padding(NearestSearch.Padding.QUERY_ROWS).prepare(this::prepare);
    }

    /**
     * A bank of the given images (copied): {@code (M, C, H, W)} or {@code (M, D)}, float pixels.
     *
     * @throws EmptyDataException if there are no images
     */
    public static PixelBank of(NDArray images) {
        requireImages(images);
        NDManager m = NDManager.newBaseManager(images.getDevice());
        NDArray flat = Engines.ownedFloatCopy(images).reshape(images.getShape().get(0), -1);
        flat.attach(m);
        return new PixelBank(m, flat, null, null, false);
    }

    /**
     * A bank of the given images {@code (M, C, H, W)}, blurred by a Gaussian of standard deviation
     * {@code sigma} pixels before they are stored; queries are blurred alike. {@code sigma == 0}
     * is {@link #of(NDArray)}.
     *
     * @throws EmptyDataException if there are no images
     * @throws ImageShapeException if {@code sigma > 0} and the images are not {@code (M, C, H, W)}
     * @throws IllegalArgumentException if {@code sigma} is negative or not finite
     */
    public static PixelBank of(NDArray images, double sigma) {
        return of(images, sigma, false);
    }

    /**
     * As {@link #of(NDArray, double)}, and with {@code centre} each image (bank and query) has its
     * mean value subtracted after the blur.
     */
    public static PixelBank of(NDArray images, double sigma, boolean centre) {
        GaussianBlur blur = GaussianBlur.ofSigma(sigma);
        requireImages(images);
        if (blur != null && images.getShape().dimension() != 4) {
            throw new ImageShapeException("a blurring pixel bank needs images (M, C, H, W), got shape " + images.getShape());
        }
        if (blur == null && !centre) {
            return of(images);
        }
        long[] chw = blur == null ? null
                : new long[] {images.getShape().get(1), images.getShape().get(2), images.getShape().get(3)};
        NDManager m = NDManager.newBaseManager(images.getDevice());
        try (NDManager work = m.newSubManager()) { // intermediate copies go when it closes
            NDArray x = blur == null ? Engines.ownedFloatCopy(images) : blur.apply(images, work);
            x.attach(work);
            NDArray flat = x.reshape(images.getShape().get(0), -1);
            if (centre) {
                flat = centre(flat);
            }
            flat.attach(m);
            return new PixelBank(m, flat, blur, chw, centre);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    /** Each row minus its mean. */
    private static NDArray centre(NDArray flat) {
        return flat.sub(flat.mean(new int[] {1}, true));
    }

    private static void requireImages(NDArray images) {
        if (images.getShape().dimension() < 2 || images.getShape().get(0) == 0) {
            throw new EmptyDataException("a pixel bank needs at least one image, got shape " + images.getShape());
        }
    }

    /** A bank of {@code values.length / d} rows of {@code d} pixels (copied), as saved by {@link #toFloatArray}. */
    public static PixelBank of(float[] values, int d) {
        checkRows(values, d);
        try (NDManager tmp = NDManager.newBaseManager()) {
            return of(tmp.create(values, new ai.djl.ndarray.types.Shape(values.length / d, d)));
        }
    }

    /**
     * A blurring bank restored from its saved rows ({@link #toFloatArray}: already blurred, stored
     * as they are) and its blur and image shape.
     *
     * @throws IllegalArgumentException if the rows do not have {@code channels * height * width}
     *     values each, or {@code sigma} is negative or not finite
     */
    public static PixelBank restore(float[] values, int channels, int height, int width, double sigma) {
        return restore(values, channels, height, width, sigma, false);
    }

    /**
     * A bank restored from its saved rows ({@link #toFloatArray}: already blurred and centred,
     * stored as they are), its blur, centring and image shape.
     *
     * @throws IllegalArgumentException if the rows do not have {@code channels * height * width}
     *     values each, or {@code sigma} is negative or not finite
     */
    public static PixelBank restore(float[] values, int channels, int height, int width, double sigma, boolean centred) {
        GaussianBlur blur = GaussianBlur.ofSigma(sigma);
        int d = channels * height * width;
        checkRows(values, d);
        if (blur == null && !centred) {
            return of(values, d);
        }
        NDManager m = NDManager.newBaseManager();
        NDArray flat = m.create(values, new ai.djl.ndarray.types.Shape(values.length / d, d));
        return new PixelBank(m, flat, blur, blur == null ? null : new long[] {channels, height, width}, centred);
    }

    private static void checkRows(float[] values, int d) {
        if (d < 1 || values.length == 0 || values.length % d != 0) {
            throw new IllegalArgumentException("a pixel bank needs a positive whole number of rows of " + d
                    + " values, got " + values.length + " values");
        }
    }

    /** The standard deviation in pixels of the Gaussian blur of bank and queries (0: raw pixels). */
    public double blurSigma() {
        return blur == null ? 0.0 : blur.sigma();
    }

    /**
     * Whether bank and queries are transformed before the search (blurred or centred), so that
     * the bank's values are not the images' raw pixels.
     */
    public boolean transformsPixels() {
        return blurSigma() > 0 || centred();
    }

    /** Whether each image has its mean value subtracted before the search. */
    public boolean centred() {
        return centred;
    }

    /** The image shape {@code (C, H, W)} a blurring bank blurs in; empty for a bank that does not blur. */
    public java.util.Optional<long[]> imageShape() {
        return imageShape == null ? java.util.Optional.empty() : java.util.Optional.of(imageShape.clone());
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
     * Euclidean distance of every query image to its nearest image in the bank (both blurred
     * and centred as the bank does).
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
        if (n == 0) {
            return new float[0];
        }
        try (NDManager scope = NDManager.newBaseManager(queries.getDevice())) {
            NDArray flat = queries.reshape(n, dimension);
            flat.attach(scope);
            return search.nearest(flat, 1);
        }
    }

    /** A padded block of query rows {@code (rows, D)}, blurred and centred as the bank is, on the bank's device. */
    private NDArray prepare(NDArray q) {
        int n = (int) q.getShape().get(0);
        if (blur != null) {
            q = blur.apply(q.reshape(n, imageShape[0], imageShape[1], imageShape[2]), q.getManager());
        }
        q = q.reshape(n, dimension).toDevice(rows.getDevice(), false);
        return centred ? centre(q) : q;
    }

    /** The bank's rows, row-major float32 (for saving; blurred and centred as the bank does). */
    public float[] toFloatArray() {
        return rows.toFloatArray();
    }

    @Override
    public void close() {
        manager.close();
    }
}
