package io.github.unode.benchmarks;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.unode.data.ImageSet;
import io.github.unode.data.ImageSets;
import io.github.unode.data.Split;
import io.github.unode.model.Backbone;
import io.github.unode.model.UnodeModel;
import io.github.unode.score.Calibrator;
import io.github.unode.score.NoveltyDetector;
import io.github.unode.score.NoveltyScorer;
import io.github.unode.score.Provenance;
import io.github.unode.score.ScoreRecipe;
import io.github.unode.score.ScoreSpace;
import java.util.Map;
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
 * Scoring a batch end to end ({@code NoveltyDetector.score(NDArray)}: input checks, forward, bank
 * search, head, combination) with the demo's network (width 16) and a bank of 900 training
 * inliers; batches of 1 and 256 images.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class ScoreBench {
    @Param({"1", "256"})
    int batch;

    private NoveltyDetector detector;
    private NDManager manager;
    private NDArray images;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Model model = Model.newInstance("score-bench");
        try (ImageSet train = ImageSets.bundledFashionMnist(Split.TRAIN); ImageSet bags = train.onlyLabel(8);
                ImageSet.Partition parts = bags.split(0.9, 1)) {
            UnodeModel net = new UnodeModel(Backbone.resNet18(bags.shape(), 0.25));
            net.initialize(model.getNDManager(), 1);
            model.setBlock(net);
            NoveltyScorer scorer = Calibrator.of(ScoreRecipe.of(ScoreSpace.FEATURES, 0.05)).calibrate(model, parts.first(), parts.second());
            detector = new NoveltyDetector(model, scorer, Map.of(), Provenance.now(1, "bench", "-", bags.size(), 0,
                    Map.of()), null);
        }
        manager = NDManager.newBaseManager();
        try (ImageSet test = ImageSets.bundledFashionMnist(Split.TEST)) {
            images = test.batch(0, batch, manager).duplicate(); // a copy: the set is closed below
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
        detector.close();
    }

    @Benchmark
    public float score() {
        return detector.score(images).novelty()[0];
    }
}
