package io.github.unode.cli;

import ai.djl.Device;
import io.github.unode.augment.AugmentationPool;
import io.github.unode.augment.auto.AutoAugOOD;
import io.github.unode.core.ImageShape;
import io.github.unode.model.Backbone;
import io.github.unode.model.Preprocessing;
import io.github.unode.model.PretrainedBackbone;
import io.github.unode.score.ScoreSpace;
import io.github.unode.train.TrainingListener;
import io.github.unode.train.UnodeTrainer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import io.github.unode.augment.auto.Divergence;
import io.github.unode.score.HeadScore;
import io.github.unode.train.Losses;
import io.github.unode.train.NegativeDraw;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * How a detector is trained (shared by demo, train and benchmark): a named recipe, and options
 * that override it. With {@code --recipe cpu} (the default) every option's default is the CPU
 * recipe's; with {@code --recipe paper} only the options given on the command line change
 * {@link UnodeTrainer#paperMethod()}, and the budget ({@code --steps}, {@code --epochs}), the
 * width, the batch size and the seed always apply.
 */
final class TrainOptions {
    /** The named recipes. */
    enum Recipe {
        /** The command line's CPU recipe (docs/accuracy.md). */
        cpu,
        /** The paper's method in every respect it states ({@link UnodeTrainer#paperMethod()}). */
        paper
    }

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--recipe", description = "cpu (the command line's recipe, measured in docs/accuracy.md) or paper"
            + " (the paper's method in every respect it states, docs/method.md); options given explicitly override"
            + " it (default: ${DEFAULT-VALUE}).", defaultValue = "cpu")
    Recipe recipe;
    @Option(names = "--epochs", description = "Training epochs (default: as many as make about --steps steps).")
    Integer epochs;

    @Option(names = "--steps", description = "Train for about this many optimiser steps when --epochs is not given:"
            + " epochs = round(steps / steps per epoch), the same compute for small and large inlier sets"
            + " (default: ${DEFAULT-VALUE}).", defaultValue = "200")
    int steps;

    @Option(names = "--batch-size", description = "Inliers per step; each step sees 4x as many views (default: ${DEFAULT-VALUE}).",
            defaultValue = "64")
    int batchSize;

    @Option(names = "--width", description = "ResNet-18 width multiplier (default: ${DEFAULT-VALUE}: 16-32-64-128 filters).",
            defaultValue = "0.25")
    double width;

    @Option(names = "--lr", description = "Base learning rate (default: ${DEFAULT-VALUE}; the library's default, 0.1,"
            + " is METHOD's for long runs: short CPU runs measured better with 0.4).", defaultValue = "0.4")
    float learningRate;

    @Option(names = "--seed", description = "Seed of every random draw (default: ${DEFAULT-VALUE}).", defaultValue = "1")
    long seed;

    @Option(names = "--augmentations", split = ",", description = "Hard augmentations to draw negatives from"
            + " (default: all but mixup): rotate, vflip, cutout, cutpaste, cutperm, elastic, blur, noise, sobel, invert.")
    List<String> augmentations;

    @Option(names = "--weights", split = ",", description = "Fixed augmentation weights, name=weight,... (default: uniform,"
            + " or AutoAugOOD's with --auto-aug).")
    Map<String, Double> weights;

    @Option(names = "--auto-aug", description = "Weigh the augmentations with AutoAugOOD before training.")
    boolean autoAug;

    @Option(names = "--tau", description = "AutoAugOOD softmax temperature (default: ${DEFAULT-VALUE}).", defaultValue = "1")
    double tau;

    @Option(names = "--pretrained", description = "A TorchScript file: the backbone AutoAugOOD measures with"
            + " (ImageNet normalisation, RGB at --pretrained-size).")
    Path pretrained;

    @Option(names = "--pretrained-size", description = "Input side of the pretrained backbone (default: ${DEFAULT-VALUE}).",
            defaultValue = "224")
    int pretrainedSize;

    @Option(names = "--space", description = "Space of the similarity term: FEATURES or PROJECTION (default: ${DEFAULT-VALUE}).",
            defaultValue = "FEATURES")
    ScoreSpace space;

    @Option(names = "--max-compositions", description = "r_max, hard augmentations per negative (default: ${DEFAULT-VALUE}).",
            defaultValue = "2")
    int maxCompositions;

    @Option(names = "--pixel-term", negatable = true, fallbackValue = "true", description = "Add the pixel term to the"
            + " score: distance to the nearest training inlier in raw pixels, balanced on held-out inliers"
            + " (default: ${DEFAULT-VALUE}; --no-pixel-term for similarity + head only).", defaultValue = "true")
    boolean pixelTerm;

    @Option(names = "--pixel-blur", description = "Standard deviation in pixels of the Gaussian blur of the pixel term's"
            + " images (default: ${DEFAULT-VALUE}; 0 compares raw pixels).", defaultValue = "1")
    double pixelBlur;

    @Option(names = "--pixel-centre", negatable = true, fallbackValue = "true", description = "Subtract each image's"
            + " mean value in the pixel term (default: ${DEFAULT-VALUE}; --no-pixel-centre compares absolute values).",
            defaultValue = "true")
    boolean pixelCentre;

    @Option(names = "--pixel-weight", description = "Weight of the pixel term, as a multiple of its balance against the"
            + " similarity on held-out inliers (default: ${DEFAULT-VALUE}, chosen on a validation split of the"
            + " training set; 1 weighs it like the head).", defaultValue = "4")
    double pixelWeight;

    @Option(names = "--contrastive-weight", description = "Weight of the contrastive loss; 0 trains the head alone"
            + " (default: ${DEFAULT-VALUE}: on a CPU budget the head alone measured better, docs/accuracy.md;"
            + " 1 is the paper's method).", defaultValue = "0")
    float contrastiveWeight;

    @Option(names = "--ce-weight", description = "Weight of the head's cross-entropy; 0 trains the contrastive loss alone"
            + " (default: ${DEFAULT-VALUE}).", defaultValue = "1")
    float crossEntropyWeight;

    @Option(names = "--target-fpr", description = "False-positive rate of the calibrated threshold (default: ${DEFAULT-VALUE}).",
            defaultValue = "0.05")
    double targetFpr;

    @Option(names = "--contrastive-form", description = "The contrastive loss: ALL_ANCHORS (every one of the 4B views an"
            + " anchor, the public code), INLIER_ANCHORS, or PAPER (eq. 9-11 exactly) (default: ${DEFAULT-VALUE}).",
            defaultValue = "ALL_ANCHORS")
    Losses.ContrastiveForm contrastiveForm;

    @Option(names = "--temperature", description = "Temperature of the contrastive loss (default: ${DEFAULT-VALUE};"
            + " the paper's eq. 9 prints none, i.e. 1).", defaultValue = "0.5")
    float temperature;

    @Option(names = "--ce-reduction", description = "The head's cross-entropy over the batch: MEAN or PAPER_SUM (eq. 12)"
            + " (default: ${DEFAULT-VALUE}).", defaultValue = "MEAN")
    Losses.CrossEntropyReduction ceReduction;

    @Option(names = "--negative-draw", description = "INDEPENDENT (two draws per image, one per view), PER_IMAGE (one"
            + " per image, both views) or PER_BATCH (one composition for the batch, both views: the paper)"
            + " (default: ${DEFAULT-VALUE}).", defaultValue = "INDEPENDENT")
    NegativeDraw negativeDraw;

    @Option(names = "--head-score", description = "O_bin: LOG_ODDS or PROBABILITY (the paper's eq. 14)"
            + " (default: ${DEFAULT-VALUE}).", defaultValue = "LOG_ODDS")
    HeadScore headScore;

    @Option(names = "--divergence", description = "AutoAugOOD's divergence: SYMMETRIC_KL (eq. 7, no floor),"
            + " SYMMETRIC_KL_FLOORED or JENSEN_SHANNON (default: ${DEFAULT-VALUE}).", defaultValue = "SYMMETRIC_KL")
    Divergence divergence;

    @Option(names = "--warmup-steps", description = "Learning-rate warm-up in optimiser steps (default: 10%% of the"
            + " steps; the paper: 10).")
    Integer warmupSteps;

    @Option(names = "--lars-exclude-bias-norm", description = "LARS leaves biases and batch-norm parameters out of"
            + " its trust ratio and weight decay, as SimCLR's does.")
    boolean larsExclude;

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

    Backbone backbone(ImageShape shape) {
        return Backbone.resNet18(shape, width);
    }

    /** Runs {@code apply} under the cpu recipe (every option's default is the recipe's) or when {@code option} was given. */
    private void override(boolean cpu, String option, Runnable apply) {
        if (cpu || given(option)) {
            apply.run();
        }
    }

    /** Whether {@code option} was given on the command line (as opposed to its default). */
    private boolean given(String option) {
        return mixee != null && mixee.commandLine() != null && mixee.commandLine().getParseResult() != null
                && mixee.commandLine().getParseResult().hasMatchedOption(option);
    }

    /** The trainer these options describe, for images of {@code shape}, with the given seed. */
    UnodeTrainer trainer(ImageShape shape, long seed, TrainingListener listener) {
        return trainer(shape, seed, listener, null);
    }

    /**
     * The trainer these options describe, writing a checkpoint to {@code checkpoint} after every
     * epoch (and resuming from one there) when it is not null. A value the library refuses is a
     * bad command line ({@link UsageException}).
     */
    UnodeTrainer trainer(ImageShape shape, long seed, TrainingListener listener, Path checkpoint) {
        engine.apply();
        try {
            return build(shape, seed, listener, checkpoint);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    private UnodeTrainer build(ImageShape shape, long seed, TrainingListener listener, Path checkpoint) {
        boolean cpu = recipe != Recipe.paper;
        UnodeTrainer.Builder b = cpu ? UnodeTrainer.builder() : UnodeTrainer.paperMethod();
        b.backbone(backbone(shape)).epochs(epochs == null ? 1 : epochs).steps(epochs == null ? steps : 0)
                .batchSize(batchSize).seed(seed);
        override(cpu, "--augmentations", () -> b.augmentations(augmentations == null ? AugmentationPool.standard()
                : AugmentationPool.standard().only(augmentations.toArray(String[]::new))));
        override(cpu, "--lr", () -> b.learningRate(learningRate));
        override(cpu, "--weights", () -> b.augmentationWeights(weights));
        if (cpu || given("--max-compositions")) {
            b.maxCompositions(maxCompositions);
        } else if (augmentations != null) {
            b.maxCompositions(augmentations.size()); // the paper's r ~ U(1, k) over the pool given
        }
        override(cpu, "--space", () -> b.scoreSpace(space));
        override(cpu, "--target-fpr", () -> b.targetFpr(targetFpr));
        override(cpu, "--contrastive-weight", () -> b.contrastiveWeight(contrastiveWeight));
        override(cpu, "--ce-weight", () -> b.crossEntropyWeight(crossEntropyWeight));
        override(cpu, "--pixel-term", () -> b.pixelTerm(pixelTerm));
        override(cpu, "--pixel-blur", () -> b.pixelBlur(pixelBlur));
        override(cpu, "--pixel-centre", () -> b.pixelCentre(pixelCentre));
        override(cpu, "--pixel-weight", () -> b.pixelWeight(pixelWeight));
        override(cpu, "--contrastive-form", () -> b.contrastiveForm(contrastiveForm));
        override(cpu, "--temperature", () -> b.temperature(temperature));
        override(cpu, "--ce-reduction", () -> b.crossEntropyReduction(ceReduction));
        override(cpu, "--negative-draw", () -> b.negativeDraw(negativeDraw));
        override(cpu, "--head-score", () -> b.headScore(headScore));
        b.device(device(device));
        if (checkpoint != null) {
            b.checkpointDirectory(checkpoint);
        }
        if (warmupSteps != null) {
            b.warmupSteps(warmupSteps);
        }
        override(cpu, "--lars-exclude-bias-norm", () -> b.larsExcludeBiasAndNorm(larsExclude));
        boolean auto = cpu ? autoAug : !given("--weights");
        if (auto) {
            double t = cpu || given("--tau") ? tau : 1;
            Divergence d = cpu || given("--divergence") ? divergence : Divergence.SYMMETRIC_KL;
            b.autoAugOOD(AutoAugOOD.builder().temperature(t).divergence(d).seed(seed).build());
            if (pretrained != null) {
                b.featureExtractor(PretrainedBackbone.torchScript(pretrained, Preprocessing.imageNet(pretrainedSize)));
            }
        } else {
            b.autoAugOOD(null);
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
    }

    /** {@code cpu}, {@code gpu}, {@code gpu1}: the device a person means. */
    static Device device(String name) {
        String n = name.trim().toLowerCase(java.util.Locale.ROOT);
        if (!n.matches("cpu|gpu\\d*")) {
            throw new UsageException("--device must be cpu, gpu or gpuN (N a GPU's index), got '" + name + "'");
        }
        return Device.fromName(n);
    }
}
