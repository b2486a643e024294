package io.github.unode.train;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import io.github.unode.augment.AugmentationPool;
import io.github.unode.augment.auto.Divergence;
import io.github.unode.core.DataFormatException;
import io.github.unode.internal.AtomicFiles;
import io.github.unode.internal.RecordJson;
import io.github.unode.score.EmbeddingBank;
import io.github.unode.score.HeadScore;
import io.github.unode.score.NoveltyDetector;
import io.github.unode.score.SavedRecipe;
import io.github.unode.score.ScoreRecipe;
import io.github.unode.score.ScoreSpace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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

    /** The encoder. */
    public sealed interface Network permits ResNet18, WideResNet, Given {
        /**
         * This network for images of {@code shape}.
         *
         * @throws IllegalStateException for a {@link Given} backbone, which only code can give
         */
        default io.github.unode.model.Backbone forShape(io.github.unode.core.ImageShape shape) {
            if (this instanceof ResNet18 r) {
                return io.github.unode.model.Backbone.fromSpec(new io.github.unode.model.BackboneSpec.ResNet18(shape,
                        r.width(), r.stem()));
            } else if (this instanceof WideResNet w) {
                return io.github.unode.model.Backbone.wideResNet(shape, w.depth(), w.widen());
            }
            throw new IllegalStateException("the recipe's backbone (" + this + ") was given in code: give it"
                    + " again with backbone(...)");
        }

        /** What a recipe records of a backbone built in code. */
        static Network of(io.github.unode.model.BackboneSpec spec) {
            if (spec instanceof io.github.unode.model.BackboneSpec.ResNet18 r) {
                return new ResNet18(r.width(), r.stem());
            } else if (spec instanceof io.github.unode.model.BackboneSpec.WideResNet w) {
                return new WideResNet(w.depth(), w.widen());
            }
            io.github.unode.model.BackboneSpec.TorchScript t = (io.github.unode.model.BackboneSpec.TorchScript) spec;
            return new Given(t.kind() + (t.file() == null ? "" : " " + t.file()));
        }
    }

    /**
     * A CIFAR-style ResNet-18 for the inliers' shape.
     *
     * @param width base filter count (64: the standard network; 16: a quarter width, d = 128)
     * @param stem the stride of its stem, 1 (the CIFAR stem), 2 or 4 (a downsampling stem,
     *     {@link io.github.unode.model.BackboneSpec.ResNet18}); left out of the JSON when 1, so
     *     that recipes without a downsampling stem keep their text and fingerprint
     */
    public record ResNet18(int width, @io.github.unode.internal.RecordJson.OmittedAt(1) int stem) implements Network {
        /** Validates the width and the stem. */
        public ResNet18 {
            check(width >= 1, "ResNet-18 width must be at least 1, got " + width);
            check(stem == 1 || stem == 2 || stem == 4, "the ResNet-18 stem's stride must be 1, 2 or 4, got " + stem);
        }

        /** The CIFAR-style network, stem stride 1. */
        public ResNet18(int width) {
            this(width, 1);
        }
    }

    /**
     * A pre-activation WideResNet-depth-widen for the inliers' shape.
     *
     * @param depth {@code 6n + 4}
     * @param widen widen factor
     */
    public record WideResNet(int depth, int widen) implements Network {
        /** Validates depth and widen factor. */
        public WideResNet {
            check(depth >= 10 && (depth - 4) % 6 == 0, "WideResNet depth must be 6n + 4 with n >= 1, got " + depth);
            check(widen >= 1, "WideResNet widen factor must be at least 1, got " + widen);
        }
    }

    /**
     * A backbone given to the builder in code (e.g. a TorchScript encoder): the recipe records
     * what it was, and training by this recipe needs the same backbone given again.
     *
     * @param description the backbone's description
     */
    public record Given(String description) implements Network {
        /** Requires a description. */
        public Given {
            Objects.requireNonNull(description, "description");
        }
    }

    /** How long training runs, and on batches of how many inliers. */
    public sealed interface Budget permits Epochs, Steps {
        /** Inliers per step {@code B}; each step forwards {@code 4B} views. */
        int batchSize();
    }

    /**
     * A fixed number of epochs.
     *
     * @param epochs passes over the training inliers
     * @param batchSize inliers per step
     */
    public record Epochs(int epochs, int batchSize) implements Budget {
        /** Validates both counts. */
        public Epochs {
            check(epochs >= 1, "epochs must be at least 1, got " + epochs);
            check(batchSize >= 1, "batch size must be at least 1, got " + batchSize);
        }
    }

    /**
     * About this many optimiser steps: {@code max(1, round(steps / stepsPerEpoch))} epochs, the
     * same compute for small and large inlier sets.
     *
     * @param steps optimiser steps
     * @param batchSize inliers per step
     */
    public record Steps(int steps, int batchSize) implements Budget {
        /** Validates both counts. */
        public Steps {
            check(steps >= 1, "steps must be at least 1, got " + steps);
            check(batchSize >= 1, "batch size must be at least 1, got " + batchSize);
        }
    }

    /**
     * LARS with a linear warm-up and a cosine decay (METHOD 4.5).
     *
     * @param learningRate base learning rate
     * @param peakMultiplier the warm-up ends at this multiple of the base rate
     * @param warmupFraction share of a phase's steps spent warming up, used when {@code warmupSteps} is null
     * @param warmupSteps optimiser steps spent warming up (capped at a phase's length), or null
     * @param momentum SGD momentum
     * @param weightDecay weight decay
     * @param trustCoefficient LARS trust coefficient
     * @param excludeBiasAndNorm whether LARS leaves biases and batch-norm parameters out of its
     *     trust ratio and weight decay, as SimCLR's LARS does
     * @param freezeEpochs epochs for which the earliest encoder parameters stay fixed (METHOD 4.8)
     * @param freezeFraction share of the encoder's parameters kept fixed then, in {@code (0, 1]}
     */
    public record Optimiser(float learningRate, float peakMultiplier, double warmupFraction, Integer warmupSteps,
            float momentum, float weightDecay, float trustCoefficient, boolean excludeBiasAndNorm, int freezeEpochs,
            double freezeFraction) {
        /** Validates every setting. */
        public Optimiser {
            check(learningRate > 0 && Float.isFinite(learningRate), "learning rate must be positive, got " + learningRate);
            check(peakMultiplier >= 1 && Float.isFinite(peakMultiplier),
                    "peak multiplier must be at least 1, got " + peakMultiplier);
            check(warmupFraction >= 0 && warmupFraction < 1, "warm-up fraction must lie in [0, 1), got " + warmupFraction);
            check(warmupSteps == null || warmupSteps >= 0, "warm-up steps must be non-negative, got " + warmupSteps);
            check(momentum >= 0 && momentum < 1, "momentum must lie in [0, 1), got " + momentum);
            check(weightDecay >= 0 && Float.isFinite(weightDecay), "weight decay must be non-negative, got " + weightDecay);
            check(trustCoefficient > 0 && Float.isFinite(trustCoefficient),
                    "LARS trust coefficient must be positive, got " + trustCoefficient);
            check(freezeEpochs >= 0, "freeze epochs must be non-negative, got " + freezeEpochs);
            check(freezeFraction > 0 && freezeFraction <= 1, "freeze fraction must lie in (0, 1], got " + freezeFraction);
        }
    }

    /**
     * The training loss (METHOD 4.3-4.4).
     *
     * @param contrastiveForm the contrastive loss's form
     * @param temperature its temperature
     * @param contrastiveWeight its weight (0 trains the head alone)
     * @param crossEntropyReduction how the head's cross-entropy is reduced over the batch
     * @param crossEntropyWeight its weight {@code lambda_ce} (0 trains the contrastive loss alone)
     */
    public record Loss(Losses.ContrastiveForm contrastiveForm, float temperature, float contrastiveWeight,
            Losses.CrossEntropyReduction crossEntropyReduction, float crossEntropyWeight) {
        /** Validates every setting; at least one weight must be positive. */
        public Loss {
            Objects.requireNonNull(contrastiveForm, "the contrastive form must be given");
            Objects.requireNonNull(crossEntropyReduction, "the cross-entropy reduction must be given");
            check(temperature > 0 && Float.isFinite(temperature), "temperature must be positive, got " + temperature);
            check(contrastiveWeight >= 0 && Float.isFinite(contrastiveWeight),
                    "contrastive weight must be non-negative, got " + contrastiveWeight);
            check(crossEntropyWeight >= 0 && Float.isFinite(crossEntropyWeight),
                    "cross-entropy weight must be non-negative, got " + crossEntropyWeight);
            check(contrastiveWeight > 0 || crossEntropyWeight > 0,
                    "the contrastive and cross-entropy weights cannot both be 0: nothing would be learned");
        }
    }

    /**
     * The hard negatives (METHOD 2-3).
     *
     * @param used whether the main phase trains with negatives at all (false: plain SimCLR on the
     *     inliers, the "None" column of the paper's Table 4)
     * @param augmentations the hard augmentations negatives are drawn from, by name
     * @param maxCompositions {@code r_max}: at most this many augmentations per negative
     * @param draw how negatives are drawn and shared between the two views
     * @param weighting how the augmentations are weighted
     */
    public record Negatives(boolean used, List<String> augmentations, int maxCompositions, NegativeDraw draw,
            Weighting weighting) {
        /** Validates the counts, and the weights against the names. */
        public Negatives {
            Objects.requireNonNull(draw, "the negative draw must be given");
            Objects.requireNonNull(weighting, "the weighting must be given");
            check(augmentations != null && !augmentations.isEmpty(), "negatives need at least one augmentation");
            augmentations = List.copyOf(augmentations);
            check(maxCompositions >= 1, "maximum augmentations per negative must be at least 1, got " + maxCompositions);
            check(augmentations.stream().distinct().count() == augmentations.size(),
                    "augmentations are named more than once: " + augmentations);
            if (weighting instanceof Fixed f) {
                for (Map.Entry<String, Double> e : f.weights().entrySet()) {
                    check(augmentations.contains(e.getKey()), "a weight is given for '" + e.getKey()
                            + "', which is not among the augmentations " + augmentations);
                }
            }
        }

        /**
         * The pool these names make, in the standard pool's order.
         *
         * @throws IllegalArgumentException naming an augmentation the standard pool does not have
         *     (a pool built in code must be given to the builder again)
         */
        public AugmentationPool pool() {
            List<String> known = AugmentationPool.standard().names();
            for (String a : augmentations) {
                check(known.contains(a), "no augmentation named '" + a + "' in the standard pool; known: " + known);
            }
            return AugmentationPool.standard().only(augmentations.toArray(String[]::new));
        }
    }

    /** How the augmentations are weighted. */
    public sealed interface Weighting permits Uniform, Fixed, AutoAugOOD {}

    /** Every augmentation weighted alike. */
    public record Uniform() implements Weighting {}

    /**
     * Fixed weights by augmentation name.
     *
     * @param weights non-negative weights, not all 0
     */
    public record Fixed(Map<String, Double> weights) implements Weighting {
        /** Validates the weights. */
        public Fixed {
            check(weights != null && !weights.isEmpty(), "fixed weights need at least one augmentation");
            weights = Map.copyOf(new java.util.TreeMap<>(weights));
            double sum = 0;
            for (Map.Entry<String, Double> e : weights.entrySet()) {
                check(e.getValue() != null && e.getValue() >= 0 && Double.isFinite(e.getValue()),
                        "the weight of " + e.getKey() + " must be a non-negative number, got " + e.getValue());
                sum += e.getValue();
            }
            check(sum > 0, "the augmentation weights cannot all be 0");
        }
    }

    /**
     * Weights measured by AutoAugOOD before training (METHOD 3).
     *
     * @param temperature the softmax temperature {@code tau}
     * @param divergence the divergence between the inliers' and an augmentation's densities
     * @param maxImages at most this many inliers are measured
     * @param pcaDimensions dimensions kept by PCA before t-SNE
     * @param seed the seed of AutoAugOOD's own draws
     * @param warmupEpochs epochs of self-supervised warm-up whose encoder measures, when no
     *     pretrained network is given
     * @param pretrained a TorchScript file whose network measures instead (ImageNet
     *     normalisation, RGB), or null
     * @param pretrainedSize the input side of that network
     */
    public record AutoAugOOD(double temperature, Divergence divergence, int maxImages, int pcaDimensions, long seed,
            int warmupEpochs, String pretrained, int pretrainedSize) implements Weighting {
        /** Validates every setting. */
        public AutoAugOOD {
            check(temperature >= 1e-6 && temperature <= 1e6, "AutoAugOOD's temperature must lie in [1e-6, 1e6], got "
                    + temperature);
            Objects.requireNonNull(divergence, "the divergence must be given");
            check(maxImages >= 2, "AutoAugOOD needs at least 2 images, got " + maxImages);
            check(pcaDimensions >= 1, "PCA dimensions must be at least 1, got " + pcaDimensions);
            check(warmupEpochs >= 0, "warm-up epochs must be non-negative, got " + warmupEpochs);
            check(pretrainedSize >= 1, "the pretrained network's input side must be at least 1, got " + pretrainedSize);
        }

        /** These settings with another temperature. */
        public AutoAugOOD withTemperature(double tau) {
            return new AutoAugOOD(tau, divergence, maxImages, pcaDimensions, seed, warmupEpochs, pretrained,
                    pretrainedSize);
        }

        /** These settings with another divergence. */
        public AutoAugOOD withDivergence(Divergence d) {
            return new AutoAugOOD(temperature, d, maxImages, pcaDimensions, seed, warmupEpochs, pretrained,
                    pretrainedSize);
        }

        /** These settings with another seed. */
        public AutoAugOOD withSeed(long s) {
            return new AutoAugOOD(temperature, divergence, maxImages, pcaDimensions, s, warmupEpochs, pretrained,
                    pretrainedSize);
        }

        /** These settings measuring with a pretrained TorchScript network (null: the warmed-up encoder). */
        public AutoAugOOD withPretrained(String file, int size) {
            return new AutoAugOOD(temperature, divergence, maxImages, pcaDimensions, seed, warmupEpochs, file, size);
        }

        /** AutoAugOOD's defaults: tau 1, the symmetric KL of eq. 7, 2,000 images, 50 PCA dimensions, seed 1, a 3-epoch warm-up. */
        public static AutoAugOOD defaults() {
            return new AutoAugOOD(1, Divergence.SYMMETRIC_KL, 2000, 50, 1, 3, null, 224);
        }
    }

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
    public static final long DEFAULT_SEED = TrainingConfig.DEFAULT_SEED;

    /**
     * METHOD.md's forms of the method, the library builder's defaults ({@link UnodeTrainer#builder()}):
     * a full-width ResNet-18, 20 epochs of 64, LARS at 0.1 with a 10% warm-up to 10x, NT-Xent
     * over all anchors at 0.5 plus the head's mean cross-entropy, uniform weights over the
     * standard pool with {@code r_max = 2}, similarity in feature space plus the head's log-odds.
     */
    public static Recipe method() {
        return new Recipe(new ResNet18(64), new Epochs(20, 64),
                new Optimiser(0.1f, 10f, 0.1, null, 0.9f, 1e-6f, 1e-3f, false, 0, 0.5),
                new Loss(Losses.ContrastiveForm.ALL_ANCHORS, 0.5f, 1f, Losses.CrossEntropyReduction.MEAN, 1f),
                new Negatives(true, AugmentationPool.standard().names(), 2, NegativeDraw.INDEPENDENT, new Uniform()),
                new ScoreRecipe(ScoreSpace.FEATURES, HeadScore.LOG_ODDS, EmbeddingBank.Precision.FLOAT32, 0.1, 0.05,
                        null),
                DEFAULT_SEED);
    }

    /**
     * The paper's method in every respect it states ({@link UnodeTrainer#paperMethod()}, where
     * each setting is explained): the contrastive loss of eq. 9-11 at temperature 1, the summed
     * cross-entropy of eq. 12, one composition per batch over the whole pool, AutoAugOOD's
     * weights, {@code O_sim} on the projection plus {@code P(y=1|x)}, LARS at 0.1 with 10 warm-up
     * steps, 1,000 epochs.
     */
    public static Recipe paper() {
        Recipe m = method();
        List<String> pool = AugmentationPool.standard().names();
        return new Recipe(m.network(), new Epochs(1000, 64),
                new Optimiser(0.1f, 10f, 0.1, 10, 0.9f, 1e-6f, 1e-3f, false, 0, 0.5),
                new Loss(Losses.ContrastiveForm.PAPER, 1f, 1f, Losses.CrossEntropyReduction.PAPER_SUM, 1f),
                new Negatives(true, pool, pool.size(), NegativeDraw.PER_BATCH, AutoAugOOD.defaults()),
                new ScoreRecipe(ScoreSpace.PROJECTION, HeadScore.PROBABILITY, EmbeddingBank.Precision.FLOAT32, 0.1,
                        0.05, null),
                m.seed());
    }

    /**
     * The CPU recipe: what {@code ./unode demo} and the command line train by default
     * (docs/accuracy.md says why): a quarter-width ResNet-18, about 200 steps of 64, base rate
     * 0.4, the head trained alone (contrastive weight 0), uniform weights, and a pixel term
     * (blur 1, centred, weight 4) in the score; seed 1.
     */
    public static Recipe cpu() {
        Recipe m = method();
        return new Recipe(new ResNet18(16), new Steps(200, 64),
                new Optimiser(0.4f, 10f, 0.1, null, 0.9f, 1e-6f, 1e-3f, false, 0, 0.5),
                new Loss(Losses.ContrastiveForm.ALL_ANCHORS, 0.5f, 0f, Losses.CrossEntropyReduction.MEAN, 1f),
                m.negatives(),
                new ScoreRecipe(ScoreSpace.FEATURES, HeadScore.LOG_ODDS, EmbeddingBank.Precision.FLOAT32, 0.1, 0.05,
                        new ScoreRecipe.PixelTerm(1.0, true, 4.0)),
                1);
    }

    /** A named recipe: {@code cpu}, {@code paper} or {@code method}. */
    public static Recipe named(String name) {
        return switch (name) {
            case "cpu" -> cpu();
            case "paper" -> paper();
            case "method" -> method();
            default -> throw new IllegalArgumentException("no recipe named '" + name + "'; known: cpu, paper, method");
        };
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
        JsonObject o = new JsonObject();
        o.addProperty("format", SavedRecipe.FORMAT);
        o.addProperty("version", SavedRecipe.VERSION);
        RecordJson.write(this).entrySet().forEach(e -> o.add(e.getKey(), e.getValue()));
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create().toJson(o) + "\n";
    }

    /**
     * Reads a recipe from its JSON text: every key must be there, and no other.
     *
     * @throws DataFormatException naming the problem: not JSON, not a recipe, a newer version,
     *     a missing, unknown or invalid setting
     */
    public static Recipe fromJson(String json) {
        JsonObject o = SavedRecipe.parse(json).deepCopy();
        o.remove("format");
        o.remove("version");
        return RecordJson.read(o, Recipe.class, "recipe");
    }

    /** Reads a recipe file ({@link #fromJson}). */
    public static Recipe read(Path file) throws IOException {
        try {
            return fromJson(Files.readString(file, StandardCharsets.UTF_8));
        } catch (DataFormatException e) {
            throw new DataFormatException(file + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@link #toJson} to {@code file} atomically (a whole file or none). */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file, toJson().getBytes(StandardCharsets.UTF_8));
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

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
