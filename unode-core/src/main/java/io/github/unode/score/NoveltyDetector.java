package io.github.unode.score;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import io.github.unode.core.ImageShape;
import io.github.unode.core.ImageShapeException;
import io.github.unode.core.InvalidPixelException;
import io.github.unode.data.ImageSet;
import io.github.unode.internal.Engines;
import io.github.unode.model.UnodeModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A trained novelty detector: the network, the {@link NoveltyScorer} with its embedding bank,
 * the balance and the calibrated threshold, the training configuration and the provenance, as
 * one artefact that scores images and saves to / loads from a directory.
 *
 * <pre>{@code
 * try (NoveltyDetector detector = NoveltyDetector.load(Path.of("detector"))) {
 *     ScoreBatch s = detector.score(testImages);    // novelty, O_sim, O_bin, isNovel
 * }
 * }</pre>
 *
 * <p>A detector is safe to share between threads: scoring only reads it. Each call runs in its
 * own native memory scope, so scoring any number of images leaves memory as it was.
 */
public final class NoveltyDetector implements AutoCloseable {
    /** Images per forward pass when scoring. */
    public static final int DEFAULT_BATCH = 256;

    private final Model model;
    private final UnodeModel network;
    private final NoveltyScorer scorer;
    private final Map<String, String> configuration;
    private final Provenance provenance;
    private final String augmentationReport;
    private final SavedRecipe recipe;

    /**
     * Assembles a detector. Used by the trainer and by {@link #load}; ownership of {@code model}
     * and of the scorer's bank passes to the detector.
     *
     * @param model a DJL model whose block is a {@link UnodeModel}
     * @param scorer the calibrated scorer
     * @param configuration the training configuration, as readable key/value pairs
     * @param provenance where the detector came from
     * @param augmentationReport the AutoAugOOD report as JSON, or null
     */
    public NoveltyDetector(Model model, NoveltyScorer scorer, Map<String, String> configuration,
            Provenance provenance, String augmentationReport) {
        this(model, scorer, configuration, provenance, augmentationReport, null);
    }

    /**
     * Assembles a detector that records the recipe it was made by. Used by the trainer and by
     * {@link #load}; ownership of {@code model} and of the scorer's bank passes to the detector.
     *
     * @param model a DJL model whose block is a {@link UnodeModel}
     * @param scorer the calibrated scorer
     * @param configuration the training configuration, as readable key/value pairs
     * @param provenance where the detector came from
     * @param augmentationReport the AutoAugOOD report as JSON, or null
     * @param recipe the recipe the detector was trained by, or null when it is not known
     */
    public NoveltyDetector(Model model, NoveltyScorer scorer, Map<String, String> configuration,
            Provenance provenance, String augmentationReport, SavedRecipe recipe) {
        if (!(model.getBlock() instanceof UnodeModel net)) {
            throw new IllegalArgumentException("a detector's model block must be a UnodeModel");
        }
        this.model = model;
        this.network = net;
        this.scorer = scorer;
        this.configuration = Map.copyOf(configuration);
        this.provenance = provenance;
        this.augmentationReport = augmentationReport;
        this.recipe = recipe;
    }

    /**
     * Calibrates a scorer for a trained network: embeds {@code bankImages} into the bank and
     * measures {@code lambda} and the threshold on {@code heldOut} (METHOD section 6). These
     * overloads are shorthands of {@link Calibrator}, which takes every score setting as one
     * {@link ScoreRecipe}; the hold-out share they record is the default 0.1 (the images given
     * are what counts).
     *
     * @param model DJL model holding a trained {@link UnodeModel}
     * @param bankImages the training inliers that form the bank
     * @param heldOut inliers kept out of the bank
     * @param space the space of {@code z}
     * @param targetFpr share of inliers the threshold flags
     */
    public static NoveltyScorer calibrate(Model model, ImageSet bankImages, ImageSet heldOut,
            ScoreSpace space, double targetFpr) {
        return calibrate(model, bankImages, heldOut, space, targetFpr, EmbeddingBank.Precision.FLOAT32);
    }

    /** As {@link #calibrate(Model, ImageSet, ImageSet, ScoreSpace, double)}, with the bank stored at {@code precision}. */
    public static NoveltyScorer calibrate(Model model, ImageSet bankImages, ImageSet heldOut,
            ScoreSpace space, double targetFpr, EmbeddingBank.Precision precision) {
        return calibrate(model, bankImages, heldOut, space, targetFpr, precision, false);
    }

