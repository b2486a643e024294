package io.github.unode.eval;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import io.github.unode.core.Engines;
import io.github.unode.model.Backbone;
import io.github.unode.model.FeatureExtractor;
import io.github.unode.model.UnodeModel;

/** The encoder of a backbone as initialised from a seed, untrained: the DN2-style baseline's features. */
final class InitialisedEncoder implements FeatureExtractor, AutoCloseable {
    private final Model model;
    private final String description;

    InitialisedEncoder(Backbone backbone, long seed) {
        this.model = Model.newInstance("dn2");
        UnodeModel net = new UnodeModel(backbone);
        net.initialize(model.getNDManager(), seed);
        model.setBlock(net);
        this.description = backbone + ", initialised (untrained)";
    }

    @Override
    public String id() {
        return description;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public NDArray extract(NDArray batch) {
        try (Engines.GradMode g = Engines.noGrad()) {
            NDList out = model.getBlock().forward(new ParameterStore(model.getNDManager(), false), new NDList(batch), false);
            return out.get(UnodeModel.FEATURES);
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
