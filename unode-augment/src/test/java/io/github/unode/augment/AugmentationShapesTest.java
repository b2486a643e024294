package io.github.unode.augment;

import static io.github.unode.augment.ShapeCases.assertChangesEveryImage;
import static io.github.unode.augment.ShapeCases.assertImages;
import static io.github.unode.augment.ShapeCases.channel;
import static io.github.unode.augment.ShapeCases.maxDiff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.github.unode.core.ImageShape;
import io.github.unode.core.RandomSource;
import io.github.unode.data.ImageSet;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every augmentation of the hard pool on real grey and colour images of 32, 64 and 128 px
 * ({@link ShapeCases}): the contract, and for each augmentation the property that says it does
 * what its name says, at every shape. AugmentationsTest covers the hand-computed small cases.
 */
class AugmentationShapesTest extends ManagedTest {
    /** The augmentations that treat the channels alike (all but noise, sobel and mixup). */
    private static final List<String> CHANNEL_AGNOSTIC = List.of("rotate", "vflip", "cutout", "cutpaste", "cutperm",
            "elastic", "blur", "invert");

    /**
     * The augmentations that change a region only: an image whose region already holds what they
     * write (black under a grey cutout, background pasted on background) comes out unchanged.
     */
    private static final java.util.Set<String> LOCAL = java.util.Set.of("cutout", "cutpaste");

    /** The standard pool with mixup, its auxiliary images another class in another shape (converted on draw). */
    private static AugmentationPool poolWithMixup(ImageSet aux) {
        return AugmentationPool.standard(AuxiliaryImages.of(aux));
    }

    @ParameterizedTest(name = "{0} channels, {1} px")
    @MethodSource("io.github.unode.augment.ShapeCases#shapes")
    void everyAugmentationKeepsTheContractAndChangesTheImages(int channels, int side) {
        NDArray x = ShapeCases.images(m, channels, side);
        float[] before = x.toFloatArray();
        try (ImageSet aux = ImageSet.fromPixels(new RandomSource(9).uniforms(4 * 3 * 20 * 20), ImageShape.rgb(20),
                null, "aux")) {
            AugmentationPool pool = poolWithMixup(aux);
            assertThat(pool.size()).isEqualTo(11);
            for (Augmentation a : pool.augmentations()) {
                String what = a.name() + " on " + ShapeCases.describe(channels, side);
                NDArray y = a.apply(x, new RandomSource(42));
                assertImages(y, x, what);
                if (LOCAL.contains(a.name())) {
                    assertThat(changedImages(y, x)).as("%s changes most images", what).isGreaterThan(ShapeCases.BATCH / 2);
                } else {
                    assertChangesEveryImage(y, x, what);
                }
                assertArrayEquals(y.toFloatArray(), a.apply(x, new RandomSource(42)).toFloatArray(),
                        what + ": deterministic");
                assertArrayEquals(before, x.toFloatArray(), what + " leaves its input alone");
            }
        }
    }

    private static int changedImages(NDArray y, NDArray x) {
        float[] d = y.sub(x).abs().reshape(x.getShape().get(0), -1).max(new int[] {1}).toFloatArray();
        int n = 0;
        for (float v : d) {
            n += v > 1e-3f ? 1 : 0;
        }
        return n;
    }

    @ParameterizedTest(name = "colour, {0} px")
    @MethodSource("io.github.unode.augment.ShapeCases#sides")
    void channelAgnosticAugmentationsTransformEveryColourChannelAsAGreyImage(int side) {
        NDArray x = ShapeCases.images(m, 3, side);
        AugmentationPool pool = AugmentationPool.standard();
        for (String name : CHANNEL_AGNOSTIC) {
            Augmentation a = pool.get(name);
            NDArray y = a.apply(x, new RandomSource(5));
            for (int c = 0; c < 3; c++) {
                // the same seed draws the same geometry whatever the channel count
                NDArray alone = a.apply(channel(x, c), new RandomSource(5));
                assertThat(maxDiff(channel(y, c), alone)).as("%s, channel %d at %d px", name, c, side)
                        .isLessThan(1e-5f);
            }
        }
    }

