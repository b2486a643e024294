package io.github.unode.internal;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.unode.core.EmptyDataException;
import io.github.unode.core.ImageShapeException;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.UnaryOperator;

/**
 * The one blocked k-nearest search of unode: for every query row, the {@code k} best values of a
 * {@link Measure} over the rows of a bank {@code (M, D)}, best first. Queries go in blocks of
 * {@link #queryBlock} rows and the bank in blocks of {@link #bankBlock} rows; each pair of blocks
 * is one matrix product on the engine, and a running best (a maximum or minimum for {@code k = 1},
 * a merge of the top {@code k} otherwise) is kept over the bank's blocks, so memory stays bounded
 * whatever the bank's size. The running best selects values without arithmetic, so the block
 * sizes do not change any value.
 *
 * <p>A query's values do not depend on the other queries it is searched with when the search pads
 * ({@link Padding#QUERY_ROWS}): the engine's matrix product picks its kernel by the number of rows,
 * and rounds 1 to 3 rows (or odd counts on 2 threads) differently from larger batches, so each
 * query block is padded with zero rows to a multiple of {@link #QUERY_ROWS} before the product.
 *
 * <p>The bank belongs to the caller (a search keeps a reference; the squared norms a Euclidean
 * search needs are computed once and attached to the bank's manager). Immutable but for the
 * arrays it makes once (below), which are filled in safely; concurrent searches are safe. A bank
 * stored at another precision than float32 is widened block by block.
 *
 * <p>What a search would otherwise make again on every call is made once, on the bank's device, and
 * attached to the bank's manager: the transposed view of each float32 bank block (and its squared
 * norms), the zero rows that pad a query block, the cosine's norm floor. They are the same arrays
 * (the same views of the same memory, the same values) as the per-call ones, so every value is
 * bit-identical to a search that makes them per call ({@link #reusing}{@code (false)}, which the
 * tests compare with); for one query of a small bank that is half the engine calls.
 */
public final class NearestSearch {
    /** Query rows are padded to a multiple of this by {@link Padding#QUERY_ROWS}. */
    public static final int QUERY_ROWS = 16;

    /** Bank rows per block unless {@link #bankBlock} says otherwise. */
    public static final int DEFAULT_BANK_BLOCK = 4096;

    /** What is compared, and which way is nearer. */
    public enum Measure {
        /** The dot product {@code <q, b>}: larger is nearer. */
        DOT,
        /**
         * The dot product of the {@link #normalised} query with the bank row: the cosine
         * similarity when the bank's rows are L2-normalised (the caller's part). Larger is nearer.
         */
        COSINE,
        /**
         * {@code |q|^2 + |b|^2 - 2 <q, b>}, clamped at 0 where rounding makes it negative: the
         * squared Euclidean distance. Smaller is nearer.
         */
        SQUARED_EUCLIDEAN,
        /**
         * The Euclidean distance: the square root, on the engine, of the {@link #SQUARED_EUCLIDEAN}
         * distance, taken once the nearest are found. Smaller is nearer.
         */
        EUCLIDEAN;

        boolean largerIsNearer() {
            return this == DOT || this == COSINE;
        }

        boolean euclidean() {
            return this == SQUARED_EUCLIDEAN || this == EUCLIDEAN;
        }
    }

    /** How many rows a block of queries is computed with. */
    public enum Padding {
        /** The queries as they are. */
        NONE,
        /** Zero rows up to a multiple of {@link #QUERY_ROWS} (at least one multiple): see {@link #paddedRows}. */
        QUERY_ROWS
    }

    private final NDArray bank;
    private final NDArray squares; // (M), (SQUARED_)EUCLIDEAN only
    private final Measure measure;
    private final int bankBlock;
    private final int queryBlock;
    private final Padding padding;
    private final UnaryOperator<NDArray> prepare;
    private final Shared shared; // null: make everything per call
    // the bank's blocks as the search uses them, made on first use; null where not reused (not
    // float32, or reusing(false))
    private final AtomicReferenceArray<Block> blocks;

    /** The arrays every copy of a search (the builder methods' results) reuses, made on first use. */
    private static final class Shared {
        final Device device;
        final NDArray floor; // the cosine's norm floor, 1e-12f, as NDArray.maximum(Number) makes it; else null
        final AtomicReferenceArray<NDArray> zeroRows = new AtomicReferenceArray<>(QUERY_ROWS); // [r]: (r, D)

