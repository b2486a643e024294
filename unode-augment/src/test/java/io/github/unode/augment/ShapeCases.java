package io.github.unode.augment;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import io.github.unode.data.ImageSet;
import io.github.unode.data.ImageSets;
import io.github.unode.data.Split;
import io.github.unode.testing.TestImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The image shapes every augmentation is tested at (grey and colour, 32, 64 and 128 px), real
 * images in those shapes, and the checks every augmentation's output must pass. Shared by the
 * augmentation, positive-view and sampler tests so that they cover the same cases alike.
 */
final class ShapeCases {
    /** Images per test batch: a few, from several classes. */
    static final int BATCH = 6;

    private static final Map<String, float[]> CACHE = new ConcurrentHashMap<>();

    private ShapeCases() {}

    /** (channels, side) of every case. */
    static Stream<Arguments> shapes() {
        return Stream.of(Arguments.of(1, 32), Arguments.of(1, 64), Arguments.of(1, 128), Arguments.of(3, 32),
                Arguments.of(3, 64), Arguments.of(3, 128));
    }

    /** The sides of the colour cases. */
    static Stream<Integer> sides() {
        return Stream.of(32, 64, 128);
    }

    /**
     * The first {@link #BATCH} bundled Fashion-MNIST training images (several classes) as a batch
     * {@code (BATCH, channels, side, side)} in {@code m}: resized, and tinted for colour
     * ({@link TestImages}).
     */
    static NDArray images(NDManager m, int channels, int side) {
        float[] v = CACHE.computeIfAbsent(channels + "x" + side, k -> {
            try (ImageSet train = ImageSets.bundledFashionMnist(Split.TRAIN);
                    ImageSet first = train.first(BATCH);
                    ImageSet shaped = TestImages.as(first, channels, side)) {
                return shaped.toFloatArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        NDArray x = m.create(v, new ai.djl.ndarray.types.Shape(BATCH, channels, side, side));
        if (channels == 3) {
            // a precondition of the colour cases: the three channels of every image differ
            assertThat(channel(x, 0).sub(channel(x, 1)).abs().max().getFloat()).isGreaterThan(0.1f);
            assertThat(channel(x, 1).sub(channel(x, 2)).abs().max().getFloat()).isGreaterThan(0.1f);
        }
        return x;
    }

    /** Channel {@code c} of a batch, as a grey batch {@code (B, 1, H, W)}. */
    static NDArray channel(NDArray x, int c) {
        return x.get(new NDIndex(":, " + c + ":" + (c + 1)));
    }

    /**
     * The augmentation contract (see {@link Augmentation}): same shape as the input, float32,
     * finite, in [0, 1].
     */
    static void assertImages(NDArray y, NDArray x, String what) {
        assertThat(y.getShape()).as("%s: shape", what).isEqualTo(x.getShape());
        assertThat(y.getDataType()).as("%s: dtype", what).isEqualTo(DataType.FLOAT32);
        assertThat(y.isNaN().any().getBoolean() || y.isInfinite().any().getBoolean()).as("%s: finite", what).isFalse();
        assertThat(y.min().getFloat()).as("%s: min", what).isGreaterThanOrEqualTo(0f);
        assertThat(y.max().getFloat()).as("%s: max", what).isLessThanOrEqualTo(1f);
    }

    /** Every image of {@code y} differs from its source image in {@code x} somewhere. */
    static void assertChangesEveryImage(NDArray y, NDArray x, String what) {
        float[] d = y.sub(x).abs().reshape(x.getShape().get(0), -1).max(new int[] {1}).toFloatArray();
        for (int b = 0; b < d.length; b++) {
            assertThat(d[b]).as("%s changes image %d", what, b).isGreaterThan(1e-3f);
        }
    }

    /** The largest absolute difference of two arrays of one shape. */
    static float maxDiff(NDArray a, NDArray b) {
        assertThat(a.getShape()).isEqualTo(b.getShape());
        return a.sub(b).abs().max().getFloat();
    }

    /** JUnit's display name of a case. */
    static String describe(int channels, int side) {
        return (channels == 1 ? "grey " : "colour ") + side + " px";
    }
}