    /**
     * As {@link #calibrate(Model, ImageSet, ImageSet, ScoreSpace, double, EmbeddingBank.Precision)},
     * optionally with the pixel term of {@link NoveltyScorer} (the bank images' raw pixels are
     * kept for it).
     */
    public static NoveltyScorer calibrate(Model model, ImageSet bankImages, ImageSet heldOut,
            ScoreSpace space, double targetFpr, EmbeddingBank.Precision precision, boolean pixelTerm) {
        return calibrate(model, bankImages, heldOut, space, targetFpr, precision, pixelTerm, 0.0, false);
    }

    /**
     * As {@link #calibrate(Model, ImageSet, ImageSet, ScoreSpace, double, EmbeddingBank.Precision, boolean)},
     * with the pixel term's images blurred by a Gaussian of standard deviation {@code pixelBlur}
     * pixels (0: not blurred) and, with {@code pixelCentre}, each image's mean value subtracted
     * ({@link PixelBank#of(NDArray, double, boolean)}).
     */
    public static NoveltyScorer calibrate(Model model, ImageSet bankImages, ImageSet heldOut,
            ScoreSpace space, double targetFpr, EmbeddingBank.Precision precision, boolean pixelTerm,
            double pixelBlur, boolean pixelCentre) {
        return calibrate(model, bankImages, heldOut, space, targetFpr, precision, pixelTerm, pixelBlur, pixelCentre,
                1.0);
    }

    /**
     * As {@link #calibrate(Model, ImageSet, ImageSet, ScoreSpace, double, EmbeddingBank.Precision, boolean,
     * double, boolean)}, with the pixel term weighted {@code pixelWeight} times its balance
     * against the similarity ({@link NoveltyScorer#calibrate(ScoreSpace, EmbeddingBank, PixelBank,
     * NDList, NDArray, double, double)}).
     */
    public static NoveltyScorer calibrate(Model model, ImageSet bankImages, ImageSet heldOut,
            ScoreSpace space, double targetFpr, EmbeddingBank.Precision precision, boolean pixelTerm,
            double pixelBlur, boolean pixelCentre, double pixelWeight) {
        return calibrate(model, bankImages, heldOut, space, HeadScore.LOG_ODDS, targetFpr, precision, pixelTerm,
                pixelBlur, pixelCentre, pixelWeight);
    }

    /**
     * As {@link #calibrate(Model, ImageSet, ImageSet, ScoreSpace, double, EmbeddingBank.Precision, boolean,
     * double, boolean, double)}, with {@code O_bin} as {@code head} says.
     */
    public static NoveltyScorer calibrate(Model model, ImageSet bankImages, ImageSet heldOut,
            ScoreSpace space, HeadScore head, double targetFpr, EmbeddingBank.Precision precision, boolean pixelTerm,
            double pixelBlur, boolean pixelCentre, double pixelWeight) {
        return Calibrator.of(new ScoreRecipe(space, head, precision, 0.1, targetFpr,
                pixelTerm ? new ScoreRecipe.PixelTerm(pixelBlur, pixelCentre, pixelWeight) : null))
                .calibrate(model, bankImages, heldOut);
    }

    /** Runs the network over a whole set in batches; outputs concatenated, attached to {@code scope}. */
    static NDList forwardAll(UnodeModel net, NDManager paramManager, ImageSet images, NDManager scope) {
        net.backbone().inputShape().require(images.shape(), images.name());
        NDList[] parts = new NDList[3];
        for (int k = 0; k < 3; k++) {
            parts[k] = new NDList();
        }
        for (int from = 0; from < images.size(); from += DEFAULT_BATCH) {
            int to = Math.min(images.size(), from + DEFAULT_BATCH);
            try (NDManager batchScope = scope.newSubManager()) {
                NDArray x = images.batch(from, to, batchScope);
                NDList out = forward(net, paramManager, x);
                for (int k = 0; k < 3; k++) {
                    NDArray o = out.get(k);
                    o.attach(scope);
                    parts[k].add(o);
                }
            }
        }
        NDList all = new NDList();
        for (NDList p : parts) {
            NDArray joined = p.size() == 1 ? p.get(0) : ai.djl.ndarray.NDArrays.concat(p, 0);
            joined.attach(scope);
            all.add(joined);
        }
        return all;
    }

