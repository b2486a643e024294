package io.github.unode.train;

import io.github.unode.core.DataFormatException;
import io.github.unode.score.NoveltyDetector;
import io.github.unode.score.SavedRecipe;
import io.github.unode.score.ScoreRecipe;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How a detector is made: every setting of training and calibration, in one immutable, validated
 * value (docs/user-guide.md, "Recipes"). {@link UnodeTrainer#from(Recipe)} trains by it, the
 * command line builds one from {@code --recipe}, {@code --config} and its options, and every
 * detector and checkpoint carries the recipe it was made by ({@link #of(NoveltyDetector)}).
 *
 * <pre>{@code
 * NoveltyDetector d = UnodeTrainer.from(Recipe.cpu()).build().fit(inliers);   // what ./unode demo trains
 * Recipe again = Recipe.of(d).orElseThrow();                                  // equal to Recipe.cpu()
 * }</pre>
 *
 * <p>Each part is a record of its own, validated by its constructor: {@link Network},
 * {@link Budget}, {@link Optimiser}, {@link Loss}, {@link Negatives} (with its {@link Weighting})
 * and {@link ScoreRecipe}. The named recipes' values are in {@code NamedRecipes}; the command
 * line's options that override them are in {@code unode-cli}'s {@code TrainOptions}.
 *
 * <p>Its JSON form ({@link #toJson}) is versioned ({@link SavedRecipe#VERSION}) and canonical:
 * keys in a fixed order, so that {@link #fingerprint()}, the SHA-256 of that text, identifies
 * the recipe across runs and machines. What a recipe does not hold is what does not change the
 * detector or cannot be written down: the device, listeners, the checkpoint directory, and
 * objects given to the builder in code (a custom feature extractor or positive-view augmentation).
 *
 * @param network the encoder
 * @param budget the batch size and how long to train
 * @param optimiser LARS and its schedule
 * @param loss the training loss
 * @param negatives the hard negatives and their weights
 * @param score how the trained network becomes a calibrated scorer
 * @param seed the seed of every random draw of training and of the split
 */
public record Recipe(Network network, Budget budget, Optimiser optimiser, Loss loss, Negatives negatives,
        ScoreRecipe score, long seed) {

    /** Validates the parts. */
    public Recipe {
        Objects.requireNonNull(network, "the network must be given");
        Objects.requireNonNull(budget, "the budget must be given");
        Objects.requireNonNull(optimiser, "the optimiser must be given");
        Objects.requireNonNull(loss, "the loss must be given");
        Objects.requireNonNull(negatives, "the negatives must be given");
        Objects.requireNonNull(score, "the score must be given");
    }

    /** The seed used when none is given. */
    public static final long DEFAULT_SEED = 20240617L;

    /**
     * METHOD.md's forms of the method, the library builder's defaults ({@link UnodeTrainer#builder()}):
     * a full-width ResNet-18, 20 epochs of 64, LARS at 0.1 with a 10% warm-up to 10x, NT-Xent
     * over all anchors at 0.5 plus the head's mean cross-entropy, uniform weights over the
     * standard pool with {@code r_max = 2}, similarity in feature space plus the head's log-odds.
     */
    public static Recipe method() {
        return NamedRecipes.method();
    }

    /**
     * The paper's method in every respect the paper states, and METHOD's choice where it is
     * silent (each marked below); {@link UnodeTrainer#paperMethod()} is a builder set to it.
     * Change what you need, e.g. the budget (the paper's 1,000 epochs are GPU-days). The paper's
     * settings:
     * <ul>
     *   <li>contrastive loss {@link Losses.ContrastiveForm#PAPER} (eq. 9-11) at temperature 1
     *       (eq. 9 prints none);
     *   <li>cross-entropy {@link Losses.CrossEntropyReduction#PAPER_SUM} (eq. 12, a sum over the
     *       batch) with {@code lambda = 1};
     *   <li>negatives: one composition per batch seen through both views
     *       ({@link NegativeDraw#PER_BATCH}, section 3.1 and eq. 10), {@code r ~ U(1, k)} over the
     *       whole pool ({@code maxCompositions} = the standard pool's size), weighted by AutoAugOOD
     *       with the symmetric KL of eq. 7 and {@code softmax(j)} of eq. 8 ({@code tau = 1});
     *   <li>score: {@code O_sim} on the projection (eq. 13), {@code O_bin = P(y=1|x)} (eq. 14), no
     *       pixel term;
     *   <li>LARS, base learning rate 0.1, 10 warm-up steps, 1,000 epochs.
     * </ul>
     * METHOD's choices where the paper is silent: batch size 64, the warm-up's peak at 10 x the base
     * rate then cosine decay, LARS momentum 0.9, weight decay 1e-6, trust 0.001 with every parameter
     * adapted (the paper cites You et al.'s LARS, which excludes none), AutoAugOOD's features from
     * the encoder after a 3-epoch warm-up when no pretrained extractor is given (the paper uses a
     * pretrained one), {@code lambda = std(O_sim) / std(O_bin)} on held-out inliers (the paper:
     * "a balancing term ... computed based on the training set"), a CIFAR ResNet-18 (the paper: a
     * WideResNet-50-2).
     */
    public static Recipe paper() {
        return NamedRecipes.paper();
    }

    /**
     * The CPU recipe: what {@code ./unode demo} and the command line train by default
     * (docs/accuracy.md says why): a quarter-width ResNet-18, about 200 steps of 64, base rate
     * 0.4, the head trained alone (contrastive weight 0), uniform weights, and a pixel term
     * (blur 1, centred, weight 4) in the score; seed 1.
     */
    public static Recipe cpu() {
        return NamedRecipes.cpu();
    }

    /** A named recipe: {@code cpu}, {@code paper} or {@code method}. */
    public static Recipe named(String name) {
        return NamedRecipes.named(name);
    }

    /** This recipe with another network. */
    public Recipe withNetwork(Network n) {
        return new Recipe(n, budget, optimiser, loss, negatives, score, seed);
    }

    /** This recipe with another budget. */
    public Recipe withBudget(Budget b) {
        return new Recipe(network, b, optimiser, loss, negatives, score, seed);
    }

    /** This recipe with another optimiser. */
    public Recipe withOptimiser(Optimiser o) {
        return new Recipe(network, budget, o, loss, negatives, score, seed);
    }

    /** This recipe with another loss. */
    public Recipe withLoss(Loss l) {
        return new Recipe(network, budget, optimiser, l, negatives, score, seed);
    }

    /** This recipe with other negatives. */
    public Recipe withNegatives(Negatives n) {
        return new Recipe(network, budget, optimiser, loss, n, score, seed);
    }

    /** This recipe with another score. */
    public Recipe withScore(ScoreRecipe s) {
        return new Recipe(network, budget, optimiser, loss, negatives, s, seed);
    }

    /** This recipe with another seed. */
    public Recipe withSeed(long s) {
        return new Recipe(network, budget, optimiser, loss, negatives, score, s);
    }

    /**
     * The canonical JSON text: {@code format} and {@code version} first, then every part in a
     * fixed order, pretty-printed (docs/user-guide.md shows one).
     */
    public String toJson() {
        return RecipeJson.toJson(this);
    }

    /**
     * Reads a recipe from its JSON text: every key must be there, and no other.
     *
     * @throws DataFormatException naming the problem: not JSON, not a recipe, a newer version,
     *     a missing, unknown or invalid setting
     */
    public static Recipe fromJson(String json) {
        return RecipeJson.fromJson(json);
    }

    /** Reads a recipe file ({@link #fromJson}), naming the file in a {@link DataFormatException}. */
    public static Recipe read(Path file) throws IOException {
        return RecipeJson.read(file);
    }

    /** Writes {@link #toJson} to {@code file} atomically (a whole file or none). */
    public void write(Path file) throws IOException {
        RecipeJson.write(this, file);
    }

    /** SHA-256 of {@link #toJson}: equal recipes have equal fingerprints, on any machine. */
    public String fingerprint() {
        return saved().fingerprint();
    }

    /** The recipe as a detector or checkpoint saves it. */
    public SavedRecipe saved() {
        return SavedRecipe.of(toJson());
    }

    /**
     * The recipe a detector was trained by, if it records one (detectors saved before recipes
     * existed do not).
     *
     * @throws DataFormatException if the saved recipe cannot be read by this version
     */
    public static Optional<Recipe> of(NoveltyDetector detector) {
        return detector.recipe().map(s -> fromJson(s.json()));
    }
}