        Shared(Device device, NDArray floor) {
            this.device = device;
            this.floor = floor;
        }
    }

    /** One bank block: its transposed view {@code (D, rows)} and, for a Euclidean search, its squared norms {@code (1, rows)}. */
    private record Block(NDArray transposed, NDArray squares) {}

    private NearestSearch(NDArray bank, NDArray squares, Measure measure, int bankBlock, int queryBlock,
            Padding padding, UnaryOperator<NDArray> prepare, Shared shared) {
        this.bank = bank;
        this.squares = squares;
        this.measure = measure;
        this.bankBlock = bankBlock;
        this.queryBlock = queryBlock;
        this.padding = padding;
        this.prepare = prepare;
        this.shared = shared;
        long count = (bank.getShape().get(0) + bankBlock - 1) / bankBlock;
        this.blocks = shared != null && bank.getDataType() == DataType.FLOAT32 ? new AtomicReferenceArray<>((int) count)
                : null;
    }

    /**
     * A search of {@code bank} {@code (M, D)} by {@code measure}: bank blocks of
     * {@link #DEFAULT_BANK_BLOCK} rows, all queries in one block, no padding, queries as given.
     *
     * @throws ImageShapeException if the bank is not {@code (M, D)}
     * @throws EmptyDataException if it has no rows
     */
    public static NearestSearch over(NDArray bank, Measure measure) {
        Shape s = bank.getShape();
        if (s.dimension() != 2) {
            throw new ImageShapeException("a nearest-neighbour bank must be (M, D), got shape " + s);
        }
        if (s.get(0) == 0) {
            throw new EmptyDataException("a nearest-neighbour search needs a bank of at least one row, got shape " + s);
        }
        NDArray squares = null;
        if (measure.euclidean()) {
            try (Engines.GradMode g = Engines.noGrad()) {
                NDArray wide = bank.getDataType() == DataType.FLOAT32 ? bank : bank.toType(DataType.FLOAT32, false);
                squares = wide.square().sum(new int[] {1});
                squares.attach(bank.getManager());
                if (wide != bank) {
                    wide.close();
                }
            }
        }
        Device device = bank.getDevice();
        NDArray floor = null;
        if (measure == Measure.COSINE) {
            NDManager owner = bank.getManager();
            floor = owner.getDevice().equals(device) ? owner.create(1e-12f) : null;
        }
        return new NearestSearch(bank, squares, measure, DEFAULT_BANK_BLOCK, Integer.MAX_VALUE, Padding.NONE,
                UnaryOperator.identity(), new Shared(device, floor));
    }

    /** This search with bank blocks of {@code rows} rows. */
    public NearestSearch bankBlock(int rows) {
        return new NearestSearch(bank, squares, measure, requirePositive(rows, "bank block"), queryBlock, padding,
                prepare, shared);
    }

    /** This search with query blocks of {@code rows} rows (each padded on its own). */
    public NearestSearch queryBlock(int rows) {
        return new NearestSearch(bank, squares, measure, bankBlock, requirePositive(rows, "query block"), padding,
                prepare, shared);
    }

    /** This search with the padding rule {@code padding}. */
    public NearestSearch padding(Padding padding) {
        return new NearestSearch(bank, squares, measure, bankBlock, queryBlock, padding, prepare, shared);
    }

    /**
     * This search with every (padded) query block passed through {@code prepare} before the
     * product: a transform of each row on its own (a blur, a centring) that keeps the block's rows
     * and gives {@code (rows, D)}. It should leave its result on its argument's manager (the
     * engine's operations on the argument do).
     */
    public NearestSearch prepare(UnaryOperator<NDArray> prepare) {
        return new NearestSearch(bank, squares, measure, bankBlock, queryBlock, padding, prepare, shared);
    }

    /**
     * This search reusing its arrays across calls ({@code true}, what {@link #over} gives) or
     * making them on every call as the engine would ({@code false}): the same values to the last
     * bit either way, for the tests to compare.
     */
    NearestSearch reusing(boolean reuse) {
        Shared s = !reuse ? null : shared != null ? shared : new Shared(bank.getDevice(), null);
        return new NearestSearch(bank, squares, measure, bankBlock, queryBlock, padding, prepare, s);
    }

