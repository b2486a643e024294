package io.github.unode.cli;

import ai.djl.Device;
import io.github.unode.augment.AugmentationPool;
import io.github.unode.augment.auto.Divergence;
import io.github.unode.score.HeadScore;
import io.github.unode.score.ScoreRecipe;
import io.github.unode.score.ScoreSpace;
import io.github.unode.train.Budget;
import io.github.unode.train.Loss;
import io.github.unode.train.Losses;
import io.github.unode.train.NegativeDraw;
import io.github.unode.train.Negatives;
import io.github.unode.train.Network;
import io.github.unode.train.Recipe;
import io.github.unode.train.TrainingListener;
import io.github.unode.train.TrainerBuilder;
import io.github.unode.train.UnodeTrainer;
import io.github.unode.train.Weighting;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How a detector is trained (shared by demo, train, benchmark and weights): a recipe
 * ({@code --recipe cpu|paper} or {@code --config recipe.json}, {@link Recipe}), and options that
 * override single settings of it, in one group per part of the recipe. An option not given
 * leaves the recipe's setting as it is; under {@code --recipe paper} the budget, the network and
 * the seed are the CPU recipe's unless given (the paper's 1,000 epochs of a full-width network
 * are GPU-days).
 */
final class TrainOptions {
    /** The named recipes. */
    enum Named {
        /** The command line's CPU recipe ({@link Recipe#cpu()}, docs/accuracy.md). */
        cpu,
        /** The paper's method in every respect it states ({@link Recipe#paper()}). */
        paper
    }

    @Option(names = "--recipe", description = "The recipe to start from: cpu (the command line's, measured in"
            + " docs/accuracy.md) or paper (the paper's method in every respect it states, docs/method.md;"
            + " with the cpu recipe's budget, width and seed unless given) (default: cpu).")
    Named named;

    @Option(names = "--config", paramLabel = "RECIPE.json", description = "Start from the recipe in this file"
            + " (written by 'unode recipe --print' or saved in a detector; docs/user-guide.md, Recipes).")
    Path config;

    /** The budget, the network and the seed. */
    static final class BudgetOptions {
        @Option(names = "--epochs", description = "Train for this many epochs (instead of about --steps steps).")
        Integer epochs;

        @Option(names = "--steps", description = "Train for about this many optimiser steps: epochs = round(steps /"
                + " steps per epoch), the same compute for small and large inlier sets (cpu recipe: 200).")
        Integer steps;

        @Option(names = "--batch-size", description = "Inliers per step; each step sees 4x as many views (cpu: 64).")
        Integer batchSize;

        @Option(names = "--width", description = "ResNet-18 width multiplier (cpu: 0.25, 16-32-64-128 filters).")
        Double width;

        @Option(names = "--stem-stride", description = "Stride of the ResNet-18's stem: 1 (the CIFAR stem), 2 (a"
                + " stride-2 3x3 conv) or 4 (and a stride-2 max-pool): a downsampling stem, not the paper's, that"
                + " trains 64-128 px images at about the cost of 16-32 px ones (cpu: 1; docs/universality.md).")
        Integer stemStride;

        @Option(names = "--seed", description = "Seed of every random draw (cpu: 1).")
        Long seed;
    }

    /** LARS and its schedule. */
    static final class OptimiserOptions {
        @Option(names = "--lr", description = "Base learning rate (cpu: 0.4; the paper's and METHOD's 0.1 is for long"
                + " runs: short CPU runs measured better with 0.4).")
        Float learningRate;

        @Option(names = "--warmup-steps", description = "Learning-rate warm-up in optimiser steps (cpu: 10%% of the"
                + " steps; the paper: 10).")
        Integer warmupSteps;

        @Option(names = "--lars-exclude-bias-norm", negatable = true, fallbackValue = "true", description = "LARS"
                + " leaves biases and batch-norm parameters out of its trust ratio and weight decay, as SimCLR's does"
                + " (cpu: not).")
        Boolean larsExclude;
    }