    private static NDList forward(UnodeModel net, NDManager paramManager, NDArray x) {
        try (Engines.GradMode ignored = Engines.noGrad()) {
            return net.forward(new ParameterStore(paramManager, false), new NDList(x), false);
        }
    }

    /** Scores every image of the set; its shape must be {@link #inputShape()}. */
    public ScoreBatch score(ImageSet images) {
        return score(images, false);
    }

    /**
     * Scores every image of the set.
     *
     * @param images the images to score
     * @param resize whether images of another height or width are resized to {@link #inputShape()}
     *     (the channel count must match either way)
     */
    public ScoreBatch score(ImageSet images, boolean resize) {
        if (resize && !images.shape().equals(inputShape())
                && images.shape().channels() == inputShape().channels()) {
            try (ImageSet r = images.resized(inputShape())) {
                return score(r, false);
            }
        }
        inputShape().require(images.shape(), images.name());
        int n = images.size();
        float[] nov = new float[n];
        float[] sim = new float[n];
        float[] bin = new float[n];
        float[] pix = new float[n];
        boolean[] novel = new boolean[n];
        for (int from = 0; from < n; from += DEFAULT_BATCH) {
            int to = Math.min(n, from + DEFAULT_BATCH);
            try (NDManager scope = NDManager.newBaseManager(model.getNDManager().getDevice())) {
                ScoreBatch b = scoreChecked(images.batch(from, to, scope));
                System.arraycopy(b.novelty(), 0, nov, from, to - from);
                System.arraycopy(b.similarity(), 0, sim, from, to - from);
                System.arraycopy(b.binaryLogOdds(), 0, bin, from, to - from);
                System.arraycopy(b.pixelSimilarity(), 0, pix, from, to - from);
                System.arraycopy(b.novel(), 0, novel, from, to - from);
            }
        }
        return new ScoreBatch(nov, sim, bin, pix, novel, scorer.lambda(), scorer.mu(), scorer.threshold());
    }

    /**
     * Scores a batch {@code (N, C, H, W)} or a single image {@code (C, H, W)}, float values in
     * [0, 1]. The array is not modified or closed.
     *
     * @throws ImageShapeException if the shape is not this detector's input shape
     * @throws InvalidPixelException for NaN, infinite or out-of-range pixels
     */
    public ScoreBatch score(NDArray images) {
        int d = images.getShape().dimension();
        if (d != 3 && d != 4) {
            throw new ImageShapeException("expected an image " + inputShape() + " or a batch (N, "
                    + inputShape() + "), got shape " + images.getShape());
        }
        inputShape().require(ImageShape.of(images.getShape()), "images");
        try (NDManager scope = NDManager.newBaseManager(model.getNDManager().getDevice())) {
            NDArray x = inScope(images, scope);
            if (d == 3) {
                x = x.expandDims(0);
            }
            checkPixels(x);
            return scoreChecked(x);
        }
    }

    /**
     * A float32 copy of a caller's array in our own scope: everything computed from it attaches
     * to {@code scope}, never to the caller's manager, and the caller's array is left alone.
     */
    private NDArray inScope(NDArray array, NDManager scope) {
        NDArray x = array.getDataType() == DataType.FLOAT32 ? array.duplicate() : array.toType(DataType.FLOAT32, false);
        x.attach(scope);
        return x.toDevice(scope.getDevice(), false);
    }

    private ScoreBatch scoreChecked(NDArray batch) {
        NDArray x = batch.toDevice(model.getNDManager().getDevice(), false);
        return scorer.score(forward(network, model.getNDManager(), x), x);
    }

    private static void checkPixels(NDArray x) {
        if (x.isNaN().any().getBoolean() || x.isInfinite().any().getBoolean()) {
            throw new InvalidPixelException("images contain NaN or infinite values; they cannot be scored");
        }
        if (x.size() > 0 && (x.min().getFloat() < 0f || x.max().getFloat() > 1f)) {
            throw new InvalidPixelException("pixel values must lie in [0, 1], got [" + x.min().getFloat() + ", "
                    + x.max().getFloat() + "]; divide 8-bit images by 255");
        }
    }

