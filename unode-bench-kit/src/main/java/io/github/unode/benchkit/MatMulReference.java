package io.github.unode.benchkit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.unode.internal.Engines;

/**
 * The yardstick: the engine's own {@code n x n} by {@code n x n} float32 matrix product through
 * DJL, {@code 2 n^3} flops a call. Its rate in GFLOP/s, measured in the same JVM as the other
 * benchmarks of a run, is what their ratios are stated against.
 */
public final class MatMulReference implements AutoCloseable {
    /** The side of the reference product. */
    public static final int SIZE = 1024;

    private final int n;
    private final NDManager manager;
    private final NDArray a;
    private final NDArray b;

    public MatMulReference(int n) {
        this.n = n;
        manager = NDManager.newBaseManager();
        a = manager.randomUniform(0, 1, new Shape(n, n));
        b = manager.randomUniform(0, 1, new Shape(n, n));
    }

    /** One product, its result read back (one value) so that it cannot be skipped. */
    public float multiply() {
        try (NDManager scope = manager.newSubManager(); Engines.GradMode g = Engines.noGrad()) {
            NDArray c = a.matMul(b);
            c.attach(scope);
            return c.getFloat(0, 0);
        }
    }

    /** Flops of one product. */
    public double flops() {
        return 2.0 * n * n * n;
    }

    /** GFLOP/s from a throughput of this product in operations per second. */
    public static double gflops(int n, double opsPerSecond) {
        return opsPerSecond * 2.0 * n * n * n / 1e9;
    }

    /** The reference's name in a summary. */
    public static String name(int n) {
        return "reference.matmul" + n;
    }

    @Override
    public void close() {
        manager.close();
    }
}