    /** The training loss. */
    static final class LossOptions {
        @Option(names = "--contrastive-weight", description = "Weight of the contrastive loss; 0 trains the head alone"
                + " (cpu: 0, on a CPU budget the head alone measured better, docs/accuracy.md; the paper: 1).")
        Float contrastiveWeight;

        @Option(names = "--ce-weight", description = "Weight of the head's cross-entropy; 0 trains the contrastive"
                + " loss alone (cpu: 1).")
        Float crossEntropyWeight;

        @Option(names = "--contrastive-form", description = "The contrastive loss: ALL_ANCHORS (every one of the 4B"
                + " views an anchor, the public code), INLIER_ANCHORS, or PAPER (eq. 9-11 exactly) (cpu: ALL_ANCHORS).")
        Losses.ContrastiveForm contrastiveForm;

        @Option(names = "--temperature", description = "Temperature of the contrastive loss (cpu: 0.5; the paper's"
                + " eq. 9 prints none, i.e. 1).")
        Float temperature;

        @Option(names = "--ce-reduction", description = "The head's cross-entropy over the batch: MEAN or PAPER_SUM"
                + " (eq. 12) (cpu: MEAN).")
        Losses.CrossEntropyReduction ceReduction;
    }

    /** The hard negatives and their weights. */
    static final class NegativeOptions {
        @Option(names = "--augmentations", split = ",", description = "Hard augmentations to draw negatives from"
                + " (cpu: all but mixup): rotate, vflip, cutout, cutpaste, cutperm, elastic, blur, noise, sobel, invert.")
        List<String> augmentations;

        @Option(names = "--max-compositions", description = "r_max, at most this many hard augmentations per negative"
                + " (cpu: 2, or the pool's size when --augmentations gives fewer; the paper: the pool's size).")
        Integer maxCompositions;

        @Option(names = "--negative-draw", description = "INDEPENDENT (two draws per image, one per view), PER_IMAGE"
                + " (one per image, both views) or PER_BATCH (one composition for the batch, both views: the paper)"
                + " (cpu: INDEPENDENT).")
        NegativeDraw negativeDraw;

        @Option(names = "--weights", split = ",", description = "Fixed augmentation weights, name=weight,... (cpu:"
                + " uniform).")
        Map<String, Double> weights;

        @Option(names = "--auto-aug", description = "Weigh the augmentations with AutoAugOOD before training (the"
                + " paper's recipe does).")
        boolean autoAug;

        @Option(names = "--tau", description = "AutoAugOOD's softmax temperature (default: 1).")
        Double tau;

        @Option(names = "--divergence", description = "AutoAugOOD's divergence: SYMMETRIC_KL (eq. 7, no floor),"
                + " SYMMETRIC_KL_FLOORED or JENSEN_SHANNON (default: SYMMETRIC_KL).")
        Divergence divergence;

        @Option(names = "--pretrained", paramLabel = "FILE", description = "A TorchScript file: the backbone AutoAugOOD measures with"
                + " (ImageNet normalisation, RGB at --pretrained-size).")
        Path pretrained;

        @Option(names = "--pretrained-size", description = "Input side of the pretrained backbone (default: 224).")
        Integer pretrainedSize;
    }

    /** How the trained network becomes a calibrated score. */
    static final class ScoreOptions {
        @Option(names = "--space", description = "Space of the similarity term: FEATURES or PROJECTION (cpu: FEATURES).")
        ScoreSpace space;

        @Option(names = "--head-score", description = "O_bin: LOG_ODDS or PROBABILITY (the paper's eq. 14)"
                + " (cpu: LOG_ODDS).")
        HeadScore headScore;

        @Option(names = "--target-fpr", description = "False-positive rate of the calibrated threshold (cpu: 0.05).")
        Double targetFpr;

