package io.github.unode.benchmarks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.unode.core.RandomSource;
import io.github.unode.score.EmbeddingBank;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The bank search behind O_sim: the maximum cosine similarity of 256 queries against banks of
 * 10k, 60k and 1M 128-d embeddings, stored as float32 or float16 ({@link EmbeddingBank}).
 * 2 x 256 x 128 x M flops per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g"})
public class BankSearchBench {
    @Param({"10000", "60000", "1000000"})
    int bankSize;

    @Param({"FLOAT32", "FLOAT16"})
    String precision;

    private NDManager manager;
    private EmbeddingBank bank;
    private NDArray queries;

    @Setup(Level.Trial)
    public void setUp() {
        manager = NDManager.newBaseManager();
        RandomSource r = new RandomSource(1);
        try (EmbeddingBank full = EmbeddingBank.of(r.gaussians(bankSize * 128), 128)) {
            bank = full.withPrecision(EmbeddingBank.Precision.valueOf(precision));
        }
        queries = manager.create(r.gaussians(256 * 128), new Shape(256, 128));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        bank.close();
        manager.close();
    }

    @Benchmark
    public float[] maxSimilarity() {
        return bank.maxSimilarity(queries, null);
    }
}