    /**
     * The rows a block of {@code n} queries is computed with under {@link Padding#QUERY_ROWS}:
     * {@code n} rounded up to a multiple of {@link #QUERY_ROWS}, at least one multiple.
     */
    public static int paddedRows(int n) {
        return Math.max(QUERY_ROWS, (n + QUERY_ROWS - 1) / QUERY_ROWS * QUERY_ROWS);
    }

    /** {@code rows} divided by their L2 norms (norms below 1e-12 count as 1e-12, so a zero row stays zero). */
    public static NDArray normalised(NDArray rows) {
        return rows.div(rows.norm(new int[] {1}, true).maximum(1e-12f));
    }

    /** Rows in the bank. */
    public int size() {
        return (int) bank.getShape().get(0);
    }

    /** Values per row. */
    public int dimension() {
        return (int) bank.getShape().get(1);
    }

    /** {@link #nearest(NDArray, int, int[])} with no row excluded. */
    public float[] nearest(NDArray queries, int k) {
        return nearest(queries, k, null);
    }

    /**
     * The {@code k} best values of every query over the bank, best first: {@code Q x k} floats,
     * query by query.
     *
     * @param queries {@code (Q, D)}
     * @param exclude if not null, {@code exclude[i]} is a bank row that query {@code i} is not
     *     compared with (its value there counts as infinitely far), or -1
     * @throws ImageShapeException if the queries are not {@code (Q, D)}
     * @throws IllegalArgumentException if {@code k} is below 1 or above the bank's size, or
     *     {@code exclude} has not one entry per query
     */
    public float[] nearest(NDArray queries, int k, int[] exclude) {
        Shape s = queries.getShape();
        if (s.dimension() != 2 || s.get(1) != dimension()) {
            throw new ImageShapeException("queries must be (Q, " + dimension() + ") to search a bank of rows of "
                    + dimension() + " values, got shape " + s);
        }
        if (k < 1 || k > size()) {
            throw new IllegalArgumentException("k must be between 1 and the bank's " + size() + " rows, got " + k);
        }
        int n = (int) s.get(0);
        if (exclude != null && exclude.length != n) {
            throw new IllegalArgumentException("exclude needs one entry per query (" + n + "), got " + exclude.length);
        }
        float[] out = new float[n * k];
        for (int from = 0; from < n; from += queryBlock) {
            int to = (int) Math.min(n, (long) from + queryBlock);
            try (NDManager scope = NDManager.newBaseManager(queries.getDevice());
                    Engines.GradMode g = Engines.noGrad()) {
                // all the queries in one block: the same view as the slice 0:n (same memory, shape and
                // strides), without the indexing
                NDArray slice = shared != null && from == 0 && to == n ? queries.reshape(s)
                        : queries.get(from + ":" + to);
                float[] v = searchBlock(slice, to - from, k, exclude, from, scope);
                System.arraycopy(v, 0, out, from * k, (to - from) * k);
            }
        }
        return out;
    }

    private float[] searchBlock(NDArray slice, int count, int k, int[] exclude, int firstQuery, NDManager scope) {
        slice.attach(scope);
        NDArray q = slice.toType(DataType.FLOAT32, false);
        boolean onBank = shared != null && q.getDevice().equals(shared.device);
        if (measure == Measure.COSINE) {
            // as normalised(q), with the floor made once (maximum(1e-12f) makes that array per call)
            q = onBank && shared.floor != null ? q.div(q.norm(new int[] {1}, true).maximum(shared.floor))
                    : normalised(q);
        }
        int rows = padding == Padding.QUERY_ROWS ? paddedRows(count) : count;
        if (rows != count) {
            NDArray zeros = onBank ? zeroRows(rows - count)
                    : scope.zeros(new Shape(rows - count, dimension()), DataType.FLOAT32, q.getDevice());
            q = q.concat(zeros, 0);
        }
        q = prepare.apply(q).toDevice(shared != null ? shared.device : bank.getDevice(), false);
        q.attach(scope);
        NDArray qSq = measure.euclidean() ? q.square().sum(new int[] {1}, true) : null;
        boolean larger = measure.largerIsNearer();
        NDArray best = null;
        int m = size();
        for (int from = 0, b = 0; from < m; from += bankBlock, b++) {
            int to = (int) Math.min(m, (long) from + bankBlock);
            NDArray transposed;
            NDArray sq = null;
            if (blocks != null) {
                Block c = block(b, from, to);
                transposed = c.transposed();
                sq = c.squares();
            } else {
                NDArray block = bank.get(from + ":" + to);
                block.attach(scope);
                if (block.getDataType() != DataType.FLOAT32) {
                    block = block.toType(DataType.FLOAT32, false);
                    block.attach(scope);
                }
                transposed = block.transpose();
                if (qSq != null) {
                    // the slice in the scope before the reshape, so that neither stays on the bank's manager
                    NDArray part = squares.get(from + ":" + to);
                    part.attach(scope);
                    sq = part.reshape(1, -1);
                }
            }
            NDArray v = q.matMul(transposed);
            if (qSq != null) {
                v = qSq.add(sq).sub(v.mul(2f));
            }
            if (exclude != null) {
                v = excluded(v, exclude, firstQuery, count, from, to, larger, scope);
            }
            best = merge(best, v, k, to - from, larger);
            best.attach(scope);
        }
        if (qSq != null) {
            best = best.maximum(0f);
        }
        if (measure == Measure.EUCLIDEAN) {
            best = best.sqrt();
        }
        float[] all = best.toFloatArray();
        return all.length == count * k ? all : java.util.Arrays.copyOf(all, count * k);
    }

