package io.github.unode.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.github.unode.core.ImageShape;
import io.github.unode.model.ModelOutputs;
import org.junit.jupiter.api.Test;

class UnodeModelTest {

    /** Learnable parameters only (BatchNorm running statistics are state, not parameters). */
    private static long learnable(ai.djl.nn.Block block) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter.Type t = p.getValue().getType();
            if (t != Parameter.Type.RUNNING_MEAN && t != Parameter.Type.RUNNING_VAR) {
                n += p.getValue().getArray().size();
            }
        }
        return n;
    }

    /** Counts from an independent PyTorch definition of the same networks (see test javadoc). */
    @Test
    void encodersHaveTheReferenceParameterCounts() {
        // Reference counts computed with PyTorch 1.13 from a CIFAR ResNet-18 / WRN written in
        // torch.nn (CSI's definitions): 11,168,832 is the well-known CIFAR ResNet-18 trunk.
        try (NDManager m = NDManager.newBaseManager()) {
            assertThat(countEncoder(m, Backbone.resNet18(ImageShape.rgb(32)))).isEqualTo(11_168_832L);
            assertThat(countEncoder(m, Backbone.resNet18(ImageShape.grey(28), 0.25))).isEqualTo(699_888L);
            assertThat(countEncoder(m, Backbone.wideResNet(ImageShape.rgb(32), 16, 2))).isEqualTo(690_384L);
        }
    }

    private static long countEncoder(NDManager m, Backbone b) {
        UnodeModel model = new UnodeModel(b);
        model.initialize(m, 1);
        return learnable(model.encoder());
    }

    @Test
    void forwardGivesProjectionLogitsAndFeatures() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (ImageShape s : new ImageShape[] {ImageShape.grey(28), new ImageShape(5, 20, 36)}) {
                Backbone b = Backbone.resNet18(s, 0.125);
                UnodeModel model = new UnodeModel(b);
                model.initialize(m, 3);
                NDArray x = m.randomUniform(0, 1, s.batchShape(6));
                ModelOutputs out = model.outputs(new ParameterStore(m, false), x, false);
                assertThat(out.toList()).hasSize(3);
                assertThat(out.projection().getShape()).isEqualTo(new Shape(6, 128));
                assertThat(out.logits().getShape()).isEqualTo(new Shape(6, 2));
                assertThat(out.features().getShape()).isEqualTo(new Shape(6, 64));
                assertThat(model.getOutputShapes(new Shape[] {s.batchShape(6)}))
                        .containsExactly(new Shape(6, 128), new Shape(6, 2), new Shape(6, 64));
                // encoder features come after ReLU and average pooling: never negative
                assertThat(out.features().min().getFloat()).isGreaterThanOrEqualTo(0f);
            }
        }
    }

    /**
     * The map after stage s has the stage's channels and the side the stem and strides give
     * (ceil(side / stem), halved by each of stages 2-4, rounding up); stage 4's map averaged over
     * its positions is the encoder's output, for every stem, grey and colour.
     */
    @Test
    void featureMapsHaveTheStagesShapesAndStageFourPoolsToTheFeatures() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (ImageShape s : new ImageShape[] {ImageShape.grey(30), ImageShape.rgb(32)}) {
                for (int stem : new int[] {1, 2, 4}) {
                    UnodeModel model = new UnodeModel(Backbone.resNet18(s, 0.125, stem));
                    model.initialize(m, 7);
                    NDArray x = m.randomUniform(0, 1, s.batchShape(3));
                    ParameterStore ps = new ParameterStore(m, false);
                    long side = (s.height() + stem - 1) / stem;
                    for (int stage = 1; stage <= 4; stage++) {
                        NDArray map = model.featureMap(ps, x, stage);
                        assertThat(map.getShape()).as("stage %d, stem %d, %s", stage, stem, s)
                                .isEqualTo(new Shape(3, 8L << (stage - 1), side, side));
                        side = (side + 1) / 2;
                    }
                    float[] pooled = model.featureMap(ps, x, 4).mean(new int[] {3}).mean(new int[] {2}).toFloatArray();
                    float[] features = model.outputs(ps, x, false).features().toFloatArray();
                    assertThat(pooled).hasSize(3 * 64);
                    for (int i = 0; i < pooled.length; i++) {
                        assertThat(pooled[i]).isCloseTo(features[i], org.assertj.core.api.Assertions.within(1e-5f));
                    }
                }
            }
            UnodeModel model = new UnodeModel(Backbone.resNet18(ImageShape.grey(28), 0.125));
            model.initialize(m, 7);
            NDArray x = m.zeros(ImageShape.grey(28).batchShape(1));
            assertThatThrownBy(() -> model.featureMap(new ParameterStore(m, false), x, 5))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stages 1 to 4");
            assertThatThrownBy(() -> model.featureMap(new ParameterStore(m, false), x, 0))
                    .isInstanceOf(IllegalArgumentException.class);
            UnodeModel wide = new UnodeModel(Backbone.wideResNet(ImageShape.grey(28), 10, 1));
            wide.initialize(m, 7);
            assertThatThrownBy(() -> wide.featureMap(new ParameterStore(m, false), x, 2))
                    .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("ResNet-18");
        }
    }

    /**
     * Scoring's outputs of an image do not depend on how many images share its batch: the heads
     * see their input padded to a multiple of 16 rows. Without the padding, the heads' logits of
     * 15 or 30 rows came out 1-2 ulp apart from those of 40 on an Intel Xeon (AVX-512, capped at
     * AVX2), which made Spark's partitions score other bits than the library.
     */
    @Test
    void scoringOutputsOfAnImageDoNotDependOnItsBatch() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (ImageShape s : new ImageShape[] {ImageShape.grey(28), ImageShape.rgb(32)}) {
                UnodeModel model = new UnodeModel(Backbone.resNet18(s, 0.125));
                model.initialize(m, 5);
                NDArray x = m.randomUniform(0, 1, s.batchShape(40));
                ModelOutputs all = model.outputs(new ParameterStore(m, false), x, false);
                for (int n = 4; n < 40; n++) {
                    ModelOutputs part = model.outputs(new ParameterStore(m, false), x.get("0:" + n), false);
                    assertThat(part.projection().getShape()).isEqualTo(new Shape(n, 128));
                    assertThat(part.logits().getShape()).isEqualTo(new Shape(n, 2));
                    assertThat(part.features().toFloatArray()).as("features of %d rows, %s", n, s)
                            .containsExactly(all.features().get("0:" + n).toFloatArray());
                    assertThat(part.logits().toFloatArray()).as("logits of %d rows, %s", n, s)
                            .containsExactly(all.logits().get("0:" + n).toFloatArray());
                    assertThat(part.projection().toFloatArray()).as("projection of %d rows, %s", n, s)
                            .containsExactly(all.projection().get("0:" + n).toFloatArray());
                }
            }
        }
    }

    @Test
    void sameSeedSameWeightsOtherSeedOtherWeights() {
        try (NDManager m = NDManager.newBaseManager()) {
            Backbone b = Backbone.wideResNet(ImageShape.rgb(16), 10, 1);
            float[] a = firstWeight(m, b, 7);
            float[] again = firstWeight(m, b, 7);
            float[] other = firstWeight(m, b, 8);
            assertThat(again).containsExactly(a);
            assertThat(other).isNotEqualTo(a);
            // He-normal, fan-out 16*3*3: std sqrt(2/144)
            double mean = 0;
            double sq = 0;
            for (float v : a) {
                mean += v;
                sq += v * v;
            }
            double std = Math.sqrt(sq / a.length - Math.pow(mean / a.length, 2));
            assertThat(a).hasSize(16 * 3 * 3 * 3);
            assertThat(std).isCloseTo(Math.sqrt(2.0 / 144), org.assertj.core.data.Offset.offset(0.03));
        }
    }

    private static float[] firstWeight(NDManager m, Backbone b, long seed) {
        UnodeModel model = new UnodeModel(b);
        model.initialize(m, seed);
        return model.getParameters().get(0).getValue().getArray().toFloatArray();
    }

    @Test
    void badSpecsAreRefused() {
        assertThatThrownBy(() -> Backbone.wideResNet(ImageShape.rgb(32), 27, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("6n + 4");
        assertThatThrownBy(() -> Backbone.resNet18(ImageShape.rgb(32), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> Backbone.resNet18(ImageShape.grey(4)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 8x8");
        assertThatThrownBy(() -> new UnodeModel(Backbone.resNet18(ImageShape.grey(28)), 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
