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

    static Recipe paper() {
        Recipe m = method();
        List<String> pool = AugmentationPool.standard().names();
        return new Recipe(m.network(), new Budget.Epochs(1000, 64),
                new Optimiser(0.1f, 10f, 0.1, 10, 0.9f, 1e-6f, 1e-3f, false, 0, 0.5),
                new Loss(Losses.ContrastiveForm.PAPER, 1f, 1f, Losses.CrossEntropyReduction.PAPER_SUM, 1f),
                new Negatives(true, pool, pool.size(), NegativeDraw.PER_BATCH, Weighting.AutoAugOOD.defaults()),
                new ScoreRecipe(ScoreSpace.PROJECTION, HeadScore.PROBABILITY, EmbeddingBank.Precision.FLOAT32, 0.1,
                        0.05, null),
                m.seed());
    }

    static Recipe cpu() {
        Recipe m = method();
        return new Recipe(new Network.ResNet18(16), new Budget.Steps(200, 64),
                new Optimiser(0.4f, 10f, 0.1, null, 0.9f, 1e-6f, 1e-3f, false, 0, 0.5),
                new Loss(Losses.ContrastiveForm.ALL_ANCHORS, 0.5f, 0f, Losses.CrossEntropyReduction.MEAN, 1f),
                m.negatives(),
                new ScoreRecipe(ScoreSpace.FEATURES, HeadScore.LOG_ODDS, EmbeddingBank.Precision.FLOAT32, 0.1, 0.05,
                        new ScoreRecipe.PixelTerm(1.0, true, 4.0)),
                1);
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
