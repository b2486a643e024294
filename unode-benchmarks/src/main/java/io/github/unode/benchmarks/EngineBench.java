package io.github.unode.benchmarks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.unode.internal.Engines;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The machine's own matrix-multiply rate through DJL's libtorch: the yardstick every other figure
 * is stated against. {@code square}: 1024 x 1024 by 1024 x 1024 (2.15 GFLOP per call);
 * {@code bankShaped}: 256 x 128 by 128 x 60,000 (3.93 GFLOP), the shape of a bank search.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class EngineBench {
    private NDManager manager;
    private NDArray a;
    private NDArray b;
    private NDArray q;
    private NDArray bank;

    @Setup(Level.Trial)
    public void setUp() {
        manager = NDManager.newBaseManager();
        a = manager.randomUniform(0, 1, new Shape(1024, 1024));
        b = manager.randomUniform(0, 1, new Shape(1024, 1024));
        q = manager.randomUniform(0, 1, new Shape(256, 128));
        bank = manager.randomUniform(0, 1, new Shape(128, 60_000));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    @Benchmark
    public float square() {
        try (NDManager scope = manager.newSubManager(); Engines.GradMode g = Engines.noGrad()) {
            NDArray c = a.matMul(b);
            c.attach(scope);
            return c.getFloat(0, 0);
        }
    }

    @Benchmark
    public float bankShaped() {
        try (NDManager scope = manager.newSubManager(); Engines.GradMode g = Engines.noGrad()) {
            NDArray c = q.matMul(bank);
            c.attach(scope);
            return c.getFloat(0, 0);
        }
    }
}
