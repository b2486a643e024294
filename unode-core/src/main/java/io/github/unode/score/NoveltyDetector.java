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
import io.github.unode.model.ModelOutputs;
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

    /** Runs the network over a whole set in batches; outputs concatenated, attached to {@code scope}. */
    static ModelOutputs forwardAll(UnodeModel net, NDManager paramManager, ImageSet images, NDManager scope) {
        net.backbone().inputShape().require(images.shape(), images.name());
        NDList projection = new NDList();
        NDList logits = new NDList();
        NDList features = new NDList();
        for (int from = 0; from < images.size(); from += DEFAULT_BATCH) {
            int to = Math.min(images.size(), from + DEFAULT_BATCH);
            try (NDManager batchScope = scope.newSubManager()) {
                NDArray x = images.batch(from, to, batchScope);
                ModelOutputs out = forward(net, paramManager, x);
                out.toList().attach(scope);
                projection.add(out.projection());
                logits.add(out.logits());
                features.add(out.features());
            }
        }
        return new ModelOutputs(joined(projection, scope), joined(logits, scope), joined(features, scope));
    }

    private static NDArray joined(NDList parts, NDManager scope) {
        NDArray joined = parts.size() == 1 ? parts.get(0) : ai.djl.ndarray.NDArrays.concat(parts, 0);
        joined.attach(scope);
        return joined;
    }

    private static ModelOutputs forward(UnodeModel net, NDManager paramManager, NDArray x) {
        try (Engines.GradMode ignored = Engines.noGrad()) {
            return net.outputs(new ParameterStore(paramManager, false), x, false);
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
            io.github.unode.internal.Pixels.check(x, "images to score");
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

    /**
     * The network's raw outputs for a batch (projection, logits, features; see
     * {@link UnodeModel}), attached to {@code target}. For evaluation and baselines that reuse
     * the trained encoder.
     */
    public ModelOutputs outputs(NDArray batch, NDManager target) {
        inputShape().require(ImageShape.of(batch.getShape()), "images");
        try (NDManager scope = NDManager.newBaseManager(model.getNDManager().getDevice())) {
            ModelOutputs out = forward(network, model.getNDManager(), inScope(batch, scope));
            out.toList().attach(target);
            return out;
        }
    }

    /**
     * The trained encoder's map after ResNet-18 stage {@code stage} (1 to 4) for a batch of this
     * detector's input shape, {@code (B, C, H, W)}, attached to {@code target}; see
     * {@link UnodeModel#featureMap}. For local scores built on the trained encoder.
     *
     * @throws UnsupportedOperationException if the backbone is not a ResNet-18
     */
    public NDArray featureMap(NDArray batch, int stage, NDManager target) {
        inputShape().require(ImageShape.of(batch.getShape()), "images");
        try (NDManager scope = NDManager.newBaseManager(model.getNDManager().getDevice());
                Engines.GradMode g = Engines.noGrad()) {
            NDArray map = network.featureMap(new ParameterStore(model.getNDManager(), false), inScope(batch, scope), stage);
            map.attach(target);
            return map;
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
