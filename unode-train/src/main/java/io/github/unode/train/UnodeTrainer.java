package io.github.unode.train;

import ai.djl.Device;
import ai.djl.Model;
import io.github.unode.augment.AugmentationPool;
import io.github.unode.augment.NegativeSampler;
import io.github.unode.augment.PositiveAugmentation;
import io.github.unode.augment.auto.AugmentationReport;
import io.github.unode.augment.auto.AutoAugOOD;
import io.github.unode.core.EmptyDataException;
import io.github.unode.core.ImageShape;
import io.github.unode.core.LabelMismatchException;
import io.github.unode.data.ImageSet;
import io.github.unode.model.Backbone;
import io.github.unode.model.ConvolutionCheck;
import io.github.unode.model.FeatureExtractor;
import io.github.unode.model.UnodeModel;
import io.github.unode.score.NoveltyDetector;
import io.github.unode.score.NoveltyScorer;
import io.github.unode.score.Provenance;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Trains a one-class (or unlabeled multi-class) UNODE detector on inlier images only
 * (METHOD section 4) and calibrates its scorer (section 6).
 *
 * <pre>{@code
 * NoveltyDetector detector = UnodeTrainer.builder()
 *         .backbone(Backbone.resNet18(inliers.shape(), 0.25))
 *         .epochs(20).batchSize(64).seed(7)
 *         .listener(TrainingListener.progressBar())
 *         .build()
 *         .fit(inliers);
 * }</pre>
 *
 * <p>Each step draws {@code B} inliers {@code x}, two independent negative draws
 * {@code n1, n2} from the hard pool, positive views {@code t([x, n1])}, {@code t'([x, n2])},
 * and minimises NT-Xent over the {@code 4B} embeddings plus the cross-entropy of the binary head
 * (inlier views 1, negative views 0), with LARS and a warm-up + cosine schedule. A held-out share
 * of the inliers takes no part in training or in the bank; it calibrates {@code lambda} and the
 * threshold, so that the threshold's false-positive rate holds for new inliers.
 *
 * <p>On the CPU the same seed, data and configuration give the same detector: every random
 * draw comes from the seed, never from the engine's global generator. One training runs at a
 * time per JVM (libtorch's gradient recording is process-wide in DJL).
 */
public final class UnodeTrainer {
    private static final String PHASE_TRAIN = "train";

    /** What the detectors record of how they were made. */
    private final Recipe recipe;
    // What the builder was given in code beside the recipe (or built from it).
    private final Function<ImageShape, Backbone> backbone;
    private final AugmentationPool pool;
    private final Map<String, Double> weights;
    private final PositiveAugmentation.Config positive;
    private final Device device;
    private final List<TrainingListener> listeners;
    private final AutoAugOOD autoAugOOD;
    private final FeatureExtractor featureExtractor;
    private final int warmupEpochs;
    private final Path checkpointDirectory;

    UnodeTrainer(BuilderSettings s) {
        if (s.backboneNeeded) {
            throw new IllegalStateException("the recipe's backbone (" + s.recipe.network() + ") was given in code: give it"
                    + " again with backbone(...)");
        }
        this.recipe = s.recipe;
        this.backbone = s.backbone;
        this.pool = s.pool;
        this.weights = s.fixedWeights();
        this.positive = s.positive;
        this.device = s.device;
        this.listeners = List.copyOf(s.listeners);
        this.autoAugOOD = s.autoAugOOD;
        this.featureExtractor = s.featureExtractor;
        this.warmupEpochs = s.warmupEpochs;
        this.checkpointDirectory = s.checkpointDirectory;
        if (weights != null) {
            new NegativeSampler(pool, weights, recipe.negatives().maxCompositions()); // validates names and values now
        }
    }

    /** A builder set to METHOD's forms of the method ({@link Recipe#method()}). */
    public static TrainerBuilder builder() {
        return new TrainerBuilder();
    }

    /**
     * A builder set to {@code recipe}: {@code UnodeTrainer.from(Recipe.cpu()).build().fit(inliers)}
     * trains what {@code ./unode demo} trains. Change what you need on the builder (a listener, a
     * device, a checkpoint directory; or any setting, which the trainer's recipe then records).
     *
     * @throws IllegalArgumentException if the recipe names an augmentation the standard pool lacks
     *     or a pretrained network that cannot be read
     */
    public static TrainerBuilder from(Recipe recipe) {
        return new TrainerBuilder().recipe(recipe);
    }

    /**
     * A builder set to the paper's method in every respect the paper states, and to METHOD's
     * choice where it is silent: {@link Recipe#paper()} lists each setting. Change what you need,
     * e.g. the budget with {@link TrainerBuilder#steps} (the paper's 1,000 epochs are GPU-days).
     */
    public static TrainerBuilder paperMethod() {
        return from(Recipe.paper());
    }

    /** The recipe this trainer trains by, as saved in its detectors and checkpoints. */
    public Recipe recipe() {
        return recipe;
    }

    /**
     * Trains on {@code inliers} and returns a calibrated detector. The set is not modified or
     * closed.
     *
     * @throws EmptyDataException if there are too few inliers to train and calibrate
     */
    public NoveltyDetector fit(ImageSet inliers) {
        return fit(inliers, false);
    }

    /**
     * Labeled multi-class training (METHOD section 5): the inliers' labels are used, with SupCon
     * (inlier views of one class are positives of each other) and a (K+1)-way head; a test image
     * is scored by the head's inlier-versus-negative log-odds and its similarity to the bank.
     *
     * @param inliers labelled inliers of at least two classes
     * @throws io.github.unode.core.LabelMismatchException if the set has no labels
     */
    public NoveltyDetector fitLabeled(ImageSet inliers) {
        if (!Objects.requireNonNull(inliers, "inliers").hasLabels()) {
            throw new LabelMismatchException(inliers.name()
                    + " has no labels: labeled multi-class training needs one label per image (or use fit)");
        }
        return fit(inliers, true);
    }

    private NoveltyDetector fit(ImageSet inliers, boolean labeled) {
        Objects.requireNonNull(inliers, "inliers");
        boolean negatives = recipe.negatives().used();
        if (labeled && !negatives) {
            throw new IllegalStateException("labeled training needs negatives: remove negatives(false)");
        }
        Backbone net = backboneFor(inliers, "training");
        long t0 = System.nanoTime();
        try (ImageSet.Partition parts = inliers.split(1 - holdOut(), recipe.seed())) {
            ImageSet train = parts.first();
            ImageSet heldOut = parts.second();
            int[] classes = labeled ? inliers.classes() : null;
            Model model = newModel(net, labeled ? classes.length + 1 : 2);
            try {
                PositiveAugmentation views = views(inliers);
                Checkpoints checkpoints = checkpointDirectory == null ? null : new Checkpoints(checkpointDirectory,
                        runId(inliers, net, views), recipe.toJson());
                Checkpoints.Resumption resumed = checkpoints == null ? Checkpoints.Resumption.NONE
                        : checkpoints.resume(model, PHASE_TRAIN, listeners);
                AugmentationReport report = resumed.weightsReport() == null ? null
                        : AugmentationReport.fromJson(resumed.weightsReport());
                EpochLoop loop = new EpochLoop(model, train, heldOut.size(), views,
                        labeled ? EpochLoop.Labels.of(train, classes) : null, loopSettings());
                if (weights == null && autoAugOOD != null && resumed.main() == EpochLoop.Resume.NONE) {
                    report = autoAugPhase().weigh(loop, net, inliers, checkpoints, resumed.warmup());
                }
                Map<String, Double> w = report != null ? report.weights() : weights;
                NegativeSampler sampler = w == null
                        ? new NegativeSampler(pool, recipe.negatives().maxCompositions())
                        : new NegativeSampler(pool, w, recipe.negatives().maxCompositions());
                String reportJson = report == null ? null : report.toJson();
                int epochs = epochsFor(train.size());
                loop.run(PHASE_TRAIN, negatives ? sampler : null, epochs, resumed.main(),
                        checkpoints == null ? null : (lars, done, updates) ->
                                checkpoints.save(model, lars, PHASE_TRAIN, done, updates, reportJson));
                resumed.release();
                NoveltyScorer scorer = new CalibrationPhase(recipe.score(), listeners).calibrate(model, train, heldOut);
                double seconds = (System.nanoTime() - t0) / 1e9;
                DetectorRecord record = new DetectorRecord(recipe, device);
                Provenance provenance = record.provenance(inliers, train, heldOut, scorer,
                        DetectorRecord.weighting(weights != null, report), seconds);
                listeners.forEach(l -> l.onEnd(seconds));
                NoveltyDetector detector = new NoveltyDetector(model, scorer,
                        record.configuration(net, negatives ? sampler : null, views, epochs), provenance, reportJson,
                        recipe.saved());
                if (checkpoints != null) {
                    checkpoints.delete();
                }
                return detector;
            } catch (RuntimeException | Error e) {
                model.close();
                throw e;
            }
        }
    }

    /**
     * Computes AutoAugOOD's weights for these inliers exactly as {@link #fit} would (same split,
     * same warm-up), without training a detector.
     *
     * @throws IllegalStateException if no {@link TrainerBuilder#autoAugOOD} is configured
     */
    public AugmentationReport weigh(ImageSet inliers) {
        if (autoAugOOD == null) {
            throw new IllegalStateException("weigh needs an AutoAugOOD: call autoAugOOD(...) on the builder");
        }
        Backbone net = backboneFor(inliers, "AutoAugOOD");
        try (ImageSet.Partition parts = inliers.split(1 - holdOut(), recipe.seed());
                Model model = newModel(net, 2)) {
            EpochLoop loop = new EpochLoop(model, parts.first(), parts.second().size(), views(inliers), null,
                    loopSettings());
            return autoAugPhase().weigh(loop, net, inliers, null, EpochLoop.Resume.NONE);
        }
    }

    /** The encoder for {@code inliers}, once they are checked to be enough to train and calibrate. */
    private Backbone backboneFor(ImageSet inliers, String what) {
        Backbone net;
        try {
            net = backbone.apply(inliers.shape());
        } catch (IllegalArgumentException e) {
            // the recipe's network cannot take these images (too small for its stem): bad input, not a bug
            throw new io.github.unode.core.ImageShapeException(inliers.name() + ": " + e.getMessage());
        }
        net.inputShape().require(inliers.shape(), inliers.name());
        int minimum = (int) Math.ceil(2 / holdOut());
        if (inliers.size() < minimum) {
            throw new EmptyDataException(what + " needs at least " + minimum + " inlier images (to keep "
                    + holdOut() + " of them out for calibration), got " + inliers.size());
        }
        return net;
    }

    /** A model of {@code net} with a head of {@code outputs} classes, initialised from the seed and checked. */
    private Model newModel(Backbone net, int outputs) {
        Model model = Model.newInstance("unode", device);
        try {
            UnodeModel block = new UnodeModel(net, outputs);
            block.initialize(model.getNDManager(), recipe.seed());
            ConvolutionCheck.requireCorrectGradients(block, device);
            model.setBlock(block);
            return model;
        } catch (RuntimeException | Error e) {
            model.close();
            throw e;
        }
    }

    private PositiveAugmentation views(ImageSet inliers) {
        return new PositiveAugmentation(positive != null ? positive : PositiveAugmentation.Config.defaultsFor(inliers.shape()));
    }

    /**
     * Everything that determines a run, so that a checkpoint is only resumed by the same run: the
     * data, the recipe's fingerprint, and what the builder was given in code beside the recipe.
     */
    private String runId(ImageSet inliers, Backbone net, PositiveAugmentation views) {
        return Checkpoints.runId(inliers.fingerprint(), recipe.fingerprint(), net.spec().id(),
                pool.names().toString(), views.config().toString(),
                featureExtractor == null ? "-" : featureExtractor.id());
    }

    /** The epochs of the main phase: the configured ones, or enough for about the recipe's steps. */
    int epochsFor(int trainImages) {
        if (!(recipe.budget() instanceof Budget.Steps st)) {
            return ((Budget.Epochs) recipe.budget()).epochs();
        }
        int b = Math.min(st.batchSize(), trainImages);
        int perEpoch = Math.max(1, trainImages / b);
        return Math.max(1, Math.round((float) st.steps() / perEpoch));
    }

    private EpochLoop.Settings loopSettings() {
        return new EpochLoop.Settings(recipe, device, listeners);
    }

    private AutoAugPhase autoAugPhase() {
        return new AutoAugPhase(autoAugOOD, pool, featureExtractor, warmupEpochs, recipe.fingerprint(), listeners);
    }

    private double holdOut() {
        return recipe.score().holdOutFraction();
    }

    /** Head targets for the 4B batch {@code [x, n1, x', n2]}: 1 for inlier views, 0 for negatives. */
    public static long[] headLabels(int b) {
        return EpochLoop.headLabels(b);
    }
}