    @ParameterizedTest(name = "{0} channels, {1} px")
    @MethodSource("io.github.unode.augment.ShapeCases#shapes")
    void rotationsAreExactQuarterTurns(int channels, int side) {
        NDArray x = ShapeCases.images(m, channels, side);
        int n = ShapeCases.BATCH;
        NDArray half = new Rotate(2).apply(x, new RandomSource(1));
        assertArrayEquals(x.toFloatArray(), new Rotate(2).apply(half, new RandomSource(2)).toFloatArray(), "180 twice");
        NDArray y = x;
        for (int i = 0; i < 4; i++) {
            y = new Rotate(1).apply(y, new RandomSource(i));
        }
        assertArrayEquals(x.toFloatArray(), y.toFloatArray(), "90 four times");
        // one counter-clockwise quarter turn: out(i, j) = in(j, W - 1 - i)
        float[] in = x.toFloatArray();
        float[] expected = new float[in.length];
        for (int p = 0; p < n * channels; p++) {
            for (int i = 0; i < side; i++) {
                for (int j = 0; j < side; j++) {
                    expected[(p * side + i) * side + j] = in[(p * side + j) * side + side - 1 - i];
                }
            }
        }
        assertArrayEquals(expected, new Rotate(1).apply(x, new RandomSource(3)).toFloatArray(), "a quarter turn");
    }

    @ParameterizedTest(name = "{0} channels, {1} px")
    @MethodSource("io.github.unode.augment.ShapeCases#shapes")
    void vflipMirrorsTheRowsAndInvertIsOneMinusX(int channels, int side) {
        NDArray x = ShapeCases.images(m, channels, side);
        float[] in = x.toFloatArray();
        float[] flipped = new float[in.length];
        float[] inverted = new float[in.length];
        for (int p = 0; p < ShapeCases.BATCH * channels; p++) {
            for (int i = 0; i < side; i++) {
                for (int j = 0; j < side; j++) {
                    flipped[(p * side + i) * side + j] = in[(p * side + side - 1 - i) * side + j];
                }
            }
        }
        for (int k = 0; k < in.length; k++) {
            inverted[k] = 1 - in[k];
        }
        assertArrayEquals(flipped, new VFlip().apply(x, new RandomSource(0)).toFloatArray(), "vflip");
        assertArrayEquals(inverted, new Invert().apply(x, new RandomSource(0)).toFloatArray(), 1e-6f, "invert");
    }

    @ParameterizedTest(name = "{0} channels, {1} px")
    @MethodSource("io.github.unode.augment.ShapeCases#shapes")
    void cutoutZeroesItsRectangleInEveryChannelAndNothingElse(int channels, int side) {
        NDArray x = ShapeCases.images(m, channels, side);
        Cutout.Result r = new Cutout().applyWithRegions(x, new RandomSource(6));
        float[] expected = x.toFloatArray();
        int plane = side * side;
        for (int b = 0; b < ShapeCases.BATCH; b++) {
            Cutout.Region g = r.regions()[b];
            // sides in [H/6, H/4)
            assertThat(g.height()).isBetween((int) Math.ceil(side / 6.0), (int) Math.ceil(side / 4.0) - 1);
            assertThat(g.width()).isBetween((int) Math.ceil(side / 6.0), (int) Math.ceil(side / 4.0) - 1);
            assertThat(g.top() + g.height()).isLessThanOrEqualTo(side);
            assertThat(g.left() + g.width()).isLessThanOrEqualTo(side);
            for (int c = 0; c < channels; c++) {
                for (int i = 0; i < side; i++) {
                    for (int j = 0; j < side; j++) {
                        boolean inside = i >= g.top() && i < g.top() + g.height() && j >= g.left()
                                && j < g.left() + g.width();
                        if (inside) {
                            expected[(b * channels + c) * plane + i * side + j] = 0;
                        }
                    }
                }
            }
        }
        assertArrayEquals(expected, r.images().toFloatArray(), "cutout");
    }

