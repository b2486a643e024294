package io.github.unode.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.unode.core.EmptyDataException;
import io.github.unode.core.ImageShapeException;
import io.github.unode.core.RandomSource;
import org.junit.jupiter.api.Test;

class PixelBankTest {

    /** Nearest-neighbour distances by brute force in double precision (shared with NoveltyDetectorTest). */
    static double[] bruteForce(float[] bank, float[] queries, int d) {
        double[] out = new double[queries.length / d];
        for (int q = 0; q < out.length; q++) {
            double best = Double.POSITIVE_INFINITY;
            for (int b = 0; b < bank.length / d; b++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    double diff = queries[q * d + k] - bank[b * d + k];
                    s += diff * diff;
                }
                best = Math.min(best, s);
            }
            out[q] = Math.sqrt(best);
        }
        return out;
    }

    @Test
    void distancesMatchABruteForceSearchForImagesAndFlatRows() {
        int d = 3 * 5 * 4;
        float[] bank = new RandomSource(1).uniforms(37 * d);
        float[] queries = new RandomSource(2).uniforms(1100 * d); // more than one query block
        System.arraycopy(bank, 5 * d, queries, 7 * d, d); // query 7 is bank image 5: distance 0
        double[] expected = bruteForce(bank, queries, d);
        try (NDManager m = NDManager.newBaseManager();
                PixelBank pb = PixelBank.of(m.create(bank, new Shape(37, 3, 5, 4)))) {
            assertThat(pb.size()).isEqualTo(37);
            assertThat(pb.dimension()).isEqualTo(d);
            assertThat(pb.bytes()).isEqualTo(37L * d * 4);
            float[] got = pb.minDistance(m.create(queries, new Shape(1100, 3, 5, 4)));
            assertThat(got).hasSize(1100);
            for (int i = 0; i < got.length; i++) {
                assertThat((double) got[i]).as("query %d", i).isCloseTo(expected[i], within(2e-3));
            }
            assertThat(got[7]).isCloseTo(0f, within(2e-3f));
            // the saved rows rebuild the same bank
            try (PixelBank again = PixelBank.of(pb.toFloatArray(), d)) {
                assertThat(again.toFloatArray()).containsExactly(bank);
                assertThat(again.minDistance(m.create(queries, new Shape(1100, d)))).containsExactly(got);
            }
        }
    }

    @Test
    void aBlurringBankSearchesBlurredImagesAndRestoresFromItsRows() {
        int c = 2;
        int h = 6;
        int w = 5;
        int d = c * h * w;
        float[] bank = new RandomSource(3).uniforms(23 * d);
        float[] queries = new RandomSource(4).uniforms(600 * d); // more than one query block
        GaussianBlur blur = GaussianBlur.ofSigma(0.8);
        float[] blurredBank = bank.clone();
        float[] blurredQueries = queries.clone();
        blur.blur(blurredBank, 23 * c, h, w);
        blur.blur(blurredQueries, 600 * c, h, w);
        double[] expected = bruteForce(blurredBank, blurredQueries, d);
        double[] raw = bruteForce(bank, queries, d);
        try (NDManager m = NDManager.newBaseManager();
                PixelBank pb = PixelBank.of(m.create(bank, new Shape(23, c, h, w)), 0.8)) {
            assertThat(pb.blurSigma()).isEqualTo(0.8);
            assertThat(pb.transformsPixels()).isTrue();
            assertThat(pb.imageShape()).hasValueSatisfying(s -> assertThat(s).containsExactly(c, h, w));
            assertThat(pb.toFloatArray()).containsExactly(blurredBank); // the bank stores blurred images
            float[] got = pb.minDistance(m.create(queries, new Shape(600, c, h, w)));
            for (int i = 0; i < got.length; i++) {
                assertThat((double) got[i]).as("query %d", i).isCloseTo(expected[i], within(2e-3));
            }
            // blurring changes the answer: it is not the raw-pixel search
            assertThat(got[0]).isNotCloseTo((float) raw[0], within(1e-2f));
            // flat queries are read in the bank's image shape
            assertThat(pb.minDistance(m.create(queries, new Shape(600, d)))).containsExactly(got);
            try (PixelBank again = PixelBank.restore(pb.toFloatArray(), c, h, w, 0.8)) {
                assertThat(again.blurSigma()).isEqualTo(0.8);
                assertThat(again.toFloatArray()).containsExactly(blurredBank); // not blurred twice
                assertThat(again.minDistance(m.create(queries, new Shape(600, c, h, w)))).containsExactly(got);
            }
            try (PixelBank plain = PixelBank.of(m.create(bank, new Shape(23, c, h, w)), 0)) {
                assertThat(plain.blurSigma()).isZero();
                assertThat(plain.transformsPixels()).isFalse();
                assertThat(plain.imageShape()).isEmpty();
            }
            assertThatThrownBy(() -> PixelBank.of(m.create(bank, new Shape(23, d)), 1.0))
                    .isInstanceOf(ImageShapeException.class).hasMessageContaining("(M, C, H, W)");
            assertThatThrownBy(() -> PixelBank.of(m.create(bank, new Shape(23, c, h, w)), -0.5))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sigma");
            assertThatThrownBy(() -> PixelBank.restore(new float[d + 1], c, h, w, 1.0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rows of " + d);
        }
    }

    @Test
    void aCentringBankIgnoresUniformBrightnessShifts() {
        int d = 12;
        float[] bank = new RandomSource(5).uniforms(9 * d);
        float[] queries = new RandomSource(6).uniforms(30 * d);
        for (int k = 0; k < d; k++) {
            queries[k] = bank[3 * d + k] + 0.2f; // query 0: bank image 3, uniformly brighter
        }
        float[] centredBank = centredRows(bank, d);
        float[] centredQueries = centredRows(queries, d);
        double[] expected = bruteForce(centredBank, centredQueries, d);
        try (NDManager m = NDManager.newBaseManager();
                PixelBank pb = PixelBank.of(m.create(bank, new Shape(9, 1, 3, 4)), 0, true)) {
            assertThat(pb.centred()).isTrue();
            assertThat(pb.blurSigma()).isZero();
            assertThat(pb.transformsPixels()).isTrue();
            float[] got = pb.minDistance(m.create(queries, new Shape(30, 1, 3, 4)));
            assertThat(got[0]).isCloseTo(0f, within(1e-3f));
            for (int i = 0; i < got.length; i++) {
                assertThat((double) got[i]).as("query %d", i).isCloseTo(expected[i], within(2e-3));
            }
            try (PixelBank again = PixelBank.restore(pb.toFloatArray(), 1, 3, 4, 0, true)) {
                assertThat(again.centred()).isTrue();
                assertThat(again.minDistance(m.create(queries, new Shape(30, d)))).containsExactly(got);
            }
        }
    }

    /** Each row of {@code d} values minus its mean, in double precision (shared with NoveltyDetectorTest). */
    static float[] centredRows(float[] x, int d) {
        float[] out = x.clone();
        for (int r = 0; r < x.length / d; r++) {
            double mean = 0;
            for (int k = 0; k < d; k++) {
                mean += x[r * d + k];
            }
            for (int k = 0; k < d; k++) {
                out[r * d + k] = (float) (x[r * d + k] - mean / d);
            }
        }
        return out;
    }

    @Test
    void wrongShapesAndEmptyBanksAreRefused() {
        try (NDManager m = NDManager.newBaseManager();
                PixelBank pb = PixelBank.of(m.create(new float[] {0, 1, 2, 3}, new Shape(2, 2)))) {
            assertThatThrownBy(() -> pb.minDistance(m.create(new float[] {0, 1, 2}, new Shape(1, 3))))
                    .isInstanceOf(ImageShapeException.class).hasMessageContaining("2 values");
            assertThatThrownBy(() -> PixelBank.of(m.zeros(new Shape(0, 4))))
                    .isInstanceOf(EmptyDataException.class);
            assertThatThrownBy(() -> PixelBank.of(new float[] {1, 2, 3}, 2))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rows of 2");
        }
    }
}