    /**
     * Bank block {@code index} (rows {@code from} to {@code to}) of a float32 bank, made as the
     * per-call path makes it ({@code bank.get(from:to).transpose()}, {@code squares.get(from:to).reshape(1, -1)}),
     * once, attached to the bank's manager. Two threads may both make it; one keeps its arrays.
     */
    private Block block(int index, int from, int to) {
        Block c = blocks.get(index);
        if (c != null) {
            return c;
        }
        NDArray slice = bank.get(from + ":" + to);
        NDArray transposed = slice.transpose();
        transposed.attach(bank.getManager());
        slice.close(); // the view keeps the memory
        NDArray sq = null;
        if (squares != null) {
            NDArray part = squares.get(from + ":" + to);
            sq = part.reshape(1, -1);
            sq.attach(bank.getManager());
            part.close();
        }
        Block made = new Block(transposed, sq);
        if (blocks.compareAndSet(index, null, made)) {
            return made;
        }
        transposed.close();
        if (sq != null) {
            sq.close();
        }
        return blocks.get(index);
    }

    /** {@code rows} zero rows {@code (rows, D)}, float32 on the bank's device, made once (1 to 15 rows). */
    private NDArray zeroRows(int rows) {
        NDArray z = shared.zeroRows.get(rows);
        if (z != null) {
            return z;
        }
        NDArray made = bank.getManager().zeros(new Shape(rows, dimension()), DataType.FLOAT32, shared.device);
        if (shared.zeroRows.compareAndSet(rows, null, made)) {
            return made;
        }
        made.close();
        return shared.zeroRows.get(rows);
    }

    /** The running best over the blocks so far, with the block's values {@code v} (rows x width). */
    private static NDArray merge(NDArray best, NDArray v, int k, int width, boolean larger) {
        if (k == 1) {
            NDArray blockBest = larger ? v.max(new int[] {1}) : v.min(new int[] {1});
            return best == null ? blockBest : larger ? best.maximum(blockBest) : best.minimum(blockBest);
        }
        NDArray top = v.topK(Math.min(k, width), 1, larger, true).get(0);
        if (best == null) {
            return top;
        }
        int have = (int) best.getShape().get(1);
        return best.concat(top, 1).topK(Math.min(k, have + (int) top.getShape().get(1)), 1, larger, true).get(0);
    }

    /** {@code v} with each query's excluded bank row moved infinitely far. */
    private static NDArray excluded(NDArray v, int[] exclude, int firstQuery, int count, int from, int to,
            boolean larger, NDManager scope) {
        int rows = (int) v.getShape().get(0);
        int width = to - from;
        float[] mask = null;
        for (int i = 0; i < count; i++) {
            int e = exclude[firstQuery + i];
            if (e >= from && e < to) {
                if (mask == null) {
                    mask = new float[rows * width];
                }
                mask[i * width + (e - from)] = Float.POSITIVE_INFINITY;
            }
        }
        if (mask == null) {
            return v;
        }
        NDArray push = scope.create(mask, new Shape(rows, width)).toDevice(v.getDevice(), false);
        return larger ? v.sub(push) : v.add(push);
    }

    private static int requirePositive(int rows, String what) {
        if (rows < 1) {
            throw new IllegalArgumentException("a " + what + " needs at least 1 row, got " + rows);
        }
        return rows;
    }
}
