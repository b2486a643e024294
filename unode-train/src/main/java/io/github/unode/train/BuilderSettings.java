package io.github.unode.train;

import ai.djl.Device;
import io.github.unode.augment.AugmentationPool;
import io.github.unode.augment.PositiveAugmentation;
import io.github.unode.augment.auto.AutoAugOOD;
import io.github.unode.core.ImageShape;
import io.github.unode.model.Backbone;
import io.github.unode.model.FeatureExtractor;
import io.github.unode.score.EmbeddingBank;
import io.github.unode.score.ScoreRecipe;
import io.github.unode.score.ScoreSpace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The mutable settings behind a {@link TrainerBuilder}: the recipe's, field by field, and what is
 * given in code beside it. Converts them to a {@link Recipe} and back.
 */
final class BuilderSettings {
    int epochs = 20;
    int batchSize = 64;
    float learningRate = 0.1f;
    float peakMultiplier = 10f;
    double warmupFraction = 0.1;
    int warmupSteps = -1;
    float temperature = 0.5f;
    float crossEntropyWeight = 1f;
    float contrastiveWeight = 1f;
    Losses.ContrastiveForm contrastiveForm = Losses.ContrastiveForm.ALL_ANCHORS;
    Losses.CrossEntropyReduction crossEntropyReduction = Losses.CrossEntropyReduction.MEAN;
    NegativeDraw negativeDraw = NegativeDraw.INDEPENDENT;
    boolean larsExcludeBiasAndNorm;
    float momentum = 0.9f;
    float weightDecay = 1e-6f;
    float trustCoefficient = 1e-3f;
    int maxCompositions = 2;
    double holdOutFraction = 0.1;
    ScoreSpace scoreSpace = ScoreSpace.FEATURES;
    double targetFpr = 0.05;
    long seed = TrainingConfig.DEFAULT_SEED;
    Function<ImageShape, Backbone> backbone = Backbone::resNet18;
    AugmentationPool pool = AugmentationPool.standard();
    Map<String, Double> weights;
    PositiveAugmentation.Config positive;
    Device device = Device.cpu();
    final List<TrainingListener> listeners = new ArrayList<>();
    AutoAugOOD autoAugOOD;
    FeatureExtractor featureExtractor;
    int warmupEpochs = 3;
    int freezeEpochs;
    double freezeFraction = 0.5;
    java.nio.file.Path checkpointDirectory;
    EmbeddingBank.Precision bankPrecision = EmbeddingBank.Precision.FLOAT32;
    boolean pixelTerm;
    double pixelBlur = 1.0;
    boolean pixelCentre = true;
    double pixelWeight = 4.0;
    int steps;
    io.github.unode.score.HeadScore headScore = io.github.unode.score.HeadScore.LOG_ODDS;
    boolean negatives = true;
    /** What the recipe records of the backbone. */
    Network network = new Network.ResNet18(64);
    /** Whether the recipe's backbone was given in code and has not been given to this builder. */
    boolean backboneNeeded;
    /** The TorchScript file of a pretrained feature extractor set from a recipe, or null. */
    String pretrainedFile;
    int pretrainedSize = 224;


