package io.github.unode.model;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import io.github.unode.internal.Engines;

/**
 * The encoder features {@code f(x)} of a {@link UnodeModel}, as a {@link FeatureExtractor}: the
 * encoder after the warm-up serves AutoAugOOD, and an untrained one the DN2-style baseline.
 */
public final class ModelFeatures implements FeatureExtractor, AutoCloseable {
    private final Model model;
    private final String id;
    private final String description;
    private final boolean owner;

    /**
     * @param model a DJL model whose block is a {@link UnodeModel}
     * @param id a stable identifier of the model and its weights
     * @param description for reports
     * @param owner whether {@link #close()} closes the model
     */
    public ModelFeatures(Model model, String id, String description, boolean owner) {
        if (!(model.getBlock() instanceof UnodeModel)) {
            throw new IllegalArgumentException("ModelFeatures needs a model whose block is a UnodeModel");
        }
        this.model = model;
        this.id = id;
        this.description = description;
        this.owner = owner;
    }

    /** A freshly initialised (untrained) network of this backbone, owned by the extractor. */
    public static ModelFeatures initialised(Backbone backbone, long seed) {
        Model model = Model.newInstance("features");
        UnodeModel net = new UnodeModel(backbone);
        net.initialize(model.getNDManager(), seed);
        model.setBlock(net);
        String d = backbone + ", initialised (untrained, seed " + seed + ")";
        return new ModelFeatures(model, d, d, true);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public NDArray extract(NDArray batch) {
        try (Engines.GradMode g = Engines.noGrad()) {
            NDList out = model.getBlock().forward(new ParameterStore(model.getNDManager(), false),
                    new NDList(batch.toDevice(model.getNDManager().getDevice(), false)), false);
            return ModelOutputs.of(out).features();
        }
    }

    /**
     * The encoder's map after ResNet-18 stage {@code stage} for a batch, {@code (B, C, H, W)}; see
     * {@link UnodeModel#featureMap}.
     */
    public NDArray featureMap(NDArray batch, int stage) {
        try (Engines.GradMode g = Engines.noGrad()) {
            return ((UnodeModel) model.getBlock()).featureMap(new ParameterStore(model.getNDManager(), false),
                    batch.toDevice(model.getNDManager().getDevice(), false), stage);
        }
    }

    @Override
    public void close() {
        if (owner) {
            model.close();
        }
    }
}