        @Option(names = "--pixel-term", negatable = true, fallbackValue = "true", description = "Add the pixel term to"
                + " the score: distance to the nearest training inlier in pixels, balanced on held-out inliers (cpu:"
                + " on; --no-pixel-term for similarity + head only).")
        Boolean pixelTerm;

        @Option(names = "--pixel-blur", description = "Standard deviation in pixels of the Gaussian blur of the pixel"
                + " term's images (cpu: 1; 0 compares raw pixels).")
        Double pixelBlur;

        @Option(names = "--pixel-centre", negatable = true, fallbackValue = "true", description = "Subtract each"
                + " image's mean value in the pixel term (cpu: on; --no-pixel-centre compares absolute values).")
        Boolean pixelCentre;

        @Option(names = "--pixel-weight", description = "Weight of the pixel term, as a multiple of its balance against"
                + " the similarity on held-out inliers (cpu: 4, chosen on a validation split of the training set; 1"
                + " weighs it like the head).")
        Double pixelWeight;
    }

    @ArgGroup(validate = false, heading = "%nBudget, network and seed (override the recipe's):%n")
    BudgetOptions budget;

    @ArgGroup(validate = false, heading = "%nOptimiser (override the recipe's):%n")
    OptimiserOptions optimiser;

    @ArgGroup(validate = false, heading = "%nLoss (override the recipe's):%n")
    LossOptions loss;

    @ArgGroup(validate = false, heading = "%nNegatives (override the recipe's):%n")
    NegativeOptions negatives;

    @ArgGroup(validate = false, heading = "%nScore (override the recipe's):%n")
    ScoreOptions score;

    @Option(names = "--quiet", description = "No progress output while training (warnings are still shown).")
    boolean quiet;

    @Option(names = "--progress", description = "Show the progress on standard error even when it is not a terminal"
            + " (by default it is shown only on a terminal).")
    boolean progress;

    @Option(names = "--device", description = "Train on this device: cpu, gpu or gpu0, gpu1, ... (default: ${DEFAULT-VALUE};"
            + " a GPU needs a CUDA native artifact of PyTorch on the class path).", defaultValue = "cpu")
    String device;

    @Mixin
    EngineOptions engine;

    /** Whether progress is wanted: asked for with --progress, or on a terminal. */
    boolean progressWanted() {
        return progress || Terminal.interactive();
    }

    /** Whether training progress is shown: wanted, and not --quiet. */
    boolean showProgress() {
        return !quiet && progressWanted();
    }

    /** The progress bar on standard error when progress is shown, else only the warnings there. */
    TrainingListener progressListener() {
        return showProgress() ? TrainingListener.progressBar() : null;
    }

    /** The recipe started from: --config's, or the named one (paper with the cpu recipe's budget, network, seed). */
    private Recipe base() {
        if (config != null) {
            if (named != null) {
                throw new UsageException("--recipe and --config name two recipes: give one");
            }
            try {
                return Recipe.read(config);
            } catch (IOException e) {
                throw new UsageException("cannot read the recipe " + config + ": " + e.getMessage(), e);
            } catch (io.github.unode.core.DataFormatException e) {
                throw new UsageException(e.getMessage(), e);
            }
        }
        if (named == Named.paper) {
            Recipe cpu = Recipe.cpu();
            return Recipe.paper().withBudget(cpu.budget()).withNetwork(cpu.network()).withSeed(cpu.seed());
        }
        return Recipe.cpu();
    }

