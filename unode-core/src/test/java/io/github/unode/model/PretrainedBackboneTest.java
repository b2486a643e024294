package io.github.unode.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonParser;
import io.github.unode.core.DataFormatException;
import io.github.unode.core.ImageShape;
import io.github.unode.core.UnodeException;
import io.github.unode.model.ModelOutputs;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PretrainedBackboneTest {

    private static Path tinyCnn(Path dir) throws Exception {
        return io.github.unode.testing.Fixtures.tinyCnn(dir);
    }

    private static float[] fixedInput() {
        float[] x = new float[3 * 32 * 32];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 255) / 255f;
        }
        return x;
    }

    @Test
    void torchScriptFeaturesMatchPyTorchsOwn(@TempDir Path tmp) throws Exception {
        float[] expected;
        try (InputStream in = getClass().getResourceAsStream("/torchscript/tiny-cnn-expected.json")) {
            var arr = JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .getAsJsonObject().getAsJsonArray("features");
            expected = new float[arr.size()];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = arr.get(i).getAsFloat();
            }
        }
        try (PretrainedBackbone b = PretrainedBackbone.torchScript(tinyCnn(tmp), Preprocessing.none(ImageShape.rgb(32)));
                NDManager m = NDManager.newBaseManager()) {
            assertThat(b.featureDim()).isEqualTo(16);
            assertThat(b.id()).startsWith("torchscript:").hasSize("torchscript:".length() + 64);
            float[] got = b.extract(m.create(fixedInput(), new Shape(1, 3, 32, 32))).toFloatArray();
            for (int i = 0; i < 16; i++) {
                assertThat(got[i]).isCloseTo(expected[i], within(1e-5f));
            }
            // grey 28 px images are converted: replicated to RGB and resized
            assertThat(b.extract(m.zeros(new Shape(4, 1, 28, 28))).getShape()).isEqualTo(new Shape(4, 16));
        }
    }

    @Test
    void missingDamagedAndOfflineSourcesGiveClearErrors(@TempDir Path tmp) throws Exception {
        assertThatThrownBy(() -> PretrainedBackbone.torchScript(tmp.resolve("none.pt"), Preprocessing.imageNet(32)))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("not found");
        Path junk = Files.writeString(tmp.resolve("junk.pt"), "not a zip archive");
        assertThatThrownBy(() -> PretrainedBackbone.torchScript(junk, Preprocessing.imageNet(32)))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("junk.pt");
        // the tests run with DJL_OFFLINE=true: a model-zoo backbone that is not cached cannot load
        assertThatThrownBy(() -> PretrainedBackbone.modelZoo("djl://ai.djl.pytorch/resnet18_embedding",
                        Preprocessing.imageNet(224)))
                .isInstanceOf(UnodeException.class).hasMessageContaining("resnet18_embedding")
                .hasMessageContaining("offline");
    }

    @Test
    void aTorchScriptBackboneIsATrainableEncoder(@TempDir Path tmp) throws Exception {
        Backbone b = Backbone.torchScript(tinyCnn(tmp), ImageShape.grey(28), Preprocessing.none(ImageShape.rgb(32)));
        assertThat(b.featureDim()).isEqualTo(16);
        try (Model model = Model.newInstance("t")) {
            UnodeModel net = new UnodeModel(b);
            net.initialize(model.getNDManager(), 1);
            model.setBlock(net);
            NDArray x = model.getNDManager().randomUniform(0, 1, new Shape(3, 1, 28, 28));
            ModelOutputs out = net.outputs(new ParameterStore(model.getNDManager(), false), x, false);
            assertThat(out.features().getShape()).isEqualTo(new Shape(3, 16));
            assertThat(out.projection().getShape()).isEqualTo(new Shape(3, 128));
            // the module's parameters are part of the model, and trainable
            long trainable = net.encoder().getParameters().values().stream().filter(p -> p.requiresGradient()).count();
            assertThat(trainable).isGreaterThanOrEqualTo(6);
        }
    }
}