    /**
     * The network's raw outputs for a batch (projection, logits, features; see
     * {@link UnodeModel}), attached to {@code target}. For evaluation and baselines that reuse
     * the trained encoder.
     */
    public NDList outputs(NDArray batch, NDManager target) {
        inputShape().require(ImageShape.of(batch.getShape()), "images");
        try (NDManager scope = NDManager.newBaseManager(model.getNDManager().getDevice())) {
            NDList out = forward(network, model.getNDManager(), inScope(batch, scope));
            out.attach(target);
            return out;
        }
    }

    /** The threshold that would flag {@code fpr} of the held-out inliers. */
    public double thresholdForFpr(double fpr) {
        return scorer.withTargetFpr(fpr).threshold();
    }

    /**
     * Saves the detector to {@code dir}, a directory that must not exist yet or be empty. The
     * detector is written to a temporary sibling directory, flushed, and renamed into place, so
     * that {@code dir} holds either a whole detector or nothing (see {@link DetectorStore}).
     * Nothing already at {@code dir} is overwritten: to replace a detector saved there earlier,
     * use {@link #saveReplacing}.
     *
     * @throws io.github.unode.core.ExistingOutputException if {@code dir} exists and is not an
     *     empty directory; the message names what is in it, and nothing is written or deleted
     */
    public void save(Path dir) throws IOException {
        DetectorStore.save(this, dir, false);
    }

    /**
     * Saves the detector to {@code dir} like {@link #save}, replacing a detector saved there
     * earlier. Only a directory that is verifiably a unode detector is replaced: its manifest must
     * be of unode's detector format and list every entry in the directory. The new detector is
     * written beside it and renamed into place before the old one is deleted, so a crash leaves
     * one whole detector or the other. A directory with anything else in it (a file of yours,
     * another program's output) is refused and left as it is.
     *
     * @throws io.github.unode.core.ExistingOutputException if {@code dir} exists and is neither
     *     an empty directory nor a detector and nothing else; nothing is written or deleted
     */
    public void saveReplacing(Path dir) throws IOException {
        DetectorStore.save(this, dir, true);
    }

    /**
     * Loads a detector saved with {@link #save}, verifying every file's checksum.
     *
     * @throws io.github.unode.core.DetectorFormatException if the directory is not a complete,
     *     intact detector this version can read
     */
    public static NoveltyDetector load(Path dir) throws IOException {
        return DetectorStore.load(dir, null);
    }

    /**
     * Loads a detector as {@link #load(Path)} does, with its network and embedding bank on
     * {@code device} (a GPU needs a CUDA native artefact of PyTorch). The pixel term, if any,
     * stays in host memory. The scores are those of the device's kernels: on another device than
     * the one that calibrated the threshold they may differ in the last bits.
     *
     * @throws io.github.unode.core.DetectorFormatException if the directory is not a complete,
     *     intact detector this version can read
     */
    public static NoveltyDetector load(Path dir, ai.djl.Device device) throws IOException {
        return DetectorStore.load(dir, java.util.Objects.requireNonNull(device, "device"));
    }

    /** The image shape this detector scores. */
    public ImageShape inputShape() {
        return network.backbone().inputShape();
    }

    public NoveltyScorer scorer() {
        return scorer;
    }

    /** The network (read-only use). */
    public UnodeModel network() {
        return network;
    }

    Model model() {
        return model;
    }

    /** Novelty above this is flagged. */
    public double threshold() {
        return scorer.threshold();
    }

    /** The training configuration, as readable key/value pairs. */
    public Map<String, String> configuration() {
        return configuration;
    }

    public Provenance provenance() {
        return provenance;
    }

    /** The AutoAugOOD report (JSON), if augmentation weights were computed. */
    public Optional<String> augmentationReport() {
        return Optional.ofNullable(augmentationReport);
    }

    /**
     * The recipe this detector was trained by ({@code io.github.unode.train.Recipe.of(detector)}
     * gives it typed), or empty for a detector saved before detectors recorded one.
     */
    public Optional<SavedRecipe> recipe() {
        return Optional.ofNullable(recipe);
    }

    @Override
    public void close() {
        scorer.bank().close();
        scorer.pixels().ifPresent(PixelBank::close);
        model.close();
    }
}