    @ParameterizedTest(name = "{0} channels, {1} px")
    @MethodSource("io.github.unode.augment.ShapeCases#shapes")
    void cutpasteCopiesItsPatchInEveryChannelAndChangesNothingElse(int channels, int side) {
        NDArray x = ShapeCases.images(m, channels, side);
        int q = side / 32;
        // a 6q x 4q patch from rows 6q.., columns 7q.. pasted unrotated at rows 18q.., columns 23q..
        CutPaste.Patch p = new CutPaste.Patch(9 * q - 0.5, 9 * q - 0.5, 21 * q - 0.5, 25 * q - 0.5, 6 * q, 4 * q, 0);
        CutPaste.Patch[] patches = new CutPaste.Patch[ShapeCases.BATCH];
        Arrays.fill(patches, p);
        float[] in = x.toFloatArray();
        float[] expected = in.clone();
        int plane = side * side;
        for (int b = 0; b < ShapeCases.BATCH * channels; b++) {
            for (int i = 18 * q; i < 24 * q; i++) {
                for (int j = 23 * q; j < 27 * q; j++) {
                    // an integer shift: the source pixel 12q rows up, 16q columns left
                    expected[b * plane + i * side + j] = in[b * plane + (i - 12 * q) * side + j - 16 * q];
                }
            }
        }
        float[] out = CutPaste.paste(x, patches).toFloatArray();
        assertArrayEquals(expected, out, 1e-6f, "cutpaste");
        int changed = 0;
        for (int k = 0; k < in.length; k++) {
            changed += out[k] != in[k] ? 1 : 0;
        }
        assertThat(changed).as("pixels changed").isPositive().isLessThanOrEqualTo(ShapeCases.BATCH * channels * 24 * q * q);
    }

    @ParameterizedTest(name = "{0} channels, {1} px")
    @MethodSource("io.github.unode.augment.ShapeCases#shapes")
    void cutpermMovesWholeTilesOfAllChannels(int channels, int side) {
        NDArray x = ShapeCases.images(m, channels, side);
        float[] in = x.toFloatArray();
        float[] out = new CutPerm().apply(x, new RandomSource(7)).toFloatArray();
        for (int b = 0; b < ShapeCases.BATCH; b++) {
            float[][] inTiles = tiles(in, b, channels, side);
            float[][] outTiles = tiles(out, b, channels, side);
            boolean moved = false;
            for (int t = 0; t < 4; t++) {
                boolean found = false;
                for (int s = 0; s < 4; s++) {
                    found |= Arrays.equals(outTiles[t], inTiles[s]);
                }
                assertThat(found).as("tile %d of image %d is an input tile, all channels together", t, b).isTrue();
                moved |= !Arrays.equals(outTiles[t], inTiles[t]);
            }
            assertThat(moved).as("image %d was permuted", b).isTrue();
        }
    }

