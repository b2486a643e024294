package io.github.unode.train;

import static io.github.unode.train.Checks.check;

import ai.djl.Device;
import io.github.unode.augment.AugmentationPool;
import io.github.unode.augment.PositiveAugmentation;
import io.github.unode.augment.auto.AutoAugOOD;
import io.github.unode.model.Backbone;
import io.github.unode.model.FeatureExtractor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Fluent configuration of a {@link UnodeTrainer}, over a {@link Recipe}: the builder holds one
 * (METHOD's, {@link Recipe#method()}, unless {@link UnodeTrainer#from} gave another), and each
 * setting's setter replaces that part of it through the part's {@code with...} method, so a bad
 * value is refused at once, with the recipe's message. {@link #recipe(Recipe)} sets the whole
 * recipe; a setting without a setter here is set that way. Not part of a recipe: the device,
 * listeners, checkpoint directory, and objects given in code (a backbone, pool, feature extractor,
 * AutoAugOOD or positive-view augmentation; the recipe records what it can of them). The settings
 * of calibration and scoring ({@code holdOutFraction}, {@code targetFpr}, {@code pixelTerm}, ...)
 * are declared in {@code ScoreSettings}.
 */
public final class TrainerBuilder extends ScoreSettings {

    TrainerBuilder() {}

    /**
     * Sets every setting to {@code recipe}'s (the device, listeners and checkpoint directory
     * are not part of a recipe and stay as they are).
     *
     * @throws IllegalArgumentException if the recipe names an augmentation the standard pool
     *     lacks, or a pretrained network that cannot be read
     */
    public TrainerBuilder recipe(Recipe recipe) {
        s.apply(Objects.requireNonNull(recipe, "recipe"));
        return this;
    }

    /**
     * The recipe as set so far (always valid). A backbone, feature extractor, pool order or
     * positive-view augmentation given in code is recorded by what it is (see {@link Recipe}).
     */
    public Recipe recipe() {
        return s.recipe;
    }

    /**
     * Whether training uses negatives at all (default true). Without them the main phase is
     * plain SimCLR on the inliers, the contrastive loss over the 2B views and no head loss:
     * the "None" column of the paper's Table 4. The head stays as initialised, so only
     * {@code O_sim} means anything; the detector still calibrates the full score.
     */
    public TrainerBuilder negatives(boolean on) {
        s.negatives(n -> n.withUsed(on));
        return this;
    }

    /** The encoder (default: the standard ResNet-18 for the inliers' shape). */
    public TrainerBuilder backbone(Backbone backbone) {
        Objects.requireNonNull(backbone, "backbone");
        s.backbone = shape -> backbone;
        s.recipe = s.recipe.withNetwork(Network.of(backbone.spec()));
        s.backboneNeeded = false;
        return this;
    }

    /** Passes over the training inliers (default 20); {@link #steps} replaces it when positive. */
    public TrainerBuilder epochs(int epochs) {
        check(epochs >= 1, "epochs must be at least 1, got " + epochs);
        s.epochs = epochs;
        if (s.recipe.budget() instanceof Budget.Epochs) {
            s.recipe = s.recipe.withBudget(new Budget.Epochs(epochs, s.recipe.budget().batchSize()));
        }
        return this;
    }

    /** Inliers per step {@code B} (each step forwards {@code 4B} views). */
    public TrainerBuilder batchSize(int batchSize) {
        s.recipe = s.recipe.withBudget(s.recipe.budget().withBatchSize(batchSize));
        return this;
    }

    /** Base learning rate; the warm-up climbs to {@code peakMultiplier} times it. */
    public TrainerBuilder learningRate(float learningRate) {
        s.optimiser(o -> o.withLearningRate(learningRate));
        return this;
    }

    /** The warm-up ends at this multiple of the base learning rate (default 10). */
    public TrainerBuilder peakMultiplier(float peakMultiplier) {
        s.optimiser(o -> o.withPeakMultiplier(peakMultiplier));
        return this;
    }

    /** The warm-up as a share of all steps (default 0.1); replaces a {@link #warmupSteps} given before. */
    public TrainerBuilder warmupFraction(double warmupFraction) {
        s.optimiser(o -> o.withWarmupFraction(warmupFraction));
        return this;
    }

    /**
     * The warm-up in optimiser steps (the paper: 10), capped at a phase's length; replaces a
     * {@link #warmupFraction} given before.
     */
    public TrainerBuilder warmupSteps(int steps) {
        s.optimiser(o -> o.withWarmupSteps(steps));
        return this;
    }

    /** NT-Xent temperature. */
    public TrainerBuilder temperature(float temperature) {
        s.loss(l -> l.withTemperature(temperature));
        return this;
    }

    /** {@code lambda_ce}, the weight of the head's cross-entropy (1; 0 trains the contrastive loss alone). */
    public TrainerBuilder crossEntropyWeight(float weight) {
        s.loss(l -> l.withCrossEntropyWeight(weight));
        return this;
    }

    /**
     * Weight of the contrastive loss (1; 0 trains the binary head alone, as in the
     * "cross-entropy only" ablation of the paper's Table 5). At least one of the two weights
     * must be positive.
     */
    public TrainerBuilder contrastiveWeight(float weight) {
        s.loss(l -> l.withContrastiveWeight(weight));
        return this;
    }

    /** The contrastive loss's form (default {@link Losses.ContrastiveForm#ALL_ANCHORS}). */
    public TrainerBuilder contrastiveForm(Losses.ContrastiveForm form) {
        Objects.requireNonNull(form, "form");
        s.loss(l -> l.withContrastiveForm(form));
        return this;
    }

    /** How the head's cross-entropy is reduced (default {@link Losses.CrossEntropyReduction#MEAN}). */
    public TrainerBuilder crossEntropyReduction(Losses.CrossEntropyReduction reduction) {
        Objects.requireNonNull(reduction, "reduction");
        s.loss(l -> l.withCrossEntropyReduction(reduction));
        return this;
    }

    /** How negatives are drawn and shared between the views (default {@link NegativeDraw#INDEPENDENT}). */
    public TrainerBuilder negativeDraw(NegativeDraw draw) {
        Objects.requireNonNull(draw, "draw");
        s.negatives(n -> n.withDraw(draw));
        return this;
    }

    /**
     * Whether LARS leaves biases and batch-norm parameters out of its trust ratio and weight
     * decay, as SimCLR's LARS does (default false: every parameter is adapted).
     */
    public TrainerBuilder larsExcludeBiasAndNorm(boolean on) {
        s.optimiser(o -> o.withExcludeBiasAndNorm(on));
        return this;
    }

    /** LARS momentum (default 0.9). */
    public TrainerBuilder momentum(float momentum) {
        s.optimiser(o -> o.withMomentum(momentum));
        return this;
    }

    /** LARS weight decay (default 1e-6). */
    public TrainerBuilder weightDecay(float weightDecay) {
        s.optimiser(o -> o.withWeightDecay(weightDecay));
        return this;
    }

    /** LARS trust coefficient (default 0.001). */
    public TrainerBuilder trustCoefficient(float trust) {
        s.optimiser(o -> o.withTrustCoefficient(trust));
        return this;
    }

    /** {@code r_max}: negatives compose 1 to this many hard augmentations. */
    public TrainerBuilder maxCompositions(int rMax) {
        s.negatives(n -> n.withMaxCompositions(rMax));
        return this;
    }

    /** The seed of every random draw of training and of the split (default {@link Recipe#DEFAULT_SEED}). */
    public TrainerBuilder seed(long seed) {
        s.recipe = s.recipe.withSeed(seed);
        return this;
    }

    /** The hard-augmentation pool negatives are drawn from (default: all but mixup). */
    public TrainerBuilder augmentations(AugmentationPool pool) {
        Objects.requireNonNull(pool, "pool");
        s.negatives(n -> n.withAugmentations(pool.names()));
        s.pool = pool;
        return this;
    }

    /** Fixed weights of the pool's augmentations by name (default: uniform). */
    public TrainerBuilder augmentationWeights(Map<String, Double> weights) {
        s.weights = weights == null ? null : new LinkedHashMap<>(weights);
        s.reweigh();
        return this;
    }

    /** The positive-pair augmentation (default: METHOD 4.2's for the image shape). */
    public TrainerBuilder positiveViews(PositiveAugmentation.Config config) {
        s.positive = config;
        return this;
    }

    /** Where training runs (default the CPU); not part of the recipe. */
    public TrainerBuilder device(Device device) {
        s.device = Objects.requireNonNull(device, "device");
        return this;
    }

    /**
     * Weighs the augmentations automatically before training (METHOD section 3). Ignored when
     * fixed weights are given with {@link #augmentationWeights}.
     */
    public TrainerBuilder autoAugOOD(AutoAugOOD autoAugOOD) {
        s.autoAugOOD = autoAugOOD;
        s.reweigh();
        return this;
    }

    /**
     * AutoAugOOD's feature extractor (a {@link io.github.unode.model.PretrainedBackbone}); without
     * one, the encoder after {@link #warmupEpochs} epochs of self-supervised warm-up serves.
     */
    public TrainerBuilder featureExtractor(FeatureExtractor psi) {
        s.featureExtractor = psi;
        s.pretrainedFile = null; // given in code: not part of the recipe
        s.reweigh();
        return this;
    }

    /** Epochs of plain SimCLR before AutoAugOOD when no feature extractor is given (default 3). */
    public TrainerBuilder warmupEpochs(int epochs) {
        if (epochs < 0) {
            throw new IllegalArgumentException("warm-up epochs must be non-negative, got " + epochs);
        }
        s.warmupEpochs = epochs;
        s.reweigh();
        return this;
    }

    /**
     * Keeps the earliest {@code fraction} of the encoder's parameters fixed for the first
     * {@code epochs} epochs (METHOD 4.8), for pretrained backbones.
     */
    public TrainerBuilder freezeEarlyLayers(int epochs, double fraction) {
        if (epochs < 0 || !(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("freeze needs epochs >= 0 and a fraction in (0, 1], got "
                    + epochs + ", " + fraction);
        }
        s.optimiser(o -> o.withFreeze(epochs, fraction));
        return this;
    }

    /**
     * Writes a checkpoint to {@code dir} after every epoch (atomically), and resumes from it
     * when {@link UnodeTrainer#fit} finds one for the same data and settings; the checkpoint is
     * deleted when training completes. On the CPU a resumed run ends with the same detector as
     * an uninterrupted one. The directory is the checkpoint's alone: {@code fit} refuses one
     * that holds anything but a checkpoint (an {@link java.io.UncheckedIOException} wrapping an
     * {@link io.github.unode.core.ExistingOutputException}), and only the checkpoint's own
     * files are ever deleted.
     */
    public TrainerBuilder checkpointDirectory(java.nio.file.Path dir) {
        s.checkpointDirectory = dir;
        return this;
    }

    /**
     * Trains for about this many optimiser steps instead of a fixed number of epochs (0, the
     * default, uses {@link #epochs}): the epochs become {@code max(1, round(steps /
     * stepsPerEpoch))} for the inliers given to {@code fit}, so that one setting gives small
     * and large inlier sets the same compute. The detector's configuration records both.
     */
    public TrainerBuilder steps(int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be 0 (use epochs) or positive, got " + steps);
        }
        int b = s.recipe.budget().batchSize();
        s.recipe = s.recipe.withBudget(steps > 0 ? new Budget.Steps(steps, b) : new Budget.Epochs(s.epochs, b));
        return this;
    }

    /** Adds a listener of training's progress; not part of the recipe. */
    public TrainerBuilder listener(TrainingListener listener) {
        s.listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** Validates the settings. */
    public UnodeTrainer build() {
        return new UnodeTrainer(s);
    }
}
