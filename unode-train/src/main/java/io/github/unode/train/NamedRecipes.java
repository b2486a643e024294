package io.github.unode.train;

import io.github.unode.augment.AugmentationPool;
import io.github.unode.score.EmbeddingBank;
import io.github.unode.score.HeadScore;
import io.github.unode.score.ScoreRecipe;
import io.github.unode.score.ScoreSpace;
import java.util.List;

/**
 * The named recipes' settings, value by value: {@link Recipe#method()}, {@link Recipe#paper()} and
 * {@link Recipe#cpu()} say what each is and why; this is where their numbers live.
 */
final class NamedRecipes {
    private NamedRecipes() {}

    /** The names {@link #named} knows. */
    static final List<String> NAMES = List.of("cpu", "paper", "method");

    /** Every value of METHOD's recipe; the others are written as their differences from it. */
    static Recipe method() {
        return new Recipe(new Network.ResNet18(64), new Budget.Epochs(20, 64),
                new Optimiser(0.1f, 10f, 0.1, null, 0.9f, 1e-6f, 1e-3f, false, 0, 0.5),
                new Loss(Losses.ContrastiveForm.ALL_ANCHORS, 0.5f, 1f, Losses.CrossEntropyReduction.MEAN, 1f),
                new Negatives(true, AugmentationPool.standard().names(), 2, NegativeDraw.INDEPENDENT,
                        new Weighting.Uniform()),
                new ScoreRecipe(ScoreSpace.FEATURES, HeadScore.LOG_ODDS, EmbeddingBank.Precision.FLOAT32, 0.1, 0.05,
                        null),
                Recipe.DEFAULT_SEED);
    }

    /** METHOD's recipe with what the paper states (each difference from {@link #method} on its own line). */
    static Recipe paper() {
        Recipe m = method();
        Negatives n = m.negatives();
        return m.withBudget(new Budget.Epochs(1000, 64))
                .withOptimiser(m.optimiser().withWarmupSteps(10))
                .withLoss(m.loss().withContrastiveForm(Losses.ContrastiveForm.PAPER).withTemperature(1f)
                        .withCrossEntropyReduction(Losses.CrossEntropyReduction.PAPER_SUM))
                .withNegatives(n.withMaxCompositions(n.augmentations().size()).withDraw(NegativeDraw.PER_BATCH)
                        .withWeighting(Weighting.AutoAugOOD.defaults()))
                .withScore(m.score().withSpace(ScoreSpace.PROJECTION).withHead(HeadScore.PROBABILITY));
    }

    /** METHOD's recipe with the CPU budget's choices (each difference from {@link #method} on its own line). */
    static Recipe cpu() {
        Recipe m = method();
        return m.withNetwork(new Network.ResNet18(16))
                .withBudget(new Budget.Steps(200, 64))
                .withOptimiser(m.optimiser().withLearningRate(0.4f))
                .withLoss(m.loss().withContrastiveWeight(0f))
                .withScore(m.score().withPixelTerm(new ScoreRecipe.PixelTerm(1.0, true, 4.0)))
                .withSeed(1);
    }

    static Recipe named(String name) {
        return switch (name) {
            case "cpu" -> cpu();
            case "paper" -> paper();
            case "method" -> method();
            default -> throw new IllegalArgumentException("no recipe named '" + name + "'; known: "
                    + String.join(", ", NAMES));
        };
    }
}
