package io.github.unode.score;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.unode.core.EmptyDataException;
import io.github.unode.core.ImageShapeException;
import io.github.unode.internal.NearestSearch;

/**
 * The L2-normalised embeddings {@code {z_m}} of the training inliers (METHOD section 6), and the
 * search behind {@code O_sim}: the maximum cosine similarity of each query to the bank, computed
 * as a blocked matrix product with a running maximum so that memory stays bounded whatever the
 * bank size. Immutable and safe to query from many threads.
 *
 * <p>A query's similarity does not depend on the other queries it is searched with: the engine's
 * matrix product picks its kernel (and, on several threads, how it splits the work) by the
 * number of query rows, and for 1 to 3 rows, or an odd count on 2 threads, it rounds the last bit
 * differently from a batch of 256. So the queries are padded with zero rows to a multiple of
 * {@link NearestSearch#QUERY_ROWS} before the product (unode's one blocked search,
 * {@link NearestSearch}, with {@link NearestSearch.Padding#QUERY_ROWS}), and every query is
 * computed by a product of a shape whose kernel does not depend on the batch: the same image gets the same score alone, in a
 * batch of 7 or in a batch of 256 (which {@code EmbeddingBankTest} checks), so scores do not
 * depend on how a job splits its images into batches (Spark partitions, for one).
 */
public final class EmbeddingBank implements AutoCloseable {
    /**
     * Bank rows per block of the search: {@code queries x BLOCK} floats at a time (4 MiB for 256
     * queries). 4,096 rather than the earlier 16,384: the same speed within the run-to-run noise
     * and the same bits (each similarity is the same dot product; the running maximum is exact),
     * a quarter of the temporary memory ({@code BankSearchRatio}, docs/performance.md).
     */
    static final int BLOCK = 4096;

    private final NDManager manager;
    private final NDArray bank;
    private final NearestSearch search;

    private EmbeddingBank(NDManager manager, NDArray bank) {
        this.manager = manager;
        this.bank = bank;
        // all queries in one block: a query block's rows are padded to a multiple of
        // NearestSearch.QUERY_ROWS (the engine's kernels round alike for every such count, checked
        // on 1 and 2 threads with ONEDNN_MAX_CPU_ISA=AVX2 and ALL; not for 1 to 3 rows or odd
        // counts on 2 threads)
        this.search = NearestSearch.over(bank, NearestSearch.Measure.COSINE).bankBlock(BLOCK)
                .padding(NearestSearch.Padding.QUERY_ROWS);
    }

    /** How the bank's values are stored. */
    public enum Precision {
        /** 4 bytes a value (the default). */
        FLOAT32,
        /**
         * 2 bytes a value: half the memory (128-d: 256 MiB per million embeddings instead of
         * 512 MiB); each block is widened to float32 for the product, so the search itself is
         * float32 on rounded values.
         */
        FLOAT16
    }

    /** Precision of the stored values. */
    public Precision precision() {
        return bank.getDataType() == DataType.FLOAT16 ? Precision.FLOAT16 : Precision.FLOAT32;
    }

    /** The same embeddings stored at another precision (a new bank; this one is unchanged). */
    public EmbeddingBank withPrecision(Precision precision) {
        NDManager owner = NDManager.newBaseManager(bank.getDevice());
        NDArray b = precision == Precision.FLOAT16 ? bank.toType(DataType.FLOAT16, false)
                : bank.toType(DataType.FLOAT32, false);
        if (b == bank) {
            b = bank.duplicate();
        }
        b.attach(owner);
        return new EmbeddingBank(owner, b);
    }

    /** Bytes the stored embeddings take. */
    public long bytes() {
        return bank.size() * bank.getDataType().getNumOfBytes();
    }

    /**
     * Builds a bank from embeddings {@code (M, D)}; rows are L2-normalised here. The array is
     * copied.
     */
    public static EmbeddingBank of(NDArray embeddings) {
        Shape s = embeddings.getShape();
        if (s.dimension() != 2) {
            throw new ImageShapeException("bank embeddings must be (M, D), got " + s);
        }
        if (s.get(0) == 0) {
            throw new EmptyDataException("an embedding bank needs at least one embedding");
        }
        NDManager owner = NDManager.newBaseManager(embeddings.getDevice());
        try {
            NDArray b = normalize(embeddings.toType(DataType.FLOAT32, false));
            b.attach(owner);
            return new EmbeddingBank(owner, b);
        } catch (RuntimeException e) {
            owner.close();
            throw e;
        }
    }

    /** Builds a bank from {@code m x d} floats, row-major, already normalised or not. */
    public static EmbeddingBank of(float[] values, int d) {
        if (d < 1 || values.length % d != 0) {
            throw new ImageShapeException(values.length + " values do not make rows of dimension " + d);
        }
        try (NDManager tmp = NDManager.newBaseManager()) {
            return of(tmp.create(values, new Shape(values.length / d, d)));
        }
    }

    /**
     * Restores a saved bank exactly: the rows are taken as they are (normalising them again
     * would change their last bits, and so the scores).
     */
    static EmbeddingBank restore(float[] normalised, int d) {
        return restore(normalised, d, null);
    }

    /** {@link #restore(float[], int)} on {@code device} (the engine's default device when null). */
    static EmbeddingBank restore(float[] normalised, int d, Device device) {
        if (d < 1 || normalised.length % d != 0 || normalised.length == 0) {
            throw new ImageShapeException(normalised.length + " values do not make rows of dimension " + d);
        }
        NDManager owner = device == null ? NDManager.newBaseManager() : NDManager.newBaseManager(device);
        try {
            NDArray b = owner.create(normalised, new Shape(normalised.length / d, d));
            return new EmbeddingBank(owner, b);
        } catch (RuntimeException e) {
            owner.close();
            throw e;
        }
    }

    static NDArray normalize(NDArray z) {
        return NearestSearch.normalised(z);
    }

    public int size() {
        return (int) bank.getShape().get(0);
    }

    public int dimension() {
        return (int) bank.getShape().get(1);
    }

    /** The normalised bank {@code (M, D)}; owned by this bank, read-only. */
    public NDArray embeddings() {
        return bank;
    }

    /**
     * {@code max_m <q / |q|, z_m>} for every query row.
     *
     * @param queries {@code (Q, D)}, not necessarily normalised
     * @param exclude if not null, {@code exclude[i]} is a bank row that query {@code i} must not
     *     be compared with (its own embedding), or -1
     * @return one similarity per query, in [-1, 1] ({@code -Infinity} for a query whose only bank
     *     row is excluded)
     * @throws ImageShapeException if the queries are not {@code (Q, D)} with this bank's {@code D}
     */
    public float[] maxSimilarity(NDArray queries, int[] exclude) {
        return search.nearest(queries, 1, exclude);
    }

    /** The bank's values, row-major, widened to float. */
    public float[] toFloatArray() {
        if (bank.getDataType() == DataType.FLOAT32) {
            return bank.toFloatArray();
        }
        try (NDManager tmp = NDManager.newBaseManager(bank.getDevice())) {
            NDArray wide = bank.toType(DataType.FLOAT32, false);
            wide.attach(tmp);
            return wide.toFloatArray();
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
