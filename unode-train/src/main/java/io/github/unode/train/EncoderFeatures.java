package io.github.unode.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import io.github.unode.core.Engines;
import io.github.unode.model.FeatureExtractor;
import io.github.unode.model.UnodeModel;

/**
 * The encoder of a model being trained, as AutoAugOOD's feature extractor when no pretrained
 * backbone is configured (METHOD 3.1: "the encoder after a short self-supervised warm-up").
 */
final class EncoderFeatures implements FeatureExtractor {
    private final Model model;
    private final String id;
    private final String description;

    EncoderFeatures(Model model, String id, String description) {
        this.model = model;
        this.id = id;
        this.description = description;
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
            return out.get(UnodeModel.FEATURES);
        }
    }
}
