package io.github.unode.augment.auto;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * Deterministic data parallelism over fixed chunks of an index range.
 *
 * <p>Work is always cut into the same chunks, whose size the caller fixes independently of the
 * number of threads, and every reduction is a per-chunk partial combined in chunk order. So a
 * result never depends on how many threads ran it or on how the scheduler interleaved them: the
 * t-SNE of AutoAugOOD (METHOD 3.3) is bit-identical on 1 thread and on 64.
 *
 * <p>With one thread no pool is created and every loop runs inline on the caller's thread.
 */
final class Parallel implements AutoCloseable {

    /** The body of a parallel loop over one chunk {@code [start, end)}. */
    @FunctionalInterface
    interface Body {
        void run(int start, int end);
    }

    /** A chunk's partial sum over {@code [start, end)}. */
    @FunctionalInterface
    interface Partial {
        double sum(int start, int end);
    }

    private final ForkJoinPool pool;
    private final int threads;

    private Parallel(int threads) {
        this.threads = threads;
        this.pool = threads > 1 ? new ForkJoinPool(threads) : null;
    }

    /**
     * A runner with {@code threads} workers; 0 means one per available processor.
     *
     * @throws IllegalArgumentException if {@code threads} is negative
     */
    static Parallel create(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0 (0 = all processors), got " + threads);
        }
        int t = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        return new Parallel(Math.max(1, t));
    }

    int threads() {
        return threads;
    }

    /** Runs {@code body} over the chunks of {@code [0, n)}, in parallel when there are threads to use. */
    void forEach(int n, int chunk, Body body) {
        int chunks = chunks(n, chunk);
        if (pool == null || chunks <= 1) {
            for (int c = 0; c < chunks; c++) {
                body.run(c * chunk, Math.min(n, (c + 1) * chunk));
            }
            return;
        }
        pool.invoke(new ChunkTask(0, chunks, n, chunk, body));
    }

    /** The sum of the chunks' partials, added in chunk order whatever the thread count. */
    double sum(int n, int chunk, Partial partial) {
        int chunks = chunks(n, chunk);
        double[] parts = new double[chunks];
        forEach(n, chunk, (start, end) -> parts[start / chunk] = partial.sum(start, end));
        double total = 0;
        for (double p : parts) {
            total += p;
        }
        return total;
    }

    private static int chunks(int n, int chunk) {
        if (chunk <= 0) {
            throw new IllegalArgumentException("chunk size must be positive, got " + chunk);
        }
        return (int) ((n + (long) chunk - 1) / chunk);
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
        }
    }

    private static final class ChunkTask extends RecursiveAction {
        private static final long serialVersionUID = 1L;
        private final int from;
        private final int to;
        private final int n;
        private final int chunk;
        private final transient Body body;

        ChunkTask(int from, int to, int n, int chunk, Body body) {
            this.from = from;
            this.to = to;
            this.n = n;
            this.chunk = chunk;
            this.body = body;
        }

        @Override
        protected void compute() {
            if (to - from == 1) {
                body.run(from * chunk, Math.min(n, (from + 1) * chunk));
                return;
            }
            int mid = (from + to) >>> 1;
            invokeAll(new ChunkTask(from, mid, n, chunk, body), new ChunkTask(mid, to, n, chunk, body));
        }
    }
}
