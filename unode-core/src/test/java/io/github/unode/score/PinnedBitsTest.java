package io.github.unode.score;

import static io.github.unode.testing.Fixtures.gaussians;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The score's blur and both bank searches, pinned as computed before the Gaussian kernel and the
 * nearest-neighbour search were shared (issue 15: "behaviour unchanged"). The blur is plain Java:
 * its figures are {@link Arrays#hashCode(float[])} of the output, which hashes every value's bits.
 * The searches run on the engine, whose last bits depend on the machine: their figures are values
 * to float precision (the bits were compared before and after on one machine).
 */
class PinnedBitsTest {

    @Test
    void theBlurGivesThePinnedBits() {
        double[] sigmas = {0.5, 0.8, 1.0, 1.5, 2.0};
        int[] expected = {-1251567487, 871674846, -2024611195, 994454001, 856923317};
        int[] got = new int[sigmas.length];
        for (int s = 0; s < sigmas.length; s++) {
            float[] px = gaussians(3, 2 * 11 * 9);
            GaussianBlur.ofSigma(sigmas[s]).blur(px, 2, 11, 9);
            got[s] = Arrays.hashCode(px);
        }
        assertThat(got).containsExactly(expected);
    }

    @Test
    void theEmbeddingBankGivesThePinnedValues() {
        int d = 24;
        int m = EmbeddingBank.BLOCK + 905;
        float[] bank = gaussians(5, m * d);
        float[] qs = gaussians(6, 37 * d);
        int[] exclude = new int[37];
        for (int i = 0; i < exclude.length; i++) {
            exclude[i] = i % 3 == 0 ? -1 : i * 131;
            if (i % 2 == 1) { // a scaled copy of the row it excludes (or of row 131 i)
                for (int k = 0; k < d; k++) {
                    qs[i * d + k] = 1.5f * bank[i * 131 * d + k];
                }
            }
        }
        try (NDManager mgr = NDManager.newBaseManager(); EmbeddingBank b = EmbeddingBank.of(bank, d);
                EmbeddingBank half = b.withPrecision(EmbeddingBank.Precision.FLOAT16)) {
            float[] plain = b.maxSimilarity(mgr.create(qs, new Shape(37, d)), null);
            float[] excluded = b.maxSimilarity(mgr.create(qs, new Shape(37, d)), exclude);
            float[] one = b.maxSimilarity(mgr.create(Arrays.copyOf(qs, d), new Shape(1, d)), null);
            float[] f16 = half.maxSimilarity(mgr.create(qs, new Shape(37, d)), null);
            // the values before the search was shared (their last bits depend on the machine's kernels)
            assertThat(plain[0]).isCloseTo(0.6799606f, within(1e-6f));
            assertThat(plain[1]).isCloseTo(1.0f, within(1e-6f)); // a scaled copy of bank row 131
            assertThat(excluded[1]).isCloseTo(0.6017855f, within(1e-6f)); // that row excluded
            assertThat(excluded[3]).isCloseTo(0.99999994f, within(1e-6f)); // a copy, not excluded
            assertThat(f16[0]).isCloseTo(0.67998916f, within(1e-6f));
            assertThat(excluded[0]).isEqualTo(plain[0]);
            assertThat(one[0]).isEqualTo(plain[0]);
        }
    }

    @Test
    void thePixelBankGivesThePinnedValues() {
        int c = 2;
        int h = 9;
        int w = 7;
        int m = 8192 + 300;
        float[] bank = gaussians(7, m * c * h * w);
        float[] qs = gaussians(8, 530 * c * h * w);
        try (NDManager mgr = NDManager.newBaseManager();
                PixelBank raw = PixelBank.of(mgr.create(bank, new Shape(m, c, h, w)));
                PixelBank blurred = PixelBank.of(mgr.create(bank, new Shape(m, c, h, w)), 1.0, true)) {
            float[] a = raw.minDistance(mgr.create(qs, new Shape(530, c, h, w)));
            float[] b = blurred.minDistance(mgr.create(qs, new Shape(530, c, h, w)));
            assertThat(a[0]).isCloseTo(11.8389435f, within(1e-5f));
            assertThat(a[1]).isCloseTo(12.061171f, within(1e-5f));
            assertThat(b[0]).isCloseTo(3.0698574f, within(1e-5f));
            assertThat(b[529]).isCloseTo(3.2860901f, within(1e-5f));
        }
    }
}
