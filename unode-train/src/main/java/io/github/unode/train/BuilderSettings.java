package io.github.unode.train;

import ai.djl.Device;
import io.github.unode.augment.AugmentationPool;
import io.github.unode.augment.PositiveAugmentation;
import io.github.unode.augment.auto.AutoAugOOD;
import io.github.unode.core.ImageShape;
import io.github.unode.model.Backbone;
import io.github.unode.model.FeatureExtractor;
import io.github.unode.score.ScoreRecipe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * What a {@link TrainerBuilder} holds: the {@link Recipe} (every setter replaces one of its
 * parts, validated at once), what is given in code beside it, and the few values the recipe has
 * no place for while a setting is off (a pixel term's blur while the term is off, the epochs
 * while the budget is in steps, AutoAugOOD's warm-up while fixed weights are used).
 */
final class BuilderSettings {
    /** The recipe, which every other part of the trainer reads. */
    Recipe recipe = Recipe.method();

    // Given in code beside the recipe (or made from it).
    Function<ImageShape, Backbone> backbone = recipe.network()::forShape;
    /** Whether the recipe's backbone was given in code and has not been given to this builder. */
    boolean backboneNeeded;
    AugmentationPool pool = AugmentationPool.standard();
    PositiveAugmentation.Config positive;
    Device device = Device.cpu();
    final List<TrainingListener> listeners = new ArrayList<>();
    Path checkpointDirectory;
    /** The AutoAugOOD given in code or made from the recipe, or null. */
    AutoAugOOD autoAugOOD;
    FeatureExtractor featureExtractor;
    /** The TorchScript file of a pretrained feature extractor set from a recipe, or null. */
    String pretrainedFile;

    // Kept while the recipe has no place for them.
    /** The epochs {@code steps(0)} returns to. */
    int epochs = 20;
    /** The pixel term {@code pixelTerm(true)} switches on. */
    ScoreRecipe.PixelTerm pixel = new ScoreRecipe.PixelTerm(1.0, true, 4.0);
    /** Fixed weights given, or null; they take precedence over AutoAugOOD. */
    Map<String, Double> weights;
    int warmupEpochs = 3;
    int pretrainedSize = 224;

    /** Sets every recipe setting to {@code recipe}'s; the device, listeners and checkpoint directory stay. */
    void apply(Recipe r) {
        Objects.requireNonNull(r, "recipe");
        Network n = r.network();
        backboneNeeded = n instanceof Network.Given;
        if (!backboneNeeded) {
            backbone = n::forShape;
        }
        pool = r.negatives().pool();
        if (r.budget() instanceof Budget.Epochs e) {
            epochs = e.epochs();
        }
        weights = null;
        autoAugOOD = null;
        featureExtractor = null;
        pretrainedFile = null;
        Weighting w = r.negatives().weighting();
        if (w instanceof Weighting.Fixed f) {
            weights = new LinkedHashMap<>(f.weights());
        } else if (w instanceof Weighting.AutoAugOOD a) {
            autoAugOOD = a.algorithm();
            warmupEpochs = a.warmupEpochs();
            pretrainedSize = a.pretrainedSize();
            if (a.pretrained() != null) {
                featureExtractor = io.github.unode.model.PretrainedBackbone.torchScript(Path.of(a.pretrained()),
                        io.github.unode.model.Preprocessing.imageNet(a.pretrainedSize()));
                pretrainedFile = a.pretrained();
            }
        }
        if (r.score().pixelTerm() != null) {
            pixel = r.score().pixelTerm();
        }
        recipe = r;
    }

    void optimiser(UnaryOperator<Optimiser> change) {
        recipe = recipe.withOptimiser(change.apply(recipe.optimiser()));
    }

    void loss(UnaryOperator<Loss> change) {
        recipe = recipe.withLoss(change.apply(recipe.loss()));
    }

    void negatives(UnaryOperator<Negatives> change) {
        recipe = recipe.withNegatives(change.apply(recipe.negatives()));
    }

    void score(UnaryOperator<ScoreRecipe> change) {
        recipe = recipe.withScore(change.apply(recipe.score()));
    }

    /** Changes the pixel term kept for {@code pixelTerm(true)}, and the recipe's if it has one. */
    void pixel(UnaryOperator<ScoreRecipe.PixelTerm> change) {
        pixel = change.apply(pixel);
        if (recipe.score().pixelTerm() != null) {
            score(s -> s.withPixelTerm(pixel));
        }
    }

    /** The recipe's weighting from what was given: fixed weights, else AutoAugOOD, else uniform. */
    void reweigh() {
        Weighting w = weights != null ? new Weighting.Fixed(weights)
                : autoAugOOD != null ? Weighting.AutoAugOOD.of(autoAugOOD.config(), warmupEpochs,
                        featureExtractor == null ? null : pretrainedFile, pretrainedSize)
                : new Weighting.Uniform();
        negatives(n -> n.withWeighting(w));
    }

    /** The fixed weights the trainer samples by, or null. */
    Map<String, Double> fixedWeights() {
        return recipe.negatives().weighting() instanceof Weighting.Fixed f ? f.weights() : null;
    }
}
