package io.github.unode.augment;

import static io.github.unode.augment.ShapeCases.assertChangesEveryImage;
import static io.github.unode.augment.ShapeCases.assertImages;
import static io.github.unode.augment.ShapeCases.channel;
import static io.github.unode.augment.ShapeCases.maxDiff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import io.github.unode.core.ImageShape;
import io.github.unode.core.RandomSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The positive views (crop, flip, colour jitter, greyscale) on real grey and colour images of
 * 32, 64 and 128 px ({@link ShapeCases}): the augmentation contract, and what each part does to
 * the channels.
 */
class PositiveViewShapesTest extends ManagedTest {
    private static PositiveAugmentation.Config defaults(int channels, int side) {
        return PositiveAugmentation.Config.defaultsFor(new ImageShape(channels, side, side));
    }

    /** Crop and flip of the defaults, no colour change. */
    private static PositiveAugmentation.Config geometryOnly(int channels, int side) {
        PositiveAugmentation.Config d = defaults(channels, side);
        return new PositiveAugmentation.Config(d.minScale(), true, 0, 0, 0, 0, 0, 0);
    }

    @ParameterizedTest(name = "{0} channels, {1} px")
    @MethodSource("io.github.unode.augment.ShapeCases#shapes")
    void defaultViewsKeepTheContractAndChangeEveryImage(int channels, int side) {
        NDArray x = ShapeCases.images(m, channels, side);
        float[] before = x.toFloatArray();
        PositiveAugmentation views = new PositiveAugmentation(defaults(channels, side));
        String what = "positive views of " + ShapeCases.describe(channels, side);
        NDArray y = views.apply(x, new RandomSource(8));
        assertImages(y, x, what);
        assertChangesEveryImage(y, x, what);
        assertArrayEquals(y.toFloatArray(), views.apply(x, new RandomSource(8)).toFloatArray(), "deterministic");
        assertArrayEquals(before, x.toFloatArray(), "the input is left alone");
        NDArray other = views.apply(x, new RandomSource(9));
        assertChangesEveryImage(other, y, "another seed gives other views");
    }

    @ParameterizedTest(name = "{0} channels, {1} px")
    @MethodSource("io.github.unode.augment.ShapeCases#shapes")
    void cropAndFlipTreatEveryChannelAsAGreyImage(int channels, int side) {
        NDArray x = ShapeCases.images(m, channels, side);
        PositiveAugmentation views = new PositiveAugmentation(geometryOnly(channels, side));
        NDArray y = views.apply(x, new RandomSource(4));
        for (int c = 0; c < channels; c++) {
            // the geometry is drawn first, image by image, whatever the channel count
            NDArray alone = views.apply(channel(x, c), new RandomSource(4));
            assertThat(maxDiff(channel(y, c), alone)).as("channel %d", c).isLessThan(1e-5f);
        }
    }

    @ParameterizedTest(name = "{0} channels, {1} px")
    @MethodSource("io.github.unode.augment.ShapeCases#shapes")
    void colourOperationsNeverTouchGreyImages(int channels, int side) {
        NDArray x = ShapeCases.images(m, channels, side);
        if (channels == 1) {
            // grey images get crop and flip only: the colour settings draw nothing and change nothing
            NDArray full = new PositiveAugmentation(defaults(1, side)).apply(x, new RandomSource(2));
            NDArray geometry = new PositiveAugmentation(geometryOnly(1, side)).apply(x, new RandomSource(2));
            assertArrayEquals(geometry.toFloatArray(), full.toFloatArray());
            return;
        }
        // grey pictures stored as RGB stay grey under every colour operation: brightness, contrast,
        // saturation, a hue rotation that keeps luma, and greyscale all map R = G = B to R = G = B
        NDArray greyRgb = channel(x, 0).repeat(1, 3);
        PositiveAugmentation.Config always = new PositiveAugmentation.Config(defaults(3, side).minScale(), true, 1, 0.4,
                0.4, 0.4, 0.5, 0.5);
        NDArray y = new PositiveAugmentation(always).apply(greyRgb, new RandomSource(3));
        assertChangesEveryImage(y, greyRgb, "jittered views");
        assertThat(maxDiff(channel(y, 0), channel(y, 1))).isLessThan(1e-5f);
        assertThat(maxDiff(channel(y, 1), channel(y, 2))).isLessThan(1e-5f);
    }

