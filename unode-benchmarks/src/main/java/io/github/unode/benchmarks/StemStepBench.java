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
import io.github.unode.core.RandomSource;
import io.github.unode.internal.Engines;
import io.github.unode.model.Backbone;
import io.github.unode.model.UnodeModel;
import io.github.unode.train.Lars;
import io.github.unode.train.Recipe;
import io.github.unode.train.TrainingStep;
import io.github.unode.train.UnodeTrainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Seconds per training step of the CPU recipe (ResNet-18 at width 0.25, B = 64 so 4B = 256
 * views; negatives from the standard pool, r_max 2; positive views as the trainer makes them for
 * the shape, colour jitter and greyscale on colour images; LARS) for each image side and ResNet-18
 * stem stride, split into {@code views} (negatives and positive views) and {@code learn}
 * (forward, loss, backward, LARS update). The configurations are run in turn, one step each per
 * round, so that a shared machine's drift falls on all of them alike; the ratios within one run
 * are what to read. Inputs are uniform noise (the step's cost does not depend on the pixels).
 *
 * <pre>
 * unode-benchmarks/scripts/bench StemStepBench [sides=64,128] [stems=1,2,4] [channels=3] [rounds=3] [batch=64]
 * </pre>
 *
 * Prints one TSV row per configuration: side, channels, stem, median views / learn / step seconds
 * over the rounds (after one warm-up step each), and the step's ratio to stem 1 at the same side.
 */
public final class StemStepBench {
    private StemStepBench() {}

    /** One configuration's network, trainer, step and input. */
    private record Config(int side, int stem, Model model, Trainer trainer, TrainingStep step, NDArray x,
            RandomSource random, List<double[]> times) implements AutoCloseable {
        double[] once(int batch) {
            try (NDManager scope = model.getNDManager().newSubManager()) {
                NDArray input = x.duplicate();
                input.attach(scope);
                long t0 = System.nanoTime();
                NDArray v = step.views(input, random);
                v.toFloatArray(); // the views are computed before the clock stops
                long t1 = System.nanoTime();
                step.learn(v, batch);
                long t2 = System.nanoTime();
                return new double[] {(t1 - t0) / 1e9, (t2 - t1) / 1e9, (t2 - t0) / 1e9};
            }
        }

        @Override
        public void close() {
            trainer.close();
            model.close();
        }
    }

    public static void main(String[] args) {
        int[] sides = ints(args.length > 0 ? args[0] : "64,128");
        int[] stems = ints(args.length > 1 ? args[1] : "1,2,4");
        int channels = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        int batch = args.length > 4 ? Integer.parseInt(args[4]) : 64;
        List<Config> configs = new ArrayList<>();
        try {
            for (int side : sides) {
                for (int stem : stems) {
                    configs.add(config(new ImageShape(channels, side, side), stem, batch));
                }
            }
            for (Config c : configs) {
                c.once(batch); // warm-up
            }
            for (int r = 0; r < rounds; r++) {
                for (Config c : configs) {
                    double[] t = c.once(batch);
                    c.times().add(t);
                    System.err.printf(Locale.ROOT, "round %d: %d px, stem %d: %.2f s (views %.2f, learn %.2f)%n", r + 1,
                            c.side(), c.stem(), t[2], t[0], t[1]);
                }
            }
            System.out.printf(Locale.ROOT, "# %s, intra-op threads %d, inter-op threads %d, batch %d (4B = %d views),"
                    + " %d rounds after one warm-up step, medians%n", Engines.describe(), Engines.intraOpThreads(),
                    Engines.interOpThreads(), batch, 4 * batch, rounds);
            System.out.println("side\tchannels\tstem\tviewsSeconds\tlearnSeconds\tstepSeconds\tstepRatioToStem1");
            for (Config c : configs) {
                double step = median(c.times(), 2);
                Double base = null;
                for (Config o : configs) {
                    if (o.side() == c.side() && o.stem() == 1) {
                        base = median(o.times(), 2);
                    }
                }
                System.out.printf(Locale.ROOT, "%d\t%d\t%d\t%.3f\t%.3f\t%.3f\t%s%n", c.side(), channels, c.stem(),
                        median(c.times(), 0), median(c.times(), 1), step,
                        base == null ? "" : String.format(Locale.ROOT, "%.3f", step / base));
            }
        } finally {
            configs.forEach(Config::close);
        }
    }

    private static Config config(ImageShape shape, int stem, int batch) {
        Model model = Model.newInstance("stem-" + stem + "-" + shape.height());
        UnodeModel net = new UnodeModel(Backbone.resNet18(shape, 0.25, stem));
        net.initialize(model.getNDManager(), 1);
        model.setBlock(net);
        Lars lars = Lars.builder().setLearningRateTracker(Tracker.fixed(0.4f)).build();
        Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(lars));
        trainer.initialize(shape.batchShape(4 * batch));
        TrainingStep step = new TrainingStep(trainer, new NegativeSampler(AugmentationPool.standard(), 2),
                new PositiveAugmentation(PositiveAugmentation.Config.defaultsFor(shape)),
                Recipe.method().loss(), Recipe.method().negatives().draw(),
                model.getNDManager().create(UnodeTrainer.headLabels(batch)));
        NDArray x = model.getNDManager().randomUniform(0, 1, shape.batchShape(batch));
        return new Config(shape.height(), stem, model, trainer, step, x, new RandomSource(2), new ArrayList<>());
    }

    private static double median(List<double[]> rows, int column) {
        double[] v = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
    }
}
