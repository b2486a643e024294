package io.github.unode.benchkit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.unode.core.RandomSource;
import io.github.unode.internal.Engines;
import io.github.unode.score.EmbeddingBank;
import io.github.unode.score.NoveltyDetector;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;

/**
 * The kit's JMH benchmarks, the time of single calls sampled (JMH's sample-time mode): scoring one image and a batch
 * with a saved detector ({@link NoveltyDetector#score(NDArray)}: checks, forward, bank search,
 * head), the bank search on a bank of 60,000 embeddings of the detector's dimension and precision,
 * and the reference, the engine's 1024 x 1024 float32 matrix product. {@link KitRunner} runs them
 * with short settings; the iteration settings here are only JMH's defaults for a direct run.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class KitBenchmarks {
    /** The saved detector and the images, from the runner's parameters. */
    @State(Scope.Benchmark)
    public static class Scoring {
        /** The saved detector's directory. */
        @Param("")
        public String detector;

        /** The directory of images to score (flat or one sub-folder per class). */
        @Param("")
        public String images;

        /** Images per batch (at most; fewer if the folder has fewer). */
        @Param("256")
        public int batch;

        /** The engine's intra-op threads, 0 to leave them. */
        @Param("1")
        public int threads;

        NoveltyDetector model;
        NDManager manager;
        NDArray one;
        NDArray many;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            threads(threads);
            model = Workloads.loadDetector(detector);
            manager = NDManager.newBaseManager();
            NDArray[] x = Workloads.loadImages(images, model, batch, manager);
            one = x[0];
            many = x[1];
        }

        @Setup(Level.Iteration)
        public void probe(BenchmarkParams b, IterationParams i) {
            ReferenceProbe.beforeIteration(b, i);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            manager.close();
            model.close();
        }
    }

    /** A synthetic bank of {@code bankSize} embeddings and 256 queries (fixed seed). */
    @State(Scope.Benchmark)
    public static class Bank {
        @Param("60000")
        public int bankSize;

        @Param("128")
        public int dimension;

        @Param("FLOAT32")
        public String precision;

        @Param("1")
        public int threads;

        EmbeddingBank bank;
        NDManager manager;
        NDArray queries;

        @Setup(Level.Trial)
        public void setUp() {
            threads(threads);
            manager = NDManager.newBaseManager();
            RandomSource r = new RandomSource(1);
            try (EmbeddingBank full = EmbeddingBank.of(r.gaussians(bankSize * dimension), dimension)) {
                bank = full.withPrecision(EmbeddingBank.Precision.valueOf(precision));
            }
            queries = manager.create(r.gaussians(256 * dimension), new Shape(256, dimension));
        }

        @Setup(Level.Iteration)
        public void probe(BenchmarkParams b, IterationParams i) {
            ReferenceProbe.beforeIteration(b, i);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            bank.close();
            manager.close();
        }
    }

    /** The reference product's operands. */
    @State(Scope.Benchmark)
    public static class Reference {
        MatMulReference product;

        @Param("1")
        public int threads;

        @Setup(Level.Trial)
        public void setUp() {
            threads(threads);
            product = new MatMulReference(MatMulReference.SIZE);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            product.close();
        }
    }

    /**
     * Sets the engine's intra-op threads on the calling thread, the benchmark's own: OpenMP keeps
     * the count per thread, so a setting made on another thread would not reach it. Set
     * {@code OMP_NUM_THREADS} in the environment for benchmarks that do not call this.
     */
    static void threads(int n) {
        if (n > 0) {
            Engines.setIntraOpThreads(n);
        }
    }

    @Benchmark
    public float scoreSingle(Scoring s) {
        return s.model.score(s.one).novelty()[0];
    }

    @Benchmark
    public float scoreBatch(Scoring s) {
        return s.model.score(s.many).novelty()[0];
    }

    @Benchmark
    public float bankSearch(Bank b) {
        return b.bank.maxSimilarity(b.queries, null)[0];
    }

    @Benchmark
    public float matmul(Reference r) {
        return r.product.multiply();
    }
}