    @ParameterizedTest(name = "colour, {0} px")
    @MethodSource("io.github.unode.augment.ShapeCases#sides")
    void jitterChangesTheColoursAndGreyscaleGivesTheLuma(int side) {
        NDArray x = ShapeCases.images(m, 3, side);
        // full-image crop, no flip: only the colour operations act
        PositiveAugmentation jitter = new PositiveAugmentation(new PositiveAugmentation.Config(1, false, 1, 0.4, 0.4, 0.4,
                0.1, 0));
        NDArray j = jitter.apply(x, new RandomSource(6));
        assertImages(j, x, "jitter");
        assertChangesEveryImage(j, x, "jitter");
        PositiveAugmentation grey = new PositiveAugmentation(new PositiveAugmentation.Config(1, false, 0, 0, 0, 0, 0, 1));
        NDArray g = grey.apply(x, new RandomSource(6));
        NDArray luma = channel(x, 0).mul(0.299f).add(channel(x, 1).mul(0.587f)).add(channel(x, 2).mul(0.114f));
        for (int c = 0; c < 3; c++) {
            assertThat(maxDiff(channel(g, c), luma)).as("channel %d of a greyscale view is the luma", c)
                    .isLessThan(1e-5f);
        }
    }

    @ParameterizedTest(name = "grey, {0} px")
    @MethodSource("io.github.unode.augment.ShapeCases#sides")
    void greyJitterIsAnAffineMapOfEachImageAndOffByDefault(int side) {
        int n = 6;
        int hw = side * side;
        float[] px = new float[n * hw];
        RandomSource r = new RandomSource(11);
        for (int i = 0; i < px.length; i++) {
            px[i] = (float) (0.4 + 0.2 * r.nextDouble()); // mid-grey: no factor of [0.6, 1.4] clips it
        }
        NDArray x = m.create(px, new ai.djl.ndarray.types.Shape(n, 1, side, side));
        PositiveAugmentation.Config off = new PositiveAugmentation.Config(1, false, 1, 0.4, 0.4, 0.4, 0.1, 0.2);
        assertArrayEquals(px, new PositiveAugmentation(off).apply(x, new RandomSource(6)).toFloatArray(),
                "METHOD 4.2's form leaves grey images' intensities alone");
        assertThat(off.greyJitter()).isFalse();
        PositiveAugmentation.Config on = off.withGreyJitter(true);
        assertThat(on.toString()).isEqualTo(off + ", brightness and contrast on grey");
        float[] y = new PositiveAugmentation(on).apply(x, new RandomSource(6)).toFloatArray();
        for (int i = 0; i < n; i++) {
            // y = c b x + (1 - c) b mean(x): an affine map with slope c b and mean(y) = b mean(x)
            double mx = 0;
            double my = 0;
            for (int p = 0; p < hw; p++) {
                mx += px[i * hw + p];
                my += y[i * hw + p];
            }
            mx /= hw;
            my /= hw;
            double sxy = 0;
            double sxx = 0;
            for (int p = 0; p < hw; p++) {
                sxy += (px[i * hw + p] - mx) * (y[i * hw + p] - my);
                sxx += (px[i * hw + p] - mx) * (px[i * hw + p] - mx);
            }
            double slope = sxy / sxx;
            double b = my / mx;
            double c = slope / b;
            assertThat(b).as("brightness of image %d", i).isBetween(0.6, 1.4);
            assertThat(c).as("contrast of image %d", i).isBetween(0.6, 1.4);
            assertThat(Math.abs(b - 1) + Math.abs(c - 1)).as("image %d is jittered", i).isGreaterThan(1e-3);
            for (int p = 0; p < hw; p++) {
                double expected = c * b * px[i * hw + p] + (1 - c) * b * mx;
                assertThat((double) y[i * hw + p]).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-5));
            }
        }
    }
}
