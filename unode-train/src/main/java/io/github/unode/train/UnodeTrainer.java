package io.github.unode.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import io.github.unode.augment.AugmentationPool;
import io.github.unode.augment.NegativeSampler;
import io.github.unode.augment.PositiveAugmentation;
import io.github.unode.augment.auto.AugmentationReport;
import io.github.unode.augment.auto.AutoAugOOD;
import io.github.unode.core.EmptyDataException;
import io.github.unode.core.ImageShape;
import io.github.unode.core.NotFiniteException;
import io.github.unode.core.RandomSource;
import io.github.unode.data.ImageSet;
import io.github.unode.model.Backbone;
import io.github.unode.model.ConvolutionCheck;
import io.github.unode.model.FeatureExtractor;
import io.github.unode.model.ModelFeatures;
import io.github.unode.model.UnodeModel;
import io.github.unode.score.Calibrator;
import io.github.unode.score.EmbeddingBank;
import io.github.unode.score.NoveltyDetector;
import io.github.unode.score.NoveltyScorer;
import io.github.unode.score.Provenance;
import io.github.unode.score.ScoreRecipe;
import io.github.unode.score.ScoreSpace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

    private final TrainingConfig config;
    private final Function<ImageShape, Backbone> backbone;
    private final AugmentationPool pool;
    private final Map<String, Double> weights;
    private final PositiveAugmentation.Config positive;
    private final Device device;
    private final List<TrainingListener> listeners;
    private final AutoAugOOD autoAugOOD;
    private final FeatureExtractor featureExtractor;
    private final int warmupEpochs;
    private final int freezeEpochs;
    private final double freezeFraction;
    private final java.nio.file.Path checkpointDirectory;
    private final EmbeddingBank.Precision bankPrecision;
    private final boolean pixelTerm;
    private final double pixelBlur;
    private final boolean pixelCentre;
    private final double pixelWeight;
    private final int steps;
    private final io.github.unode.score.HeadScore headScore;
    private final boolean negatives;
    private final Recipe recipe;

    private UnodeTrainer(Builder b, Recipe recipe) {
        this.recipe = recipe;
        this.config = new TrainingConfig(b.epochs, b.batchSize, b.learningRate, b.peakMultiplier, b.warmupFraction,
                b.warmupSteps, b.temperature, b.crossEntropyWeight, b.contrastiveWeight, b.contrastiveForm,
                b.crossEntropyReduction, b.negativeDraw, b.momentum, b.weightDecay, b.trustCoefficient,
                b.larsExcludeBiasAndNorm, b.maxCompositions, b.holdOutFraction, b.scoreSpace, b.targetFpr, b.seed);
        this.backbone = b.backbone;
        this.pool = b.pool;
        this.weights = b.weights == null ? null : Map.copyOf(b.weights);
        this.positive = b.positive;
        this.device = b.device;
        this.listeners = List.copyOf(b.listeners);
        this.autoAugOOD = b.autoAugOOD;
        this.featureExtractor = b.featureExtractor;
        this.warmupEpochs = b.warmupEpochs;
        this.freezeEpochs = b.freezeEpochs;
        this.freezeFraction = b.freezeFraction;
        this.checkpointDirectory = b.checkpointDirectory;
        this.bankPrecision = b.bankPrecision;
        this.pixelTerm = b.pixelTerm;
        this.pixelBlur = b.pixelBlur;
        this.pixelCentre = b.pixelCentre;
        this.pixelWeight = b.pixelWeight;
        this.steps = b.steps;
        this.headScore = b.headScore;
        this.negatives = b.negatives;
    }

    /** Index in {@code classes} of every image's label. */
    private static int[] classIndex(ImageSet set, int[] classes) {
        int[] out = new int[set.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = java.util.Arrays.binarySearch(classes, set.label(i));
        }
        return out;
    }

    /**
     * Everything that determines a run, so that a checkpoint is only resumed by the same run: the
     * data, the recipe's fingerprint, and what the builder was given in code beside the recipe.
     */
    private String runId(ImageSet inliers, Backbone net, PositiveAugmentation views) {
        return Checkpoints.runId(inliers.fingerprint(), recipe.fingerprint(), net.spec().toString(),
                pool.names().toString(), views.config().toString(),
                featureExtractor == null ? "-" : featureExtractor.id());
    }

    /** A builder set to METHOD's forms of the method ({@link Recipe#method()}). */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder set to {@code recipe}: {@code UnodeTrainer.from(Recipe.cpu()).build().fit(inliers)}
     * trains what {@code ./unode demo} trains. Change what you need on the builder (a listener, a
     * device, a checkpoint directory; or any setting, which the trainer's recipe then records).
     *
     * @throws IllegalArgumentException if the recipe names an augmentation the standard pool lacks
     *     or a pretrained network that cannot be read
     */
    public static Builder from(Recipe recipe) {
        return new Builder().recipe(recipe);
    }

    /** The recipe this trainer trains by, as saved in its detectors and checkpoints. */
    public Recipe recipe() {
        return recipe;
    }

    /**
     * A builder set to the paper's method in every respect the paper states, and to METHOD's
     * choice where it is silent (each marked below); change what you need, e.g. the budget with
     * {@link Builder#steps} (the paper's 1,000 epochs are GPU-days). The paper's settings:
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
    public static Builder paperMethod() {
        return from(Recipe.paper());
    }

    public TrainingConfig config() {
        return config;
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
            throw new io.github.unode.core.LabelMismatchException(inliers.name()
                    + " has no labels: labeled multi-class training needs one label per image (or use fit)");
        }
        return fit(inliers, true);
    }

    private NoveltyDetector fit(ImageSet inliers, boolean labeled) {
        Objects.requireNonNull(inliers, "inliers");
        if (labeled && !negatives) {
            throw new IllegalStateException("labeled training needs negatives: remove negatives(false)");
        }
        Backbone net = backbone.apply(inliers.shape());
        net.inputShape().require(inliers.shape(), inliers.name());
        int minimum = (int) Math.ceil(2 / config.holdOutFraction());
        if (inliers.size() < minimum) {
            throw new EmptyDataException("training needs at least " + minimum + " inlier images (to keep "
                    + config.holdOutFraction() + " of them out for calibration), got " + inliers.size());
        }
        long t0 = System.nanoTime();
        ImageSet.Partition parts = inliers.split(1 - config.holdOutFraction(), config.seed());
        try (parts) {
            ImageSet train = parts.first();
            ImageSet heldOut = parts.second();
            Model model = Model.newInstance("unode", device);
            try {
                int[] classes = labeled ? inliers.classes() : null;
                UnodeModel block = new UnodeModel(net, labeled ? classes.length + 1 : 2);
                block.initialize(model.getNDManager(), config.seed());
                ConvolutionCheck.requireCorrectGradients(block, device);
                model.setBlock(block);
                int[] classOf = labeled ? classIndex(train, classes) : null;
                PositiveAugmentation views = new PositiveAugmentation(
                        positive != null ? positive : PositiveAugmentation.Config.defaultsFor(inliers.shape()));
                Checkpoints checkpoints = checkpointDirectory == null ? null : new Checkpoints(checkpointDirectory,
                        runId(inliers, net, views), recipe.toJson());
                Checkpoints.Restored restored = checkpoints == null ? null
                        : checkpoints.restore(model, model.getNDManager());
                EpochLoop.Resume warmResume = EpochLoop.Resume.NONE;
                EpochLoop.Resume mainResume = EpochLoop.Resume.NONE;
                AugmentationReport report = null;
                if (restored != null) {
                    Checkpoints.State st = restored.state();
                    EpochLoop.Resume r = new EpochLoop.Resume(st.epochsDone() + 1, restored.momentum(), st.updatesDone());
                    if (PHASE_TRAIN.equals(st.phase())) {
                        mainResume = r;
                        report = st.weightsReport() == null ? null : AugmentationReport.fromJson(st.weightsReport());
                    } else {
                        warmResume = r;
                    }
                    listeners.forEach(l -> l.onPhase("resuming from the checkpoint in " + checkpointDirectory + ": "
                            + st.phase() + " epoch " + st.epochsDone() + " done"));
                }
                EpochLoop loop = new EpochLoop(model, train, heldOut.size(), views,
                        labeled ? new EpochLoop.Labels(classOf, classes.length) : null, loopSettings());
                if (weights == null && autoAugOOD != null && mainResume == EpochLoop.Resume.NONE) {
                    report = autoAugPhase().weigh(loop, net, inliers, checkpoints, warmResume);
                }
                Map<String, Double> w = report != null ? report.weights() : weights;
                NegativeSampler sampler = w == null
                        ? new NegativeSampler(pool, config.maxCompositions())
                        : new NegativeSampler(pool, w, config.maxCompositions());
                String reportJson = report == null ? null : report.toJson();
                int epochs = epochsFor(train.size());
                loop.run(PHASE_TRAIN, negatives ? sampler : null, epochs, mainResume,
                        checkpoints == null ? null : (lars, done, updates) ->
                                checkpoints.save(model, lars, PHASE_TRAIN, done, updates, reportJson));
                if (restored != null) {
                    restored.momentum().values().forEach(NDArray::close);
                }
                listeners.forEach(l -> l.onPhase("calibrating on " + heldOut.size() + " held-out inliers"));
                NoveltyScorer scorer = Calibrator.of(recipe.score()).calibrate(model, train, heldOut);
                scorer.calibrationWarning().ifPresent(this::warn);
                double seconds = (System.nanoTime() - t0) / 1e9;
                Map<String, String> cfg = new LinkedHashMap<>(config.toMap());
                cfg.put("backbone", net.toString());
                cfg.put("augmentations", negatives ? sampler.toString() : "none (no negatives)");
                cfg.put("positiveViews", views.config().toString());
                cfg.put("bankPrecision", bankPrecision.name());
                cfg.put("headScore", headScore.name());
                cfg.put("pixelTerm", Boolean.toString(pixelTerm));
                if (pixelTerm) {
                    cfg.put("pixelBlur", Double.toString(pixelBlur));
                    cfg.put("pixelCentre", Boolean.toString(pixelCentre));
                    cfg.put("pixelWeight", Double.toString(pixelWeight));
                }
                if (steps > 0) {
                    cfg.put("steps", Integer.toString(steps));
                    cfg.put("epochs", Integer.toString(epochs));
                }
                Map<String, String> extra = new LinkedHashMap<>();
                extra.put("device", device.toString());
                extra.put("trainImages", Integer.toString(train.size()));
                extra.put("heldOutImages", Integer.toString(heldOut.size()));
                NoveltyScorer.FprInterval fpr = scorer.fprInterval();
                extra.put("thresholdFprInterval90", String.format(java.util.Locale.ROOT, "%.4f..%.4f",
                        fpr.low(), fpr.high()));
                extra.put("augmentationWeights", weights != null ? "fixed by the user"
                        : report != null ? "AutoAugOOD (" + report.featureSource() + ")" : "uniform");
                Provenance prov = Provenance.now(config.seed(), inliers.name(), inliers.fingerprint(),
                        inliers.size(), seconds, extra);
                listeners.forEach(l -> l.onEnd(seconds));
                NoveltyDetector detector = new NoveltyDetector(model, scorer, cfg, prov, reportJson, recipe.saved());
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

    /** To every listener's {@link TrainingListener#onWarning}, or to the platform logger when there is none. */
    private void warn(String message) {
        if (listeners.isEmpty()) {
            org.slf4j.LoggerFactory.getLogger(UnodeTrainer.class).warn("{}", message); // the application's logging
        } else {
            listeners.forEach(l -> l.onWarning(message));
        }
    }

    /** The epochs of the main phase: the configured ones, or enough for about {@code steps} steps. */
    int epochsFor(int trainImages) {
        if (steps <= 0) {
            return config.epochs();
        }
        int b = Math.min(config.batchSize(), trainImages);
        int perEpoch = Math.max(1, trainImages / b);
        return Math.max(1, Math.round((float) steps / perEpoch));
    }

    private EpochLoop.Settings loopSettings() {
        return new EpochLoop.Settings(config, device, listeners, freezeEpochs, freezeFraction);
    }

    private AutoAugPhase autoAugPhase() {
        return new AutoAugPhase(autoAugOOD, pool, featureExtractor, warmupEpochs, recipe.fingerprint(), listeners);
    }

    /**
     * Computes AutoAugOOD's weights for these inliers exactly as {@link #fit} would (same split,
     * same warm-up), without training a detector.
     *
     * @throws IllegalStateException if no {@link Builder#autoAugOOD} is configured
     */
    public AugmentationReport weigh(ImageSet inliers) {
        if (autoAugOOD == null) {
            throw new IllegalStateException("weigh needs an AutoAugOOD: call autoAugOOD(...) on the builder");
        }
        Backbone net = backbone.apply(inliers.shape());
        net.inputShape().require(inliers.shape(), inliers.name());
        int minimum = (int) Math.ceil(2 / config.holdOutFraction());
        if (inliers.size() < minimum) {
            throw new EmptyDataException("AutoAugOOD needs at least " + minimum + " inlier images, got " + inliers.size());
        }
        try (ImageSet.Partition parts = inliers.split(1 - config.holdOutFraction(), config.seed());
                Model model = Model.newInstance("unode", device)) {
            UnodeModel block = new UnodeModel(net);
            block.initialize(model.getNDManager(), config.seed());
            ConvolutionCheck.requireCorrectGradients(block, device);
            model.setBlock(block);
            PositiveAugmentation views = new PositiveAugmentation(
                    positive != null ? positive : PositiveAugmentation.Config.defaultsFor(inliers.shape()));
            EpochLoop loop = new EpochLoop(model, parts.first(), parts.second().size(), views, null, loopSettings());
            return autoAugPhase().weigh(loop, net, inliers, null, EpochLoop.Resume.NONE);
        }
    }


    /** Head targets for the 4B batch {@code [x, n1, x', n2]}: 1 for inlier views, 0 for negatives. */
    public static long[] headLabels(int b) {
        return EpochLoop.headLabels(b);
    }

    /** Ids of the biases and batch-norm scales and shifts: what SimCLR's LARS leaves out. */
    static java.util.Set<String> biasAndNormParameters(UnodeModel block) {
        return EpochLoop.biasAndNormParameters(block);
    }

    /** Fluent, validated configuration of a {@link UnodeTrainer}; defaults are METHOD's. */
    public static final class Builder {
        private int epochs = 20;
        private int batchSize = 64;
        private float learningRate = 0.1f;
        private float peakMultiplier = 10f;
        private double warmupFraction = 0.1;
        private int warmupSteps = -1;
        private float temperature = 0.5f;
        private float crossEntropyWeight = 1f;
        private float contrastiveWeight = 1f;
        private Losses.ContrastiveForm contrastiveForm = Losses.ContrastiveForm.ALL_ANCHORS;
        private Losses.CrossEntropyReduction crossEntropyReduction = Losses.CrossEntropyReduction.MEAN;
        private NegativeDraw negativeDraw = NegativeDraw.INDEPENDENT;
        private boolean larsExcludeBiasAndNorm;
        private float momentum = 0.9f;
        private float weightDecay = 1e-6f;
        private float trustCoefficient = 1e-3f;
        private int maxCompositions = 2;
        private double holdOutFraction = 0.1;
        private ScoreSpace scoreSpace = ScoreSpace.FEATURES;
        private double targetFpr = 0.05;
        private long seed = TrainingConfig.DEFAULT_SEED;
        private Function<ImageShape, Backbone> backbone = Backbone::resNet18;
        private AugmentationPool pool = AugmentationPool.standard();
        private Map<String, Double> weights;
        private PositiveAugmentation.Config positive;
        private Device device = Device.cpu();
        private final List<TrainingListener> listeners = new ArrayList<>();
        private AutoAugOOD autoAugOOD;
        private FeatureExtractor featureExtractor;
        private int warmupEpochs = 3;
        private int freezeEpochs;
        private double freezeFraction = 0.5;
        private java.nio.file.Path checkpointDirectory;
        private EmbeddingBank.Precision bankPrecision = EmbeddingBank.Precision.FLOAT32;
        private boolean pixelTerm;
        private double pixelBlur = 1.0;
        private boolean pixelCentre = true;
        private double pixelWeight = 4.0;
        private int steps;
        private io.github.unode.score.HeadScore headScore = io.github.unode.score.HeadScore.LOG_ODDS;
        private boolean negatives = true;
        /** What the recipe records of the backbone. */
        private Recipe.Network network = new Recipe.ResNet18(64);
        /** Whether the recipe's backbone was given in code and has not been given to this builder. */
        private boolean backboneNeeded;
        /** The TorchScript file of a pretrained feature extractor set from a recipe, or null. */
        private String pretrainedFile;
        private int pretrainedSize = 224;

        private Builder() {}

        /**
         * Sets every setting to {@code recipe}'s (the device, listeners and checkpoint directory
         * are not part of a recipe and stay as they are).
         *
         * @throws IllegalArgumentException if the recipe names an augmentation the standard pool
         *     lacks, or a pretrained network that cannot be read
         */
        public Builder recipe(Recipe recipe) {
            Objects.requireNonNull(recipe, "recipe");
            Recipe.Network n = recipe.network();
            backboneNeeded = n instanceof Recipe.Given;
            if (!backboneNeeded) {
                backbone = n::forShape;
            }
            network = n;
            batchSize = recipe.budget().batchSize();
            if (recipe.budget() instanceof Recipe.Steps st) {
                steps = st.steps();
                epochs = 1;
            } else {
                epochs = ((Recipe.Epochs) recipe.budget()).epochs();
                steps = 0;
            }
            Recipe.Optimiser o = recipe.optimiser();
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
            Recipe.Loss l = recipe.loss();
            contrastiveForm = l.contrastiveForm();
            temperature = l.temperature();
            contrastiveWeight = l.contrastiveWeight();
            crossEntropyReduction = l.crossEntropyReduction();
            crossEntropyWeight = l.crossEntropyWeight();
            Recipe.Negatives ng = recipe.negatives();
            negatives = ng.used();
            pool = ng.pool();
            maxCompositions = ng.maxCompositions();
            negativeDraw = ng.draw();
            weights = null;
            autoAugOOD = null;
            featureExtractor = null;
            pretrainedFile = null;
            if (ng.weighting() instanceof Recipe.Fixed f) {
                weights = new LinkedHashMap<>(f.weights());
            } else if (ng.weighting() instanceof Recipe.AutoAugOOD a) {
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
            return this;
        }

        /**
         * The recipe these settings make, validated. A backbone, feature extractor, pool order or
         * positive-view augmentation given in code is recorded by what it is (see {@link Recipe}).
         *
         * @throws IllegalArgumentException if a setting is invalid, naming it
         */
        public Recipe recipe() {
            Recipe.Budget budget = steps > 0 ? new Recipe.Steps(steps, batchSize) : new Recipe.Epochs(epochs, batchSize);
            Recipe.Optimiser o = new Recipe.Optimiser(learningRate, peakMultiplier, warmupFraction,
                    warmupSteps < 0 ? null : warmupSteps, momentum, weightDecay, trustCoefficient,
                    larsExcludeBiasAndNorm, freezeEpochs, freezeFraction);
            Recipe.Loss l = new Recipe.Loss(contrastiveForm, temperature, contrastiveWeight, crossEntropyReduction,
                    crossEntropyWeight);
            Recipe.Weighting w;
            if (weights != null) {
                w = new Recipe.Fixed(weights);
            } else if (autoAugOOD != null) {
                AutoAugOOD.Config c = autoAugOOD.config();
                w = new Recipe.AutoAugOOD(c.temperature(), c.divergence(), c.maxImages(), c.pcaDimensions(), c.seed(),
                        warmupEpochs, featureExtractor == null ? null : pretrainedFile, pretrainedSize);
            } else {
                w = new Recipe.Uniform();
            }
            Recipe.Negatives ng = new Recipe.Negatives(negatives, pool.names(), maxCompositions, negativeDraw, w);
            ScoreRecipe sc = new ScoreRecipe(scoreSpace, headScore, bankPrecision, holdOutFraction, targetFpr,
                    pixelTerm ? new ScoreRecipe.PixelTerm(pixelBlur, pixelCentre, pixelWeight) : null);
            return new Recipe(network, budget, o, l, ng, sc, seed);
        }

        /**
         * Whether training uses negatives at all (default true). Without them the main phase is
         * plain SimCLR on the inliers, the contrastive loss over the 2B views and no head loss:
         * the "None" column of the paper's Table 4. The head stays as initialised, so only
         * {@code O_sim} means anything; the detector still calibrates the full score.
         */
        public Builder negatives(boolean on) {
            this.negatives = on;
            return this;
        }

        /**
         * How the head's verdict enters the score, {@code O_bin} (default
         * {@link io.github.unode.score.HeadScore#LOG_ODDS}; the paper's eq. 14 is
         * {@link io.github.unode.score.HeadScore#PROBABILITY}).
         */
        public Builder headScore(io.github.unode.score.HeadScore head) {
            this.headScore = Objects.requireNonNull(head, "head");
            return this;
        }

        /** The encoder (default: the standard ResNet-18 for the inliers' shape). */
        public Builder backbone(Backbone backbone) {
            Objects.requireNonNull(backbone, "backbone");
            this.backbone = shape -> backbone;
            io.github.unode.model.BackboneSpec spec = backbone.spec();
            this.network = switch (spec.kind()) {
                case io.github.unode.model.BackboneSpec.RESNET18 -> new Recipe.ResNet18(spec.width());
                case io.github.unode.model.BackboneSpec.WIDE_RESNET -> new Recipe.WideResNet(spec.depth(), spec.widen());
                default -> new Recipe.Given(spec.kind() + (spec.file() == null ? "" : " " + spec.file()));
            };
            this.backboneNeeded = false;
            return this;
        }

        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** Inliers per step {@code B} (each step forwards {@code 4B} views). */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Base learning rate; the warm-up climbs to {@code peakMultiplier} times it. */
        public Builder learningRate(float learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        public Builder peakMultiplier(float peakMultiplier) {
            this.peakMultiplier = peakMultiplier;
            return this;
        }

        /** The warm-up as a share of all steps (default 0.1); replaces a {@link #warmupSteps} given before. */
        public Builder warmupFraction(double warmupFraction) {
            this.warmupFraction = warmupFraction;
            this.warmupSteps = -1;
            return this;
        }

        /**
         * The warm-up in optimiser steps (the paper: 10), capped at a phase's length; replaces a
         * {@link #warmupFraction} given before.
         */
        public Builder warmupSteps(int steps) {
            if (steps < 0) {
                throw new IllegalArgumentException("warm-up steps must be non-negative, got " + steps);
            }
            this.warmupSteps = steps;
            return this;
        }

        /** NT-Xent temperature. */
        public Builder temperature(float temperature) {
            this.temperature = temperature;
            return this;
        }

        /** {@code lambda_ce}, the weight of the head's cross-entropy (1; 0 trains the contrastive loss alone). */
        public Builder crossEntropyWeight(float weight) {
            this.crossEntropyWeight = weight;
            return this;
        }

        /**
         * Weight of the contrastive loss (1; 0 trains the binary head alone, as in the
         * "cross-entropy only" ablation of the paper's Table 5). At least one of the two weights
         * must be positive.
         */
        public Builder contrastiveWeight(float weight) {
            this.contrastiveWeight = weight;
            return this;
        }

        /** The contrastive loss's form (default {@link Losses.ContrastiveForm#ALL_ANCHORS}). */
        public Builder contrastiveForm(Losses.ContrastiveForm form) {
            this.contrastiveForm = Objects.requireNonNull(form, "form");
            return this;
        }

        /** How the head's cross-entropy is reduced (default {@link Losses.CrossEntropyReduction#MEAN}). */
        public Builder crossEntropyReduction(Losses.CrossEntropyReduction reduction) {
            this.crossEntropyReduction = Objects.requireNonNull(reduction, "reduction");
            return this;
        }

        /** How negatives are drawn and shared between the views (default {@link NegativeDraw#INDEPENDENT}). */
        public Builder negativeDraw(NegativeDraw draw) {
            this.negativeDraw = Objects.requireNonNull(draw, "draw");
            return this;
        }

        /**
         * Whether LARS leaves biases and batch-norm parameters out of its trust ratio and weight
         * decay, as SimCLR's LARS does (default false: every parameter is adapted).
         */
        public Builder larsExcludeBiasAndNorm(boolean on) {
            this.larsExcludeBiasAndNorm = on;
            return this;
        }

        public Builder momentum(float momentum) {
            this.momentum = momentum;
            return this;
        }

        public Builder weightDecay(float weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        public Builder trustCoefficient(float trust) {
            this.trustCoefficient = trust;
            return this;
        }

        /** {@code r_max}: negatives compose 1 to this many hard augmentations. */
        public Builder maxCompositions(int rMax) {
            this.maxCompositions = rMax;
            return this;
        }

        public Builder holdOutFraction(double fraction) {
            this.holdOutFraction = fraction;
            return this;
        }

        public Builder scoreSpace(ScoreSpace space) {
            this.scoreSpace = space;
            return this;
        }

        /** False-positive rate the threshold is calibrated to (default 0.05). */
        public Builder targetFpr(double fpr) {
            this.targetFpr = fpr;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The hard-augmentation pool negatives are drawn from (default: all but mixup). */
        public Builder augmentations(AugmentationPool pool) {
            this.pool = Objects.requireNonNull(pool, "pool");
            return this;
        }

        /** Fixed weights of the pool's augmentations by name (default: uniform). */
        public Builder augmentationWeights(Map<String, Double> weights) {
            this.weights = weights == null ? null : new LinkedHashMap<>(weights);
            return this;
        }

        /** The positive-pair augmentation (default: METHOD 4.2's for the image shape). */
        public Builder positiveViews(PositiveAugmentation.Config config) {
            this.positive = config;
            return this;
        }

        public Builder device(Device device) {
            this.device = Objects.requireNonNull(device, "device");
            return this;
        }

        /**
         * Weighs the augmentations automatically before training (METHOD section 3). Ignored when
         * fixed weights are given with {@link #augmentationWeights}.
         */
        public Builder autoAugOOD(AutoAugOOD autoAugOOD) {
            this.autoAugOOD = autoAugOOD;
            return this;
        }

        /**
         * AutoAugOOD's feature extractor (a {@link io.github.unode.model.PretrainedBackbone}); without
         * one, the encoder after {@link #warmupEpochs} epochs of self-supervised warm-up serves.
         */
        public Builder featureExtractor(FeatureExtractor psi) {
            this.featureExtractor = psi;
            this.pretrainedFile = null; // given in code: not part of the recipe
            return this;
        }

        /** Epochs of plain SimCLR before AutoAugOOD when no feature extractor is given (default 3). */
        public Builder warmupEpochs(int epochs) {
            if (epochs < 0) {
                throw new IllegalArgumentException("warm-up epochs must be non-negative, got " + epochs);
            }
            this.warmupEpochs = epochs;
            return this;
        }

        /**
         * Keeps the earliest {@code fraction} of the encoder's parameters fixed for the first
         * {@code epochs} epochs (METHOD 4.8), for pretrained backbones.
         */
        public Builder freezeEarlyLayers(int epochs, double fraction) {
            if (epochs < 0 || !(fraction > 0 && fraction <= 1)) {
                throw new IllegalArgumentException("freeze needs epochs >= 0 and a fraction in (0, 1], got "
                        + epochs + ", " + fraction);
            }
            this.freezeEpochs = epochs;
            this.freezeFraction = fraction;
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
        public Builder checkpointDirectory(java.nio.file.Path dir) {
            this.checkpointDirectory = dir;
            return this;
        }

        /**
         * Adds the pixel term to the score (default off: similarity and head only, as in the paper): the Euclidean
         * distance to the nearest training inlier in raw pixels, balanced against the similarity
         * on the held-out inliers ({@link NoveltyScorer}). The detector then keeps the training
         * inliers' pixels (4 bytes per pixel per image) and scoring costs one more nearest-neighbour
         * search. On a CPU budget it measured better on Fashion-MNIST (docs/accuracy.md). The
         * pixels are blurred first ({@link #pixelBlur}).
         */
        public Builder pixelTerm(boolean on) {
            this.pixelTerm = on;
            return this;
        }

        /**
         * The standard deviation, in pixels, of the Gaussian blur of bank and query images in the
         * pixel term (default 1; 0 compares raw pixels). Blurring makes the distance compare shapes
         * rather than pixel-exact detail: on a validation split of the Fashion-MNIST training set,
         * 1-NN novelty detection rose from 92.3 to 93.9 mean AUROC with sigma 1, which was best of
         * 0.7, 1, 1.5, 2, 2.5 and 3 (docs/accuracy.md).
         *
         * @throws IllegalArgumentException if {@code sigma} is negative or not finite
         */
        public Builder pixelBlur(double sigma) {
            io.github.unode.score.GaussianBlur.ofSigma(sigma);
            this.pixelBlur = sigma;
            return this;
        }

        /**
         * Whether the pixel term subtracts each image's mean value (after the blur) before comparing
         * (default true): a uniformly brighter or darker copy of an inlier is then as close as the
         * inlier. On the validation split of {@link #pixelBlur} it raised 1-NN's mean AUROC from
         * 93.9 to 94.0 and lowered its spread over the classes from 4.0 to 3.9 (docs/accuracy.md).
         */
        public Builder pixelCentre(boolean on) {
            this.pixelCentre = on;
            return this;
        }

        /**
         * How much the pixel term counts in the score, as a multiple of its balance against the
         * similarity on the held-out inliers (default 4; 1 weighs it like the head, 0 drops it from
         * the score while the detector still reports it). On a validation split of the Fashion-MNIST
         * training set (per class 5,000 images to train on, 1,000 held out; the default recipe otherwise)
         * weights 1, 2, 3, 4 and 8 gave mean AUROCs of 93.9, 94.4, 94.5, 94.6 and 94.5, with
         * spreads over the classes of 4.4, 4.0, 3.9, 3.8 and 3.6 (docs/accuracy.md): an encoder
         * trained for minutes knows less than the pixels.
         *
         * @throws IllegalArgumentException if {@code weight} is negative or not finite
         */
        public Builder pixelWeight(double weight) {
            this.pixelWeight = io.github.unode.score.NoveltyScorer.checkPixelWeight(weight);
            return this;
        }

        /**
         * Trains for about this many optimiser steps instead of a fixed number of epochs (0, the
         * default, uses {@link #epochs}): the epochs become {@code max(1, round(steps /
         * stepsPerEpoch))} for the inliers given to {@code fit}, so that one setting gives small
         * and large inlier sets the same compute. The detector's configuration records both.
         */
        public Builder steps(int steps) {
            if (steps < 0) {
                throw new IllegalArgumentException("steps must be 0 (use epochs) or positive, got " + steps);
            }
            this.steps = steps;
            return this;
        }

        /** How the embedding bank is stored (default float32; float16 halves its memory). */
        public Builder bankPrecision(EmbeddingBank.Precision precision) {
            this.bankPrecision = Objects.requireNonNull(precision, "precision");
            return this;
        }

        public Builder listener(TrainingListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Validates the settings. */
        public UnodeTrainer build() {
            if (backboneNeeded) {
                throw new IllegalStateException("the recipe's backbone (" + network + ") was given in code: give it"
                        + " again with backbone(...)");
            }
            UnodeTrainer t = new UnodeTrainer(this, recipe());
            if (weights != null) {
                new NegativeSampler(pool, weights, maxCompositions); // validates names and values now
            }
            return t;
        }
    }
}
