package io.github.unode.eval.baselines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.unode.core.EmptyDataException;
import io.github.unode.core.ImageShape;
import io.github.unode.core.ImageShapeException;
import io.github.unode.core.RandomSource;
import io.github.unode.data.ImageSet;
import org.junit.jupiter.api.Test;

class PatchNearestNeighbourTest {
    private static final ImageShape GREY4 = ImageShape.grey(4);

    @Test
    void patchesAreTakenRowByRowAndCentredOnTheirMean() {
        // one 4x4 grey image 0..15, 2x2 patches at stride 2: 4 patches of 4 values
        float[] img = new float[16];
        for (int i = 0; i < 16; i++) {
            img[i] = i;
        }
        float[] p = PatchNearestNeighbour.patches(img, GREY4, 2, 2);
        assertThat(p).hasSize(16);
        // top-left patch {0, 1, 4, 5}, mean 2.5; top-right {2, 3, 6, 7}: the same once centred
        assertThat(p).startsWith(-2.5f, -1.5f, 1.5f, 2.5f, -2.5f, -1.5f, 1.5f, 2.5f);
        assertThat(PatchNearestNeighbour.positions(4, 2, 2)).isEqualTo(2);
        assertThat(PatchNearestNeighbour.positions(5, 2, 2)).isEqualTo(2); // the last column would overrun
        assertThat(PatchNearestNeighbour.positions(64, 8, 4)).isEqualTo(15);
    }

    @Test
    void imageScoreIsTheWorstPatchAgainstHandComputedDistances() {
        // inlier: flat grey; every centred patch of it is 0
        float[] flat = new float[16];
        java.util.Arrays.fill(flat, 0.5f);
        // test 0: a brighter flat image (centring ignores brightness) -> 0
        float[] brighter = new float[16];
        java.util.Arrays.fill(brighter, 0.9f);
        // test 1: one pixel of 0.5 at (0, 0): patch {.5, 0, 0, 0} centred = {.375, -.125, -.125, -.125},
        // norm 0.5 sqrt(.75)
        float[] onePixel = new float[16];
        onePixel[0] = 0.5f;
        // test 2: that pixel, plus a stronger one (value 1) at (3, 3) in the bottom-right patch: sqrt(.75)
        float[] twoPixels = onePixel.clone();
        twoPixels[15] = 1;
        float[] test = new float[48];
        System.arraycopy(brighter, 0, test, 0, 16);
        System.arraycopy(onePixel, 0, test, 16, 16);
        System.arraycopy(twoPixels, 0, test, 32, 16);
        try (ImageSet tr = ImageSet.fromPixels(flat, GREY4, null, "flat");
                ImageSet te = ImageSet.fromPixels(test, GREY4, null, "test");
                PatchNearestNeighbour nn = PatchNearestNeighbour.fit(tr, 2, 2, 100, 1)) {
            assertThat(nn.bankSize()).isEqualTo(4);
            assertThat(nn.positions()).isEqualTo(4);
            double[] s = nn.score(te);
            assertThat(s[0]).isCloseTo(0, within(1e-3));
            assertThat(s[1]).isCloseTo(0.5 * Math.sqrt(0.75), within(1e-4));
            assertThat(s[2]).isCloseTo(Math.sqrt(0.75), within(1e-4)); // the worst patch, not the sum or mean
            float[][] per = nn.patchDistances(te);
            assertThat(per[2][0]).isCloseTo((float) (0.5 * Math.sqrt(0.75)), within(1e-4f));
            assertThat(per[2][1]).isCloseTo(0f, within(1e-3f));
            assertThat(per[2][3]).isCloseTo((float) Math.sqrt(0.75), within(1e-4f));
        }
    }

    @Test
    void matchesBruteForceOverColourPatchesAndSubsamplesTheBank() {
        ImageShape s = ImageShape.rgb(8);
        float[] train = new RandomSource(3).uniforms(20 * s.pixels());
        float[] test = new RandomSource(4).uniforms(5 * s.pixels());
        try (ImageSet tr = ImageSet.fromPixels(train, s, null, "train");
                ImageSet te = ImageSet.fromPixels(test, s, null, "test");
                PatchNearestNeighbour nn = PatchNearestNeighbour.fit(tr, 4, 2, 1_000_000, 1);
                PatchNearestNeighbour small = PatchNearestNeighbour.fit(tr, 4, 2, 50, 1)) {
            float[] bank = PatchNearestNeighbour.patches(train, s, 4, 2);
            float[] q = PatchNearestNeighbour.patches(test, s, 4, 2);
            int d = 3 * 16;
            int per = 9;
            double[] score = nn.score(te);
            for (int i = 0; i < 5; i++) {
                double worst = 0;
                for (int p = 0; p < per; p++) {
                    double best = Double.MAX_VALUE;
                    for (int j = 0; j < bank.length / d; j++) {
                        double acc = 0;
                        for (int k = 0; k < d; k++) {
                            double diff = q[(i * per + p) * d + k] - bank[j * d + k];
                            acc += diff * diff;
                        }
                        best = Math.min(best, acc);
                    }
                    worst = Math.max(worst, Math.sqrt(best));
                }
                assertThat(score[i]).isCloseTo(worst, within(1e-3));
            }
            assertThat(nn.bankSize()).isEqualTo(20 * 9);
            assertThat(small.bankSize()).isEqualTo(50);
            double[] fewer = small.score(te);
            for (int i = 0; i < 5; i++) {
                assertThat(fewer[i]).isGreaterThanOrEqualTo(score[i] - 1e-4); // a subset is never nearer
            }
        }
    }

    @Test
    void refusesBadInput() {
        float[] one = new float[16];
        try (ImageSet tr = ImageSet.fromPixels(one, GREY4, null, "one");
                ImageSet empty = tr.first(0);
                ImageSet other = ImageSet.fromPixels(new float[25], ImageShape.grey(5), null, "5x5")) {
            assertThatThrownBy(() -> PatchNearestNeighbour.fit(empty, 2, 2, 10, 1)).isInstanceOf(EmptyDataException.class);
            assertThatThrownBy(() -> PatchNearestNeighbour.fit(tr, 5, 2, 10, 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("patch side");
            assertThatThrownBy(() -> PatchNearestNeighbour.fit(tr, 2, 0, 10, 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stride");
            assertThatThrownBy(() -> PatchNearestNeighbour.fit(tr, 2, 2, 0, 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBank");
            try (PatchNearestNeighbour nn = PatchNearestNeighbour.fit(tr, 2, 2, 10, 1)) {
                assertThatThrownBy(() -> nn.score(other)).isInstanceOf(ImageShapeException.class);
            }
        }
    }
}
