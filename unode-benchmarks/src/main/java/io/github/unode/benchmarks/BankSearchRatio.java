package io.github.unode.benchmarks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.unode.internal.Engines;
import io.github.unode.core.RandomSource;
import io.github.unode.score.EmbeddingBank;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The bank search's rate as a fraction of the engine's square matrix product, measured so that a
 * loaded machine does not decide it: each search call is preceded by a 1024 x 1024 product, and
 * each figure is the fastest of its calls (the noise of other work only ever slows a call down).
 * Besides {@link EmbeddingBank#maxSimilarity} as built, the layouts and batch sizes tried for
 * issue 18, each a product and a running maximum as the search does: blocks of 2,048 to 16,384
 * bank rows (16,384 was the search before), the bank stored transposed in contiguous (D, B)
 * blocks, 512 queries per call; and {@code EngineBench.bankShaped}'s single product without
 * blocks. Each variant that computes the search says whether its similarities have the same bits
 * as {@link EmbeddingBank#maxSimilarity}'s.
 *
 * <pre>
 * OMP_NUM_THREADS=1 unode-benchmarks/scripts/bench BankSearchRatio [bank sizes=60000,1000000] [calls=12]
 * </pre>
 */
public final class BankSearchRatio {
    private BankSearchRatio() {}

    public static void main(String[] args) {
        String[] sizes = (args.length > 0 ? args[0] : "60000,1000000").split(",");
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        int d = 128;
        System.out.printf(Locale.ROOT, "engine intra-op threads %d; fastest of %d calls each, a square product before each%n",
                Engines.intraOpThreads(), calls);
        try (NDManager m = NDManager.newBaseManager(); Engines.GradMode g = Engines.noGrad()) {
            NDArray a = m.randomUniform(0, 1, new Shape(1024, 1024));
            NDArray b = m.randomUniform(0, 1, new Shape(1024, 1024));
            Runnable square = () -> {
                try (NDManager s = m.newSubManager()) {
                    NDArray c = a.matMul(b);
                    c.attach(s);
                    c.getFloat(0, 0);
                }
            };
            for (String sz : sizes) {
                int size = Integer.parseInt(sz);
                RandomSource r = new RandomSource(1);
                try (EmbeddingBank bank = EmbeddingBank.of(r.gaussians(size * d), d)) {
                    NDArray q256 = m.create(r.gaussians(256 * d), new Shape(256, d));
                    NDArray q512 = m.create(r.gaussians(512 * d), new Shape(512, d));
                    NDArray qn = q256.div(q256.norm(new int[] {1}, true));
                    NDArray rows = bank.embeddings();
                    List<NDArray> t2048 = transposedBlocks(rows, 2048);
                    List<NDArray> t4096 = transposedBlocks(rows, 4096);
                    NDArray fullT = rows.transpose().duplicate();
                    List<String> names = List.of("EmbeddingBank.maxSimilarity (this build), 256 queries",
                            "row blocks of 16,384 (the search before issue 18)", "row blocks of 2,048",
                            "row blocks of 4,096", "row blocks of 8,192", "transposed blocks of 2,048",
                            "transposed blocks of 4,096", "EmbeddingBank.maxSimilarity, 512 queries",
                            "one product, no blocks or max (EngineBench.bankShaped)");
                    List<Supplier<Object>> runs = List.of(() -> bank.maxSimilarity(q256, null),
                            () -> rowBlocks(m, qn, rows, 16_384), () -> rowBlocks(m, qn, rows, 2048),
                            () -> rowBlocks(m, qn, rows, 4096), () -> rowBlocks(m, qn, rows, 8192),
                            () -> tBlocks(m, qn, t2048), () -> tBlocks(m, qn, t4096),
                            () -> bank.maxSimilarity(q512, null), () -> {
                                try (NDManager s = m.newSubManager()) {
                                    NDArray c = qn.matMul(fullT);
                                    c.attach(s);
                                    return c.getFloat(0, 0);
                                }
                            });
                    int[] queries = {256, 256, 256, 256, 256, 256, 256, 512, 256};
                    double bestSquare = Double.MAX_VALUE;
                    double[] best = new double[runs.size()];
                    java.util.Arrays.fill(best, Double.MAX_VALUE);
                    for (int warm = 0; warm < 2; warm++) {
                        runs.forEach(Supplier::get);
                    }
                    for (int c = 0; c < calls; c++) {
                        for (int k = 0; k < runs.size(); k++) {
                            long t0 = System.nanoTime();
                            square.run();
                            bestSquare = Math.min(bestSquare, (System.nanoTime() - t0) / 1e6);
                            t0 = System.nanoTime();
                            runs.get(k).get();
                            best[k] = Math.min(best[k], (System.nanoTime() - t0) / 1e6);
                        }
                    }
                    double squareRate = 2.0 * 1024 * 1024 * 1024 / bestSquare / 1e6;
                    System.out.printf(Locale.ROOT, "%nbank %,d x %d; square 1024 product: %.1f ms, %.1f GFLOP/s%n", size, d,
                            bestSquare, squareRate);
                    float[] reference = bank.maxSimilarity(q256, null);
                    for (int k = 0; k < runs.size(); k++) {
                        double rate = 2.0 * queries[k] * d * size / best[k] / 1e6;
                        Object result = queries[k] == 256 ? runs.get(k).get() : null;
                        String bits = result instanceof float[] f
                                ? (java.util.Arrays.equals(f, reference) ? "  same bits" : "  OTHER BITS") : "";
                        System.out.printf(Locale.ROOT, "  %-58s %9.1f ms %7.1f GFLOP/s  ratio %.2f%s%n", names.get(k), best[k],
                                rate, rate / squareRate, bits);
                    }
                    t2048.forEach(NDArray::close);
                    t4096.forEach(NDArray::close);
                    fullT.close();
                }
            }
        }
    }

    private static List<NDArray> transposedBlocks(NDArray rows, int block) {
        List<NDArray> out = new ArrayList<>();
        long m = rows.getShape().get(0);
        for (long f = 0; f < m; f += block) {
            out.add(rows.get(f + ":" + Math.min(m, f + block)).transpose().duplicate());
        }
        return out;
    }

    private static float[] tBlocks(NDManager m, NDArray qn, List<NDArray> blocks) {
        try (NDManager s = m.newSubManager()) {
            NDArray best = null;
            for (NDArray blk : blocks) {
                NDArray sim = qn.matMul(blk);
                sim.attach(s);
                NDArray mx = sim.max(new int[] {1});
                best = best == null ? mx : best.maximum(mx);
                best.attach(s);
            }
            return best.toFloatArray();
        }
    }

    private static float[] rowBlocks(NDManager m, NDArray qn, NDArray rows, int block) {
        long n = rows.getShape().get(0);
        try (NDManager s = m.newSubManager()) {
            NDArray best = null;
            for (long f = 0; f < n; f += block) {
                NDArray blk = rows.get(f + ":" + Math.min(n, f + block));
                blk.attach(s);
                NDArray sim = qn.matMul(blk.transpose());
                sim.attach(s);
                NDArray mx = sim.max(new int[] {1});
                best = best == null ? mx : best.maximum(mx);
                best.attach(s);
            }
            return best.toFloatArray();
        }
    }
}