    /** The recipe's network for images of {@code shape} (the untrained baseline's backbone). */
    io.github.unode.model.Backbone backbone(io.github.unode.core.ImageShape shape) {
        try {
            return recipe(seed()).network().forShape(shape);
        } catch (IllegalStateException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    /** The seed of the run: --seed, or the recipe's. */
    long seed() {
        return budget != null && budget.seed != null ? budget.seed : base().seed();
    }

    /**
     * The recipe these options describe, with {@code seed} as its seed (a benchmark trains one
     * detector per seed). A value the library refuses is a bad command line ({@link UsageException}).
     */
    Recipe recipe(long seed) {
        try {
            return overridden(base(), seed);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    private Recipe overridden(Recipe r, long seed) {
        BudgetOptions b = budget != null ? budget : new BudgetOptions();
        if (b.width != null || b.stemStride != null) {
            if (b.width != null && (!(b.width > 0) || Double.isInfinite(b.width))) {
                throw new IllegalArgumentException("--width must be positive, got " + b.width);
            }
            Network.ResNet18 net = r.network() instanceof Network.ResNet18 n ? n : null;
            if (b.stemStride != null && net == null && b.width == null) {
                throw new IllegalArgumentException("--stem-stride sets the ResNet-18's stem; the recipe's network is "
                        + r.network());
            }
            int width = b.width != null ? Math.max(1, (int) Math.round(64 * b.width)) : net.width();
            int stem = b.stemStride != null ? b.stemStride : net != null ? net.stem() : 1;
            r = r.withNetwork(new Network.ResNet18(width, stem));
        }
        int batch = b.batchSize != null ? b.batchSize : r.budget().batchSize();
        if (b.epochs != null) {
            r = r.withBudget(new Budget.Epochs(b.epochs, batch));
        } else if (b.steps != null) {
            r = r.withBudget(new Budget.Steps(b.steps, batch));
        } else if (b.batchSize != null) {
            r = r.withBudget(r.budget() instanceof Budget.Steps s ? new Budget.Steps(s.steps(), batch)
                    : new Budget.Epochs(((Budget.Epochs) r.budget()).epochs(), batch));
        }
        r = r.withSeed(seed);
        if (optimiser != null) {
            OptimiserOptions o = optimiser;
            r = r.withOptimiser(r.optimiser().withLearningRate(or(o.learningRate, r.optimiser().learningRate()))
                    .withWarmupSteps(or(o.warmupSteps, r.optimiser().warmupSteps()))
                    .withExcludeBiasAndNorm(or(o.larsExclude, r.optimiser().excludeBiasAndNorm())));
        }
        if (loss != null) {
            LossOptions o = loss;
            Loss l = r.loss();
            r = r.withLoss(l.withContrastiveForm(or(o.contrastiveForm, l.contrastiveForm()))
                    .withTemperature(or(o.temperature, l.temperature()))
                    .withCrossEntropyReduction(or(o.ceReduction, l.crossEntropyReduction()))
                    .withWeights(or(o.contrastiveWeight, l.contrastiveWeight()),
                            or(o.crossEntropyWeight, l.crossEntropyWeight())));
        }
        r = r.withNegatives(negatives(r.negatives(), seed));
        if (score != null) {
            ScoreOptions o = score;
            ScoreRecipe sc = r.score();
            ScoreRecipe.PixelTerm p = sc.pixel().orElse(Recipe.cpu().score().pixelTerm());
            p = p.withBlur(or(o.pixelBlur, p.blur())).withCentre(or(o.pixelCentre, p.centre()))
                    .withWeight(or(o.pixelWeight, p.weight()));
            r = r.withScore(sc.withSpace(or(o.space, sc.space())).withHead(or(o.headScore, sc.head()))
                    .withTargetFpr(or(o.targetFpr, sc.targetFpr()))
                    .withPixelTerm(or(o.pixelTerm, sc.pixelTerm() != null) ? p : null));
        }
        return r;
    }

    private Negatives negatives(Negatives n, long seed) {
        NegativeOptions o = negatives != null ? negatives : new NegativeOptions();
        List<String> names = n.augmentations();
        int rMax = n.maxCompositions();
        if (o.augmentations != null) {
            names = AugmentationPool.standard().only(o.augmentations.toArray(String[]::new)).names();
            if (o.maxCompositions == null && n.maxCompositions() == n.augmentations().size()) {
                rMax = names.size(); // the paper's r ~ U(1, k) over the pool given
            } else if (o.maxCompositions == null) {
                rMax = Math.min(rMax, names.size()); // a pool smaller than the recipe's r_max composes all it has
            }
        }
        rMax = or(o.maxCompositions, rMax);
        if (rMax > names.size()) {
            throw new UsageException("--max-compositions " + rMax + " is more than the pool's " + names.size()
                    + " augmentation" + (names.size() == 1 ? "" : "s") + " (" + String.join(",", names) + ")");
        }
        Weighting w = n.weighting();
        if (o.weights != null) {
            w = new Weighting.Fixed(o.weights);
        } else if (o.autoAug && !(w instanceof Weighting.AutoAugOOD)) {
            w = Weighting.AutoAugOOD.defaults();
        }
        if (w instanceof Weighting.AutoAugOOD a) {
            if (config == null || budget != null && budget.seed != null) {
                a = a.withSeed(seed); // the command line's AutoAugOOD draws from the run's seed
            }
            a = a.withTemperature(or(o.tau, a.temperature())).withDivergence(or(o.divergence, a.divergence()));
            if (o.pretrained != null || o.pretrainedSize != null) {
                a = a.withPretrained(o.pretrained != null ? o.pretrained.toString() : a.pretrained(),
                        or(o.pretrainedSize, a.pretrainedSize()));
            }
            w = a;
        } else if (o.tau != null || o.divergence != null || o.pretrained != null || o.pretrainedSize != null) {
            throw new UsageException("--tau, --divergence and --pretrained set AutoAugOOD's weighting, which this"
                    + " recipe does not use: add --auto-aug");
        }
        return new Negatives(n.used(), names, rMax, or(o.negativeDraw, n.draw()), w); // names and weights checked together
    }

    private static <T> T or(T given, T recipe) {
        return given != null ? given : recipe;
    }

    /** The trainer these options describe, with the given seed. */
    UnodeTrainer trainer(long seed, TrainingListener listener) {
        return trainer(seed, listener, null);
    }

    /**
     * The trainer these options describe, writing a checkpoint to {@code checkpoint} after every
     * epoch (and resuming from one there) when it is not null. A value the library refuses is a
     * bad command line ({@link UsageException}).
     */
    UnodeTrainer trainer(long seed, TrainingListener listener, Path checkpoint) {
        engine.apply();
        Recipe recipe = recipe(seed);
        try {
            TrainerBuilder b = UnodeTrainer.from(recipe).device(device(device));
            if (checkpoint != null) {
                b.checkpointDirectory(checkpoint);
            }
            if (showProgress() && listener != null) {
                b.listener(listener);
            } else {
                // --quiet drops the progress, not the warnings
                b.listener(new TrainingListener() {
                    @Override
                    public void onWarning(String message) {
                        System.err.println("warning: " + message);
                    }
                });
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    /** {@code cpu}, {@code gpu}, {@code gpu1}: the device a person means. */
    static Device device(String name) {
        String n = name.trim().toLowerCase(java.util.Locale.ROOT);
        if (!n.matches("cpu|gpu\\d*")) {
            throw new UsageException("--device must be cpu, gpu or gpuN (N a GPU's index), got '" + name + "'");
        }
        Device d = Device.fromName(n);
        if (d.isGpu()) {
            int gpus = io.github.unode.internal.Engines.engine().getGpuCount();
            if (Math.max(0, d.getDeviceId()) >= gpus) { // "gpu" alone is gpu(-1), the first GPU
                throw new UsageException("--device " + n + ": the engine sees " + gpus + " GPU" + (gpus == 1 ? "" : "s")
                        + " (a GPU needs a CUDA native artifact of PyTorch on the class path and a CUDA driver)");
            }
        }
        return d;
    }
}
