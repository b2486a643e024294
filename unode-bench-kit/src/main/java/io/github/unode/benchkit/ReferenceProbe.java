package io.github.unode.benchkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * The reference rate measured right before each measured iteration of a benchmark, so that a
 * figure's ratio compares two things measured within a second of each other: on a machine shared
 * with other work the load changes over seconds, and a reference measured only at the start and
 * the end of a run does not see what the benchmark saw. A benchmark's state calls
 * {@link #beforeIteration} from a {@code @Setup(Level.Iteration)} method (not timed by JMH); the
 * rates are kept in this JVM (the runner runs JMH without forks) by benchmark name.
 */
public final class ReferenceProbe {
    /** Products per probe: the fastest of them gives the rate. */
    static final int PRODUCTS = 3;

    private static final Map<String, List<Double>> RATES = new ConcurrentHashMap<>();
    private static MatMulReference product;

    private ReferenceProbe() {}

    /** Measures the reference rate (GFLOP/s) before a measured iteration and records it. */
    public static synchronized void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
        if (iteration.getType() != IterationType.MEASUREMENT) {
            return;
        }
        if (product == null) {
            product = new MatMulReference(MatMulReference.SIZE);
            product.multiply(); // the first call pays for the engine's set-up
        }
        long best = Long.MAX_VALUE;
        for (int i = 0; i < PRODUCTS; i++) {
            long t = System.nanoTime();
            product.multiply();
            best = Math.min(best, System.nanoTime() - t);
        }
        // flops per nanosecond: GFLOP/s
        RATES.computeIfAbsent(benchmark.getBenchmark(), k -> new ArrayList<>()).add(product.flops() / best);
    }

    /** The rates (GFLOP/s) recorded for a benchmark, one per measured iteration, in order; then forgets them. */
    static synchronized List<Double> take(String benchmark) {
        List<Double> r = RATES.remove(benchmark);
        return r == null ? List.of() : r;
    }

    /** Forgets every rate (before a run). */
    static synchronized void clear() {
        RATES.clear();
    }
}