    /** Sets every recipe setting to {@code recipe}'s; the device, listeners and checkpoint directory stay. */
    void apply(Recipe recipe) {
        Objects.requireNonNull(recipe, "recipe");
        Network n = recipe.network();
        backboneNeeded = n instanceof Network.Given;
        if (!backboneNeeded) {
            backbone = n::forShape;
        }
        network = n;
        batchSize = recipe.budget().batchSize();
        if (recipe.budget() instanceof Budget.Steps st) {
            steps = st.steps();
            epochs = 1;
        } else {
            epochs = ((Budget.Epochs) recipe.budget()).epochs();
            steps = 0;
        }
        Optimiser o = recipe.optimiser();
        learningRate = o.learningRate();
        peakMultiplier = o.peakMultiplier();
        warmupFraction = o.warmupFraction();
        warmupSteps = o.warmupSteps() == null ? -1 : o.warmupSteps();
        momentum = o.momentum();
        weightDecay = o.weightDecay();
        trustCoefficient = o.trustCoefficient();
        larsExcludeBiasAndNorm = o.excludeBiasAndNorm();
        freezeEpochs = o.freezeEpochs();
        freezeFraction = o.freezeFraction();
        Loss l = recipe.loss();
        contrastiveForm = l.contrastiveForm();
        temperature = l.temperature();
        contrastiveWeight = l.contrastiveWeight();
        crossEntropyReduction = l.crossEntropyReduction();
        crossEntropyWeight = l.crossEntropyWeight();
        Negatives ng = recipe.negatives();
        negatives = ng.used();
        pool = ng.pool();
        maxCompositions = ng.maxCompositions();
        negativeDraw = ng.draw();
        weights = null;
        autoAugOOD = null;
        featureExtractor = null;
        pretrainedFile = null;
        if (ng.weighting() instanceof Weighting.Fixed f) {
            weights = new LinkedHashMap<>(f.weights());
        } else if (ng.weighting() instanceof Weighting.AutoAugOOD a) {
            autoAugOOD = AutoAugOOD.builder().temperature(a.temperature()).divergence(a.divergence())
                    .maxImages(a.maxImages()).pcaDimensions(a.pcaDimensions()).seed(a.seed()).build();
            warmupEpochs = a.warmupEpochs();
            pretrainedSize = a.pretrainedSize();
            if (a.pretrained() != null) {
                featureExtractor = io.github.unode.model.PretrainedBackbone.torchScript(
                        java.nio.file.Path.of(a.pretrained()),
                        io.github.unode.model.Preprocessing.imageNet(a.pretrainedSize()));
                pretrainedFile = a.pretrained();
            }
        }
        ScoreRecipe sc = recipe.score();
        scoreSpace = sc.space();
        headScore = sc.head();
        bankPrecision = sc.bankPrecision();
        holdOutFraction = sc.holdOutFraction();
        targetFpr = sc.targetFpr();
        pixelTerm = sc.pixelTerm() != null;
        if (pixelTerm) {
            pixelBlur = sc.pixelTerm().blur();
            pixelCentre = sc.pixelTerm().centre();
            pixelWeight = sc.pixelTerm().weight();
        }
        seed = recipe.seed();
    }

    /** The recipe these settings make, validated. */
    Recipe recipe() {
        Budget budget = steps > 0 ? new Budget.Steps(steps, batchSize) : new Budget.Epochs(epochs, batchSize);
        Optimiser o = new Optimiser(learningRate, peakMultiplier, warmupFraction,
                warmupSteps < 0 ? null : warmupSteps, momentum, weightDecay, trustCoefficient,
                larsExcludeBiasAndNorm, freezeEpochs, freezeFraction);
        Loss l = new Loss(contrastiveForm, temperature, contrastiveWeight, crossEntropyReduction,
                crossEntropyWeight);
        Weighting w;
        if (weights != null) {
            w = new Weighting.Fixed(weights);
        } else if (autoAugOOD != null) {
            AutoAugOOD.Config c = autoAugOOD.config();
            w = new Weighting.AutoAugOOD(c.temperature(), c.divergence(), c.maxImages(), c.pcaDimensions(), c.seed(),
                    warmupEpochs, featureExtractor == null ? null : pretrainedFile, pretrainedSize);
        } else {
            w = new Weighting.Uniform();
        }
        Negatives ng = new Negatives(negatives, pool.names(), maxCompositions, negativeDraw, w);
        ScoreRecipe sc = new ScoreRecipe(scoreSpace, headScore, bankPrecision, holdOutFraction, targetFpr,
                pixelTerm ? new ScoreRecipe.PixelTerm(pixelBlur, pixelCentre, pixelWeight) : null);
        return new Recipe(network, budget, o, l, ng, sc, seed);
    }

    /** The trainer's loop configuration. */
    TrainingConfig config() {
        return new TrainingConfig(epochs, batchSize, learningRate, peakMultiplier, warmupFraction,
                warmupSteps, temperature, crossEntropyWeight, contrastiveWeight, contrastiveForm,
                crossEntropyReduction, negativeDraw, momentum, weightDecay, trustCoefficient,
                larsExcludeBiasAndNorm, maxCompositions, holdOutFraction, scoreSpace, targetFpr, seed);
    }
}
