package io.github.unode.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.unode.core.ImageShape;
import io.github.unode.core.ImageShapeException;
import io.github.unode.core.RandomSource;
import io.github.unode.data.ImageSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class AugmentationsTest extends ManagedTest {
    private NDArray random(long seed, int b, int c, int h, int w) {
        return m.create(new RandomSource(seed).uniforms(b * c * h * w), new Shape(b, c, h, w));
    }

    /** A 1x1x3x3 image with distinct values, for hand-computed expectations. */
    private NDArray small() {
        return m.create(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, new Shape(1, 1, 3, 3)).div(10f);
    }

    @Test
    void rot90MatchesAHandComputedArrayAndFourTurnsAreTheIdentity() {
        NDArray x = small();
        // one counter-clockwise quarter turn of [[1,2,3],[4,5,6],[7,8,9]] is [[3,6,9],[2,5,8],[1,4,7]]
        assertThat(Rotate.rotate(x, new int[] {1}).mul(10f).round().toFloatArray())
                .containsExactly(3, 6, 9, 2, 5, 8, 1, 4, 7);
        NDArray batch = random(1, 5, 3, 8, 8);
        NDArray y = batch;
        for (int i = 0; i < 4; i++) {
            y = new Rotate(1).apply(y, new RandomSource(i));
        }
        assertThat(y.toFloatArray()).containsExactly(batch.toFloatArray());
        // k drawn per image, from {1,2,3}: never the identity
        NDArray once = new Rotate().apply(batch, new RandomSource(3));
        for (int i = 0; i < 5; i++) {
            assertThat(once.get(i).toFloatArray()).isNotEqualTo(batch.get(i).toFloatArray());
        }
    }

    @Test
    void rotateOnNonSquareImagesKeepsTheShapeAndIsExactAt180() {
        NDArray x = random(2, 3, 1, 6, 10);
        NDArray half = Rotate.rotate(x, new int[] {2, 2, 2});
        assertThat(half.getShape()).isEqualTo(x.getShape());
        assertThat(Rotate.rotate(half, new int[] {2, 2, 2}).toFloatArray()).containsExactly(x.toFloatArray());
        NDArray quarter = Rotate.rotate(x, new int[] {1, 3, 1});
        assertThat(quarter.getShape()).isEqualTo(x.getShape());
        // the centre column of a 90-degree turn is the centre row of the original, reversed in order
        // (centre at (2.5, 4.5): a 6-row canvas shows 6 of the 10 original columns)
        assertThat(quarter.max().getFloat()).isLessThanOrEqualTo(1f);
    }

    @Test
    void flipsAndInversionAreInvolutions() {
        NDArray x = random(3, 4, 3, 7, 9);
        RandomSource r = new RandomSource(0);
        assertThat(new VFlip().apply(new VFlip().apply(x, r), r).toFloatArray()).containsExactly(x.toFloatArray());
        assertThat(new VFlip().apply(small(), r).mul(10f).round().toFloatArray())
                .containsExactly(7, 8, 9, 4, 5, 6, 1, 2, 3);
        NDArray twice = new Invert().apply(new Invert().apply(x, r), r);
        assertThat(twice.sub(x).abs().max().getFloat()).isLessThan(1e-6f);
        assertThat(new Invert().apply(small(), r).toFloatArray()[0]).isCloseTo(0.9f, within(1e-6f));
    }

    @Test
    void cutoutZeroesExactlyTheRectangleItReports() {
        NDArray x = random(4, 6, 3, 28, 28).add(0.01f).clip(0.01f, 1f); // no zeros in the input
        Cutout.Result r = new Cutout().applyWithRegions(x, new RandomSource(5));
        float[] in = x.toFloatArray();
        float[] out = r.images().toFloatArray();
        for (int b = 0; b < 6; b++) {
            Cutout.Region g = r.regions()[b];
            assertThat(g.height()).isBetween((int) Math.ceil(28 / 6.0), 6); // [H/6, H/4)
            assertThat(g.width()).isBetween((int) Math.ceil(28 / 6.0), 6);
            assertThat(g.top() + g.height()).isLessThanOrEqualTo(28);
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 28; y++) {
                    for (int xx = 0; xx < 28; xx++) {
                        int i = ((b * 3 + c) * 28 + y) * 28 + xx;
                        boolean inside = y >= g.top() && y < g.top() + g.height() && xx >= g.left()
                                && xx < g.left() + g.width();
                        assertThat(out[i]).isEqualTo(inside ? 0f : in[i]);
                    }
                }
            }
        }
    }

    @Test
    void cutpermRearrangesTilesAndIsNeverTheIdentity() {
        NDArray x = random(6, 40, 1, 8, 8);
        NDArray y = new CutPerm().apply(x, new RandomSource(7));
        float[] in = x.toFloatArray();
        float[] out = y.toFloatArray();
        for (int b = 0; b < 40; b++) {
            float[][] inTiles = tiles(in, b);
            float[][] outTiles = tiles(out, b);
            boolean moved = false;
            for (int t = 0; t < 4; t++) {
                boolean found = false;
                for (int s = 0; s < 4; s++) {
                    found |= java.util.Arrays.equals(outTiles[t], inTiles[s]);
                }
                assertThat(found).as("tile %d of image %d is one of the input tiles", t, b).isTrue();
                moved |= !java.util.Arrays.equals(outTiles[t], inTiles[t]);
            }
            assertThat(moved).as("image %d was permuted", b).isTrue();
        }
        // an explicit permutation: swap left and right halves
        NDArray s = CutPerm.permute(m.arange(0f, 16f).reshape(1, 1, 4, 4), new int[][] {{1, 0, 3, 2}});
        assertThat(s.toFloatArray()).containsExactly(2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13);
    }

    private static float[][] tiles(float[] v, int b) {
        float[][] t = new float[4][16];
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                t[(y / 4) * 2 + x / 4][(y % 4) * 4 + x % 4] = v[b * 64 + y * 8 + x];
            }
        }
        return t;
    }

    @Test
    void cutpasteChangesOnlyTheFootprintOfItsPatch() {
        NDArray x = random(8, 1, 1, 32, 32);
        // a 6x4 patch from centre (8.5, 8.5) pasted unrotated at (20.5, 24.5)
        CutPaste.Patch p = new CutPaste.Patch(8.5, 8.5, 20.5, 24.5, 6, 4, 0);
        float[] in = x.toFloatArray();
        float[] out = CutPaste.paste(x, new CutPaste.Patch[] {p}).toFloatArray();
        int changedOrCopied = 0;
        for (int y = 0; y < 32; y++) {
            for (int c = 0; c < 32; c++) {
                boolean inside = Math.abs(y - 20.5) <= 3 && Math.abs(c - 24.5) <= 2;
                if (inside) {
                    // an integer shift: exact copy of the source pixel
                    int sy = y - 12;
                    int sc = c - 16;
                    assertThat(out[y * 32 + c]).isCloseTo(in[sy * 32 + sc], within(1e-6f));
                    changedOrCopied++;
                } else {
                    assertThat(out[y * 32 + c]).isEqualTo(in[y * 32 + c]);
                }
            }
        }
        assertThat(changedOrCopied).isEqualTo(6 * 4);
        // random patches change at least one pixel of every image and stay in range
        NDArray many = random(9, 16, 3, 28, 28);
        NDArray y = new CutPaste().apply(many, new RandomSource(9));
        for (int b = 0; b < 16; b++) {
            assertThat(y.get(b).toFloatArray()).isNotEqualTo(many.get(b).toFloatArray());
        }
    }

    @Test
    void blurKeepsConstantImagesAndReducesNoise() {
        NDArray flat = m.full(new Shape(2, 3, 28, 28), 0.37f);
        assertThat(new Blur().apply(flat, new RandomSource(0)).sub(flat).abs().max().getFloat()).isLessThan(1e-6f);
        NDArray noise = random(10, 2, 1, 32, 32);
        NDArray blurred = new Blur().apply(noise, new RandomSource(0));
        assertThat(std(blurred)).isLessThan(std(noise) / 3);
        assertThat(blurred.mean().getFloat()).isCloseTo(noise.mean().getFloat(), within(0.02f));
        // the kernel is normalised and symmetric
        float[] k = ImageOps.gaussianKernel(1.75);
        double sum = 0;
        for (float v : k) {
            sum += v;
        }
        assertThat(sum).isCloseTo(1, within(1e-6));
        assertThat(k[0]).isEqualTo(k[k.length - 1]);
    }

    private static double std(NDArray x) {
        float[] v = x.toFloatArray();
        double mean = 0;
        for (float f : v) {
            mean += f;
        }
        mean /= v.length;
        double ss = 0;
        for (float f : v) {
            ss += (f - mean) * (f - mean);
        }
        return Math.sqrt(ss / v.length);
    }

    @Test
    void noiseHasTheStatedStandardDeviationAndIsClipped() {
        NDArray grey = m.full(new Shape(8, 1, 32, 32), 0.5f);
        NDArray y = new Noise().apply(grey, new RandomSource(11));
        NDArray d = y.sub(grey);
        // clipping at 0 and 1 (1.67 sigma away) shrinks the std of N(0, 0.3) to about 0.276
        assertThat(std(d)).isCloseTo(0.276, within(0.01));
        assertThat(y.min().getFloat()).isGreaterThanOrEqualTo(0f);
        assertThat(y.max().getFloat()).isLessThanOrEqualTo(1f);
        NDArray small = new Noise(0.05).apply(grey, new RandomSource(11)).sub(grey);
        assertThat(std(small)).isCloseTo(0.05, within(0.003));
    }

    @Test
    void sobelIsZeroOnConstantImagesAndPeaksAtAnEdge() {
        NDArray flat = m.full(new Shape(1, 3, 10, 10), 0.6f);
        assertThat(new Sobel().apply(flat, new RandomSource(0)).abs().max().getFloat()).isEqualTo(0f);
        float[] step = new float[100];
        for (int y = 0; y < 10; y++) {
            for (int x = 5; x < 10; x++) {
                step[y * 10 + x] = 1;
            }
        }
        float[] e = new Sobel().apply(m.create(step, new Shape(1, 1, 10, 10)), new RandomSource(0)).toFloatArray();
        for (int y = 0; y < 10; y++) {
            assertThat(e[y * 10 + 4]).isEqualTo(1f); // |gx| = 2 on both sides of the edge, the maximum
            assertThat(e[y * 10 + 5]).isEqualTo(1f);
            assertThat(e[y * 10 + 0]).isEqualTo(0f);
            assertThat(e[y * 10 + 9]).isEqualTo(0f);
        }
    }

    @Test
    void elasticWithZeroAlphaIsTheIdentityAndOtherwiseMovesPixels() {
        NDArray x = random(12, 3, 1, 28, 28);
        assertThat(new Elastic(7, 0).apply(x, new RandomSource(1)).sub(x).abs().max().getFloat()).isLessThan(1e-6f);
        NDArray y = new Elastic().apply(x, new RandomSource(1));
        assertThat(y.sub(x).abs().mean().getFloat()).isGreaterThan(0.01f);
    }

    @Test
    void bilinearSamplerIsExactOnIdentityAndIntegerShifts() {
        NDArray x = random(13, 2, 3, 5, 7);
        float[] id = {1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0};
        NDArray same = ImageOps.bilinear(x, ImageOps.affineGrid(m, id, 5, 7), ImageOps.Padding.ZEROS);
        assertThat(same.toFloatArray()).containsExactly(x.toFloatArray());
        // read one column to the right: output(j) = input(j + 1), last column zero-padded
        float[] shift = {1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0};
        float[] s = ImageOps.bilinear(x, ImageOps.affineGrid(m, shift, 5, 7), ImageOps.Padding.ZEROS).toFloatArray();
        float[] in = x.toFloatArray();
        for (int i = 0; i < in.length; i++) {
            int col = i % 7;
            assertThat(s[i]).isEqualTo(col == 6 ? 0f : in[i + 1]);
        }
        // half a pixel: the mean of two neighbours
        float[] half = {1, 0, 0.5f, 0, 1, 0, 1, 0, 0.5f, 0, 1, 0};
        float[] hv = ImageOps.bilinear(x, ImageOps.affineGrid(m, half, 5, 7), ImageOps.Padding.BORDER).toFloatArray();
        assertThat(hv[0]).isCloseTo((in[0] + in[1]) / 2, within(1e-6f));
        assertThat(hv[6]).isCloseTo(in[6], within(1e-6f)); // border padding
    }

    @Test
    void mixupFollowsItsFormula() {
        NDArray x = m.full(new Shape(16, 1, 8, 8), 1f);
        try (ImageSet aux = ImageSet.fromPixels(new float[2 * 64], ImageShape.grey(8), null, "zeros")) {
            NDArray y = new Mixup(AuxiliaryImages.of(aux)).apply(x, new RandomSource(3));
            // lam * 1 + (1 - lam) * 0 = lam, constant per image, in [0.02, 0.1]
            for (int b = 0; b < 16; b++) {
                float[] v = y.get(b).toFloatArray();
                assertThat(v[0]).isBetween(0.02f, 0.1f);
                for (float f : v) {
                    assertThat(f).isEqualTo(v[0]);
                }
            }
        }
        // auxiliary images of another shape are converted
        try (ImageSet rgb = ImageSet.fromPixels(new RandomSource(1).uniforms(3 * 3 * 16 * 16), ImageShape.rgb(16), null, "rgb")) {
            NDArray t = AuxiliaryImages.of(rgb).draw(5, ImageShape.grey(8), new RandomSource(2), m);
            assertThat(t.getShape()).isEqualTo(new Shape(5, 1, 8, 8));
        }
    }

    @Test
    void everyAugmentationKeepsShapeTypeAndRangeAndIsDeterministic() {
        try (ImageSet aux = ImageSet.fromPixels(new RandomSource(4).uniforms(10 * 3 * 32 * 32), ImageShape.rgb(32), null, "aux")) {
            AugmentationPool pool = AugmentationPool.standard(AuxiliaryImages.of(aux));
            assertThat(pool.names()).containsExactly("rotate", "vflip", "cutout", "cutpaste", "cutperm", "elastic",
                    "blur", "noise", "sobel", "invert", "mixup");
            for (int[] s : new int[][] {{1, 28, 28}, {3, 32, 32}, {3, 20, 24}}) {
                NDArray x = random(14, 6, s[0], s[1], s[2]);
                float[] before = x.toFloatArray();
                for (Augmentation a : pool.augmentations()) {
                    NDArray y1 = a.apply(x, new RandomSource(42));
                    NDArray y2 = a.apply(x, new RandomSource(42));
                    assertThat(y1.getShape()).as(a.name()).isEqualTo(x.getShape());
                    assertThat(y1.getDataType()).as(a.name()).isEqualTo(DataType.FLOAT32);
                    assertThat(y1.min().getFloat()).as(a.name()).isGreaterThanOrEqualTo(0f);
                    assertThat(y1.max().getFloat()).as(a.name()).isLessThanOrEqualTo(1f);
                    assertThat(y2.toFloatArray()).as(a.name()).containsExactly(y1.toFloatArray());
                    assertThat(x.toFloatArray()).as(a.name() + " leaves its input alone").containsExactly(before);
                }
            }
        }
        assertThatThrownBy(() -> new VFlip().apply(m.zeros(new Shape(3, 4)), new RandomSource(0)))
                .isInstanceOf(ImageShapeException.class).hasMessageContaining("(B, C, H, W)");
    }

    @Test
    void positiveViewAtFullScaleWithoutFlipIsTheIdentity() {
        NDArray x = random(15, 16, 3, 16, 16);
        NDArray y = new PositiveAugmentation(PositiveAugmentation.Config.identity()).apply(x, new RandomSource(1));
        assertThat(y.toFloatArray()).containsExactly(x.toFloatArray());
        // flip only: exactly the mirror image of each image (or the image itself)
        PositiveAugmentation flip = new PositiveAugmentation(PositiveAugmentation.Config.identity().withHorizontalFlip(true));
        NDArray f = flip.apply(x, new RandomSource(2));
        int flipped = 0;
        for (int b = 0; b < 16; b++) {
            float[] fb = f.get(b).toFloatArray();
            if (java.util.Arrays.equals(fb, x.get(b).flip(2).toFloatArray())) {
                flipped++;
            } else {
                assertThat(fb).containsExactly(x.get(b).toFloatArray());
            }
        }
        assertThat(flipped).isBetween(3, 13); // p = 0.5 each: 3..13 of 16 holds with probability > 0.99
        // the hue matrix keeps grey pixels grey and is the identity at angle 0
        float[] h0 = PositiveAugmentation.hueMatrix(0);
        assertThat(h0[0]).isCloseTo(1f, within(1e-6f));
        assertThat(h0[1]).isCloseTo(0f, within(1e-6f));
        float[] h = PositiveAugmentation.hueMatrix(1.0);
        for (int r = 0; r < 3; r++) {
            assertThat(h[3 * r] + h[3 * r + 1] + h[3 * r + 2]).isCloseTo(1f, within(1e-5f));
        }
    }

    @Test
    void positiveViewsOfGreyImagesNeverChangeColourAndDefaultsFollowTheMethod() {
        PositiveAugmentation.Config grey = PositiveAugmentation.Config.defaultsFor(ImageShape.grey(28));
        assertThat(grey.minScale()).isEqualTo(0.3);
        assertThat(PositiveAugmentation.Config.defaultsFor(ImageShape.rgb(32)).minScale()).isEqualTo(0.08);
        NDArray x = m.full(new Shape(8, 1, 28, 28), 0.25f);
        // a constant grey image stays constant under crop, flip (and no colour ops)
        NDArray y = new PositiveAugmentation(grey).apply(x, new RandomSource(3));
        assertThat(y.sub(x).abs().max().getFloat()).isLessThan(1e-6f);
        // colour images: jitter and greyscale change some of them
        NDArray c = random(16, 8, 3, 16, 16);
        NDArray cy = new PositiveAugmentation(PositiveAugmentation.Config.identity().withMinScale(1)).apply(c, new RandomSource(4));
        assertThat(cy.toFloatArray()).containsExactly(c.toFloatArray());
        assertThatThrownBy(() -> new PositiveAugmentation.Config(0, true, 0.8, 0.4, 0.4, 0.4, 0.1, 0.2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minScale");
    }

    @Test
    void poolsRefuseUnknownAndDuplicateNames() {
        AugmentationPool p = AugmentationPool.standard();
        assertThat(p.without("invert", "sobel").names()).doesNotContain("invert", "sobel").hasSize(8);
        assertThat(p.only("rotate").names()).containsExactly("rotate");
        assertThatThrownBy(() -> p.without("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope").hasMessageContaining("rotate");
        assertThatThrownBy(() -> AugmentationPool.of(new Invert(), new Invert()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unique");
        assertThat(List.copyOf(p.augmentations())).hasSize(10);
    }
}
