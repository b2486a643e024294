package io.github.unode.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import io.github.unode.core.RandomSource;
import io.github.unode.internal.NearestSearch;

/**
 * The network of METHOD section 4 as one DJL block: encoder {@code f}, projection head
 * {@code g = Linear(d, d) - ReLU - Linear(d, 128)} and classification head
 * {@code h = Linear(d, K)} ({@code K = 2}: negative / inlier; {@code K + 1} for labeled
 * multi-class).
 *
 * <p>{@code forward} takes one input {@code (B, C, H, W)} and returns three arrays, read by name
 * with {@link ModelOutputs#of}: the projection {@code z = g(f(x))} {@code (B, 128)}, the logits
 * {@code h(f(x))} {@code (B, K)} and the features {@code f(x)} {@code (B, d)}; {@link #outputs}
 * does both.
 */
public final class UnodeModel extends AbstractBlock {
    /** Size of the projection, as in SimCLR and the reference code. */
    public static final int PROJECTION_DIM = 128;

    private static final byte VERSION = 1;

    private final Backbone backbone;
    private final int headClasses;
    private final Block encoder;
    private final Block projection;
    private final Block head;

    /**
     * @param backbone the encoder architecture
     * @param headClasses outputs of the classification head, 2 for one-class and unlabeled
     *     multi-class training
     */
    public UnodeModel(Backbone backbone, int headClasses) {
        super(VERSION);
        if (headClasses < 2) {
            throw new IllegalArgumentException("the head needs at least 2 classes, got " + headClasses);
        }
        this.backbone = backbone;
        this.headClasses = headClasses;
        int d = backbone.featureDim();
        this.encoder = addChildBlock("encoder", backbone.newEncoder());
        this.projection = addChildBlock("projection", new SequentialBlock()
                .add(Linear.builder().setUnits(d).build())
                .add(Activation::relu)
                .add(Linear.builder().setUnits(PROJECTION_DIM).build()));
        this.head = addChildBlock("head", Linear.builder().setUnits(headClasses).build());
    }

    /** A one-class / unlabeled model: binary head. */
    public UnodeModel(Backbone backbone) {
        this(backbone, 2);
    }

    public Backbone backbone() {
        return backbone;
    }

    public int headClasses() {
        return headClasses;
    }

    /** The encoder {@code f} alone. */
    public Block encoder() {
        return encoder;
    }

    /**
     * Initialises every parameter for the backbone's input shape, drawing the weights from the
     * seed (He-normal convolutions, PyTorch-default linear layers, zero biases, unit BatchNorm).
     */
    public void initialize(NDManager manager, long seed) {
        setInitializer(new SeededInitializer(new RandomSource(seed)), Parameter.Type.WEIGHT);
        setInitializer(Initializer.ZEROS, Parameter.Type.BIAS);
        initialize(manager, DataType.FLOAT32, backbone.inputShape().batchShape(1));
    }

    /** The outputs for a batch of images {@code (B, C, H, W)}, by name. */
    public ModelOutputs outputs(ParameterStore parameterStore, NDArray images, boolean training) {
        return ModelOutputs.of(forward(parameterStore, new NDList(images), training));
    }

    /**
     * The encoder's feature map after ResNet-18 stage {@code stage} (1 to 4), {@code (B, C, H, W)}:
     * the stem and the first {@code 2 stage} basic blocks, in inference mode (batch-norm running
     * statistics), without the global pooling. Stage 4's map averaged over its positions is
     * {@link ModelOutputs#features()}. For local scores that compare images position by position
     * (see {@code FeaturePatchNearestNeighbour} in unode-eval).
     *
     * @throws UnsupportedOperationException if the backbone is not a ResNet-18 (the wide ResNet
     *     and TorchScript encoders do not expose their stages)
     * @throws IllegalArgumentException if {@code stage} is not 1 to 4
     */
    public NDArray featureMap(ParameterStore parameterStore, NDArray images, int stage) {
        if (!(backbone.spec() instanceof BackboneSpec.ResNet18 r)) {
            throw new UnsupportedOperationException("feature maps by stage are defined for the ResNet-18 only, not for "
                    + backbone.spec().kind());
        }
        if (stage < 1 || stage > 4) {
            throw new IllegalArgumentException("a ResNet-18 has stages 1 to 4, got " + stage);
        }
        int last = ResNets.blocksThroughStage(r.stem(), stage);
        java.util.List<Block> children = encoder.getChildren().values();
        NDList x = new NDList(images);
        for (int i = 0; i < last; i++) {
            x = children.get(i).forward(parameterStore, x, false);
        }
        return x.singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList f = encoder.forward(parameterStore, inputs, training, params);
        if (training) {
            NDList z = projection.forward(parameterStore, f, true, params);
            NDList logits = head.forward(parameterStore, f, true, params);
            return new ModelOutputs(z.singletonOrThrow(), logits.singletonOrThrow(), f.singletonOrThrow()).toList();
        }
        // Scoring: the heads run on blocks of exactly NearestSearch.QUERY_ROWS rows (the last one
        // padded with zero rows), because the engine's matrix product picks its kernel by the
        // shape and rounds differently for some row counts: on an Intel Xeon with AVX-512 (capped
        // at AVX2) the head's logits of 15 or 30 rows came out 1-2 ulp apart from those of other
        // counts, and padding to a multiple of 16 was not enough (16 and 48 rows differed). Every
        // row is then computed by a product of the same shape, whatever batch it came in.
        NDArray features = f.singletonOrThrow();
        int b = Math.toIntExact(features.getShape().get(0));
        int block = NearestSearch.QUERY_ROWS;
        int rows = NearestSearch.paddedRows(b);
        NDArray in = features;
        if (rows != b) {
            in = features.concat(features.getManager().zeros(new Shape(rows - b, features.getShape().get(1)),
                    features.getDataType(), features.getDevice()), 0);
        }
        NDList z = new NDList();
        NDList logits = new NDList();
        for (int from = 0; from < rows; from += block) {
            NDList part = new NDList(rows == block ? in : in.get(from + ":" + (from + block)));
            z.add(projection.forward(parameterStore, part, false, params).singletonOrThrow());
            logits.add(head.forward(parameterStore, part, false, params).singletonOrThrow());
        }
        return new ModelOutputs(rowsOf(z, b), rowsOf(logits, b), features).toList();
    }

    /** The first {@code b} rows of the blocks, joined. */
    private static NDArray rowsOf(NDList blocks, int b) {
        NDArray all = blocks.size() == 1 ? blocks.get(0) : ai.djl.ndarray.NDArrays.concat(blocks, 0);
        return all.getShape().get(0) == b ? all : all.get("0:" + b);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long b = inputShapes[0].get(0);
        return new Shape[] {
            new Shape(b, PROJECTION_DIM), new Shape(b, headClasses), new Shape(b, backbone.featureDim())
        };
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, inputShapes);
        Shape[] f = encoder.getOutputShapes(inputShapes);
        projection.initialize(manager, dataType, f);
        head.initialize(manager, dataType, f);
    }
}