    /** The four {@code side/2} tiles of image {@code b}, each with all its channels. */
    private static float[][] tiles(float[] v, int b, int channels, int side) {
        int h = side / 2;
        float[][] t = new float[4][channels * h * h];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < side; i++) {
                for (int j = 0; j < side; j++) {
                    t[(i / h) * 2 + j / h][(c * h + i % h) * h + j % h] = v[((b * channels + c) * side + i) * side + j];
                }
            }
        }
        return t;
    }

    @ParameterizedTest(name = "{0} channels, {1} px")
    @MethodSource("io.github.unode.augment.ShapeCases#shapes")
    void elasticDisplacesByTheSameShareOfTheImageAtEverySize(int channels, int side) {
        // a horizontal ramp: each output value says which column it was read from
        float[] ramp = new float[ShapeCases.BATCH * channels * side * side];
        for (int k = 0; k < ramp.length; k++) {
            ramp[k] = (k % side) / (float) (side - 1);
        }
        NDArray x = m.create(ramp, new Shape(ShapeCases.BATCH, channels, side, side));
        assertThat(maxDiff(new Elastic(7, 0).apply(x, new RandomSource(1)), x)).isLessThan(1e-6f);
        double shift = new Elastic().apply(x, new RandomSource(1)).sub(x).abs().mean().getFloat();
        // sigma and alpha scale with the side: the mean horizontal shift is about 1.6% of the width
        // at every size (unscaled, it would grow 4x from 32 to 128 px)
        assertThat(shift).as("mean shift as a share of the width at %d px", side).isBetween(0.008, 0.025);
    }

    @ParameterizedTest(name = "{0} channels, {1} px")
    @MethodSource("io.github.unode.augment.ShapeCases#shapes")
    void blurSmoothsEveryChannelAndKeepsItsMean(int channels, int side) {
        NDArray x = ShapeCases.images(m, channels, side);
        NDArray y = new Blur().apply(x, new RandomSource(0));
        for (int c = 0; c < channels; c++) {
            NDArray xc = channel(x, c);
            NDArray yc = channel(y, c);
            assertThat(gradientEnergy(yc)).as("channel %d", c).isLessThan(gradientEnergy(xc) / 2);
            assertThat(yc.mean().getFloat()).isCloseTo(xc.mean().getFloat(), within(0.02f));
        }
        NDArray flat = m.full(new Shape(2, channels, side, side), 0.37f);
        assertThat(maxDiff(new Blur().apply(flat, new RandomSource(0)), flat)).isLessThan(1e-6f);
    }

    /**
     * Mean squared difference of horizontally neighbouring pixels: a blur spreads an edge over more
     * pixels, which keeps the sum of the differences but lowers the sum of their squares.
     */
    private static double gradientEnergy(NDArray x) {
        long w = x.getShape().get(3);
        return x.get(":, :, :, 1:").sub(x.get(":, :, :, :" + (w - 1))).square().mean().getFloat();
    }

    @ParameterizedTest(name = "{0} channels, {1} px")
    @MethodSource("io.github.unode.augment.ShapeCases#shapes")
    void noiseHasTheStatedSpreadAndIsIndependentPerChannel(int channels, int side) {
        NDArray grey = m.full(new Shape(ShapeCases.BATCH, channels, side, side), 0.5f);
        NDArray d = new Noise().apply(grey, new RandomSource(11)).sub(grey);
        // clipping at 0 and 1 (1.67 sigma away) shrinks the std of N(0, 0.3) to about 0.276
        float mean = d.mean().getFloat();
        double std = Math.sqrt(d.sub(mean).square().mean().getFloat());
        assertThat(std).isCloseTo(0.276, within(0.01));
        if (channels == 3) {
            double r = correlation(channel(d, 0), channel(d, 1));
            assertThat(Math.abs(r)).as("correlation of the noise of two channels").isLessThan(0.06);
        }
    }

    private static double correlation(NDArray a, NDArray b) {
        NDArray ca = a.sub(a.mean());
        NDArray cb = b.sub(b.mean());
        return ca.mul(cb).mean().getFloat() / Math.sqrt(ca.square().mean().getFloat() * cb.square().mean().getFloat());
    }

    @ParameterizedTest(name = "{0} channels, {1} px")
    @MethodSource("io.github.unode.augment.ShapeCases#shapes")
    void sobelIsTheNormalisedEdgeMapOfTheLumaInEveryChannel(int channels, int side) {
        NDArray x = ShapeCases.images(m, channels, side);
        NDArray e = new Sobel().apply(x, new RandomSource(0));
        float[] max = e.reshape(ShapeCases.BATCH, -1).max(new int[] {1}).toFloatArray();
        for (float v : max) {
            assertThat(v).as("each image's edge map peaks at 1").isCloseTo(1f, within(1e-6f));
        }
        NDArray luma = ImageOps.luma(x);
        NDArray greyEdges = new Sobel().apply(luma, new RandomSource(0));
        for (int c = 0; c < channels; c++) {
            assertThat(maxDiff(channel(e, c), greyEdges)).as("channel %d is the luma's edge map", c).isLessThan(1e-5f);
        }
        NDArray flat = m.full(new Shape(1, channels, side, side), 0.6f);
        assertThat(new Sobel().apply(flat, new RandomSource(0)).abs().max().getFloat()).isEqualTo(0f);
    }

    @ParameterizedTest(name = "{0} channels, {1} px")
    @MethodSource("io.github.unode.augment.ShapeCases#shapes")
    void mixupKeepsAFaintTraceOfTheImageInEveryChannel(int channels, int side) {
        NDArray x = ShapeCases.images(m, channels, side);
        // black auxiliary images of another shape: the result is lam x, lam per image in [0.02, 0.1]
        try (ImageSet black = ImageSet.fromPixels(new float[2 * 20 * 20], ImageShape.grey(20), null, "black")) {
            NDArray y = new Mixup(AuxiliaryImages.of(black)).apply(x, new RandomSource(3));
            assertImages(y, x, "mixup");
            float[] in = x.toFloatArray();
            float[] out = y.toFloatArray();
            int per = channels * side * side;
            for (int b = 0; b < ShapeCases.BATCH; b++) {
                double lam = Double.NaN;
                for (int k = b * per; k < (b + 1) * per; k++) {
                    if (in[k] > 0.05f) {
                        double ratio = out[k] / in[k];
                        if (Double.isNaN(lam)) {
                            lam = ratio;
                            assertThat(lam).isBetween(0.02, 0.1);
                        }
                        assertThat(ratio).isCloseTo(lam, within(1e-4));
                    }
                }
                assertThat(lam).as("image %d has bright pixels", b).isNotNaN();
            }
        }
    }
}
