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
import io.github.unode.core.ImageShape;
import io.github.unode.internal.Engines;
import io.github.unode.model.Backbone;
import io.github.unode.model.UnodeModel;
import io.github.unode.train.Lars;
import io.github.unode.train.Recipe;
import io.github.unode.train.TrainingStep;
import io.github.unode.train.UnodeTrainer;
import java.util.Locale;

/**
 * The Java side of the Python peer ({@code python/train_step_peer.py}): forward + NT-Xent + CE +
 * backward + LARS on a fixed 4B = 256 batch of 28-px grey images, ResNet-18 at width 16, the
 * demo's recipe. Prints "java ms/step".
 *
 * <pre>
 * unode-benchmarks/scripts/bench StepTimer [steps=20] [threads=0 (libtorch's default)]
 * </pre>
 */
public final class StepTimer {
    private StepTimer() {}

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        if (args.length > 1 && Integer.parseInt(args[1]) > 0) {
            Engines.setIntraOpThreads(Integer.parseInt(args[1]));
        }
        ImageShape shape = ImageShape.grey(28);
        int b = 64;
        try (Model model = Model.newInstance("step")) {
            UnodeModel net = new UnodeModel(Backbone.resNet18(shape, 0.25));
            net.initialize(model.getNDManager(), 0);
            model.setBlock(net);
            try (Lars lars = Lars.builder().setLearningRateTracker(Tracker.fixed(0.4f)).build();
                    Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(lars))) {
                trainer.initialize(shape.batchShape(4 * b));
                TrainingStep step = new TrainingStep(trainer, new NegativeSampler(AugmentationPool.standard(), 2),
                        new PositiveAugmentation(PositiveAugmentation.Config.defaultsFor(shape)),
                        Recipe.method().loss(), Recipe.method().negatives().draw(),
                        model.getNDManager().create(UnodeTrainer.headLabels(b)));
                NDArray x = model.getNDManager().randomUniform(0, 1, shape.batchShape(4 * b));
                // every step in its own memory scope, as training does: what a step creates is freed after it
                Runnable one = () -> {
                    try (NDManager scope = model.getNDManager().newSubManager()) {
                        NDArray input = x.duplicate();
                        input.attach(scope);
                        step.learn(input, b);
                    }
                };
                for (int i = 0; i < 3; i++) {
                    one.run();
                }
                long t0 = System.nanoTime();
                for (int i = 0; i < steps; i++) {
                    one.run();
                }
                double ms = (System.nanoTime() - t0) / 1e6 / steps;
                System.out.printf(Locale.ROOT, "# %s, intra-op threads %d, inter-op threads %d%n", Engines.describe(),
                        Engines.intraOpThreads(), Engines.interOpThreads());
                System.out.printf(Locale.ROOT, "java ms/step %.1f%n", ms);
            }
        }
    }
}
