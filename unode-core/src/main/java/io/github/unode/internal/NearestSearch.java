package io.github.unode.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.unode.core.EmptyDataException;
import io.github.unode.core.ImageShapeException;
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
 * search needs are computed once and attached to the bank's manager). Immutable; concurrent
 * searches are safe. A bank stored at another precision than float32 is widened block by block.
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

    private NearestSearch(NDArray bank, NDArray squares, Measure measure, int bankBlock, int queryBlock,
            Padding padding, UnaryOperator<NDArray> prepare) {
        this.bank = bank;
        this.squares = squares;
        this.measure = measure;
        this.bankBlock = bankBlock;
        this.queryBlock = queryBlock;
        this.padding = padding;
        this.prepare = prepare;
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
        return new NearestSearch(bank, squares, measure, DEFAULT_BANK_BLOCK, Integer.MAX_VALUE, Padding.NONE,
                UnaryOperator.identity());
    }

    /** This search with bank blocks of {@code rows} rows. */
    public NearestSearch bankBlock(int rows) {
        return new NearestSearch(bank, squares, measure, requirePositive(rows, "bank block"), queryBlock, padding,
                prepare);
    }

    /** This search with query blocks of {@code rows} rows (each padded on its own). */
    public NearestSearch queryBlock(int rows) {
        return new NearestSearch(bank, squares, measure, bankBlock, requirePositive(rows, "query block"), padding,
                prepare);
    }

    /** This search with the padding rule {@code padding}. */
    public NearestSearch padding(Padding padding) {
        return new NearestSearch(bank, squares, measure, bankBlock, queryBlock, padding, prepare);
    }

    /**
     * This search with every (padded) query block passed through {@code prepare} before the
     * product: a transform of each row on its own (a blur, a centring) that keeps the block's rows
     * and gives {@code (rows, D)}. It should leave its result on its argument's manager (the
     * engine's operations on the argument do).
     */
    public NearestSearch prepare(UnaryOperator<NDArray> prepare) {
        return new NearestSearch(bank, squares, measure, bankBlock, queryBlock, padding, prepare);
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
                float[] v = searchBlock(queries.get(from + ":" + to), to - from, k, exclude, from, scope);
                System.arraycopy(v, 0, out, from * k, (to - from) * k);
            }
        }
        return out;
    }

    private float[] searchBlock(NDArray slice, int count, int k, int[] exclude, int firstQuery, NDManager scope) {
        slice.attach(scope);
        NDArray q = slice.toType(DataType.FLOAT32, false);
        if (measure == Measure.COSINE) {
            q = normalised(q);
        }
        int rows = padding == Padding.QUERY_ROWS ? paddedRows(count) : count;
        if (rows != count) {
            q = q.concat(scope.zeros(new Shape(rows - count, dimension()), DataType.FLOAT32, q.getDevice()), 0);
        }
        q = prepare.apply(q).toDevice(bank.getDevice(), false);
        q.attach(scope);
        NDArray qSq = measure.euclidean() ? q.square().sum(new int[] {1}, true) : null;
        boolean larger = measure.largerIsNearer();
        NDArray best = null;
        int m = size();
        for (int from = 0; from < m; from += bankBlock) {
            int to = (int) Math.min(m, (long) from + bankBlock);
            NDArray block = bank.get(from + ":" + to);
            block.attach(scope);
            if (block.getDataType() != DataType.FLOAT32) {
                block = block.toType(DataType.FLOAT32, false);
                block.attach(scope);
            }
            NDArray v = q.matMul(block.transpose());
            if (qSq != null) {
                NDArray sq = squares.get(from + ":" + to).reshape(1, -1);
                sq.attach(scope);
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
