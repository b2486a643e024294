package io.github.unode.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.github.unode.core.ImageShape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ResNet-18's downsampling stem: shapes at each stride, sizes it refuses, and what it saves. */
class StemTest {
    private static final int WIDTH = 4;

    /** The encoder's maps after each of its children, for a batch of two images of {@code s}. */
    private static List<Shape> maps(NDManager m, Backbone b) {
        UnodeModel model = new UnodeModel(b);
        model.initialize(m, 5);
        ParameterStore ps = new ParameterStore(m, false);
        NDList x = new NDList(m.randomUniform(0, 1, b.inputShape().batchShape(2)));
        List<Shape> shapes = new ArrayList<>();
        for (Pair<String, Block> child : model.encoder().getChildren()) {
            x = child.getValue().forward(ps, x, false);
            shapes.add(x.singletonOrThrow().getShape());
        }
        return shapes;
    }

    @Test
    void everyStrideGivesTheFeatureSizeWithMapsStemTimesSmaller() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (int side : new int[] {28, 64, 128}) {
                for (int channels : new int[] {1, 3}) {
                    for (int stem : new int[] {1, 2, 4}) {
                        ImageShape s = new ImageShape(channels, side, side);
                        if (side < BackboneSpec.ResNet18.minimumSide(stem)) {
                            assertThat(side).isEqualTo(28);
                            assertThat(stem).isEqualTo(4);
                            continue;
                        }
                        Backbone b = Backbone.resNet18(s, WIDTH / 64.0, stem);
                        List<Shape> maps = maps(m, b);
                        // conv, bn, relu (and the max-pool for stride 4): the stem's output
                        int stemChildren = stem == 4 ? 4 : 3;
                        long afterStem = (side + stem - 1) / stem;
                        assertThat(maps.get(stemChildren - 1)).as("%s, stem %d", s, stem)
                                .isEqualTo(new Shape(2, WIDTH, afterStem, afterStem));
                        long last = (afterStem + 7) / 8; // three stride-2 stages, each ceil(n / 2)
                        assertThat(maps.get(maps.size() - 2)).as("%s, stem %d", s, stem)
                                .isEqualTo(new Shape(2, 8 * WIDTH, last, last));
                        assertThat(maps.get(maps.size() - 1)).isEqualTo(new Shape(2, 8 * WIDTH));

                        UnodeModel model = new UnodeModel(b);
                        model.initialize(m, 3);
                        NDArray x = m.randomUniform(0, 1, s.batchShape(2));
                        ModelOutputs out = model.outputs(new ParameterStore(m, false), x, false);
                        assertThat(out.features().getShape()).isEqualTo(new Shape(2, 8 * WIDTH));
                        assertThat(out.projection().getShape()).isEqualTo(new Shape(2, 128));
                        assertThat(out.logits().getShape()).isEqualTo(new Shape(2, 2));
                    }
                }
            }
        }
    }

    @Test
    void theStemChangesTheFeaturesButNotTheParameterShapes() {
        try (NDManager m = NDManager.newBaseManager()) {
            ImageShape s = ImageShape.rgb(64);
            NDArray x = m.randomUniform(0, 1, s.batchShape(2));
            List<List<Shape>> shapes = new ArrayList<>();
            List<float[]> features = new ArrayList<>();
            for (int stem : new int[] {1, 2, 4}) {
                UnodeModel model = new UnodeModel(Backbone.resNet18(s, WIDTH / 64.0, stem));
                model.initialize(m, 3);
                List<Shape> p = new ArrayList<>();
                for (Pair<String, Parameter> e : model.getParameters()) {
                    p.add(e.getValue().getArray().getShape());
                }
                shapes.add(p);
                features.add(model.outputs(new ParameterStore(m, false), x, false).features().toFloatArray());
            }
            // the same parameters at every stride: which stem a network has is in model.json alone
            assertThat(shapes.get(1)).isEqualTo(shapes.get(0));
            assertThat(shapes.get(2)).isEqualTo(shapes.get(0));
            assertThat(features.get(1)).isNotEqualTo(features.get(0));
            assertThat(features.get(2)).isNotEqualTo(features.get(1));
        }
    }

    @Test
    void unsupportedStridesAndTooSmallImagesAreRefused() {
        assertThatThrownBy(() -> Backbone.resNet18(ImageShape.rgb(64), 0.25, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stride must be 1, 2 or 4, got 3");
        assertThatThrownBy(() -> new BackboneSpec.ResNet18(ImageShape.rgb(64), 16, 8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 8");
        assertThatThrownBy(() -> Backbone.resNet18(ImageShape.grey(28), 0.25, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 29x29").hasMessageContaining("stride-4 stem").hasMessageContaining("1x28x28");
        assertThatThrownBy(() -> Backbone.resNet18(ImageShape.grey(14), 0.25, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 15x15");
        assertThatThrownBy(() -> Backbone.resNet18(new ImageShape(3, 64, 28), 0.25, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 29x29");
        assertThat(Backbone.resNet18(ImageShape.grey(15), 0.25, 2).spec()).isInstanceOf(BackboneSpec.ResNet18.class);
        assertThat(Backbone.resNet18(ImageShape.grey(29), 0.25, 4).featureDim()).isEqualTo(128);
        assertThat(BackboneSpec.ResNet18.minimumSide(1)).isEqualTo(8);
        assertThatThrownBy(() -> ResNets.resNet18(16, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theIdAndDescriptionOfTheCifarStemAreAsBefore() {
        BackboneSpec one = new BackboneSpec.ResNet18(ImageShape.grey(28), 16);
        assertThat(one).isEqualTo(new BackboneSpec.ResNet18(ImageShape.grey(28), 16, 1));
        // the text checkpoints' run ids and AutoAugOOD's feature cache keys were made of
        assertThat(one.id()).isEqualTo("BackboneSpec[kind=resnet18, input=" + ImageShape.grey(28)
                + ", width=16, depth=0, widen=0, file=null, preprocessing=null, features=0]");
        assertThat(one.describe()).isEqualTo("ResNet-18 (width 16, d=128) for " + ImageShape.grey(28));
        BackboneSpec four = new BackboneSpec.ResNet18(ImageShape.rgb(64), 16, 4);
        assertThat(four.id()).endsWith(", features=0, stem=4]");
        assertThat(four.describe()).contains("stride-4 stem");
        assertThat(four).isNotEqualTo(new BackboneSpec.ResNet18(ImageShape.rgb(64), 16, 2));
    }
}
