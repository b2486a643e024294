package io.github.unode.benchmarks;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import io.github.unode.augment.AugmentationPool;
import io.github.unode.augment.NegativeSampler;
import io.github.unode.augment.PositiveAugmentation;
import io.github.unode.benchkit.ReferenceProbe;
import io.github.unode.core.ImageShape;
import io.github.unode.core.RandomSource;
import io.github.unode.data.ImageSet;
import io.github.unode.data.ImageSets;
import io.github.unode.data.Split;
import io.github.unode.model.Backbone;
import io.github.unode.model.UnodeModel;
import io.github.unode.train.Lars;
import io.github.unode.train.Recipe;
import io.github.unode.train.TrainingStep;
import io.github.unode.train.UnodeTrainer;
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
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;

/**
 * One training step of the demo's recipe (ResNet-18 at width 16 on 28-px grey images, B = 64,
 * so a 4B = 256 batch; negatives from the standard pool, r_max 2; LARS), split into its parts:
 * {@code views} (negatives and positive views: the augmentation), {@code learn} (forward, loss,
 * backward, LARS update on a prepared batch) and {@code step} (both).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class TrainStepBench {
    @Param({"64"})
    int batch;

    @Param({"0.25"})
    double width;

    private ImageSet train;
    private Model model;
    private Trainer trainer;
    private TrainingStep step;
    private NDArray prepared;
    private RandomSource random;
    private int[] indices;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        try (ImageSet all = ImageSets.bundledFashionMnist(Split.TRAIN)) {
            train = all.onlyLabel(8);
        }
        ImageShape shape = train.shape();
        model = Model.newInstance("bench");
        UnodeModel net = new UnodeModel(Backbone.resNet18(shape, width));
        net.initialize(model.getNDManager(), 1);
        model.setBlock(net);
        Lars lars = Lars.builder().setLearningRateTracker(Tracker.fixed(0.4f)).build();
        trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(lars));
        trainer.initialize(shape.batchShape(batch));
        NDArray labels = model.getNDManager().create(UnodeTrainer.headLabels(batch));
        step = new TrainingStep(trainer, new NegativeSampler(AugmentationPool.standard(), 2),
                new PositiveAugmentation(PositiveAugmentation.Config.defaultsFor(shape)),
                Recipe.method().loss(), Recipe.method().negatives().draw(), labels);
        random = new RandomSource(2);
        indices = new int[batch];
        for (int i = 0; i < batch; i++) {
            indices[i] = i;
        }
        NDArray x = train.batch(indices, model.getNDManager());
        prepared = step.views(x, random);
    }

    /** The reference rate right before each measured iteration, for the CI mode's ratio (CiBench). */
    @Setup(Level.Iteration)
    public void probe(BenchmarkParams b, IterationParams i) {
        ReferenceProbe.beforeIteration(b, i);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        trainer.close();
        model.close();
        train.close();
    }

    @Benchmark
    public long views() {
        try (NDManager scope = model.getNDManager().newSubManager()) {
            return step.views(train.batch(indices, scope), random).size();
        }
    }

    @Benchmark
    public float learn() {
        // in its own scope like a training step, so that what it creates is freed afterwards
        try (NDManager scope = model.getNDManager().newSubManager()) {
            NDArray input = prepared.duplicate();
            input.attach(scope);
            return step.learn(input, batch).loss();
        }
    }

    @Benchmark
    public float step() {
        try (NDManager scope = model.getNDManager().newSubManager()) {
            return step.run(train.batch(indices, scope), random).loss();
        }
    }
}
