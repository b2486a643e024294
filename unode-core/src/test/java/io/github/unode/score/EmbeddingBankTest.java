package io.github.unode.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.unode.core.EmptyDataException;
import io.github.unode.core.ImageShapeException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EmbeddingBankTest {

    @Test
    void maxSimilarityMatchesBruteForceAcrossBlocks() {
        Random r = new Random(5);
        int m = EmbeddingBank.BLOCK + 37; // forces two blocks
        int d = 8;
        int q = 9;
        float[] bank = new float[m * d];
        float[] qs = new float[q * d];
        for (int i = 0; i < bank.length; i++) {
            bank[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < qs.length; i++) {
            qs[i] = (float) r.nextGaussian() * 3;
        }
        // make query 4 an exact (scaled) copy of the last bank row: similarity 1
        for (int k = 0; k < d; k++) {
            qs[4 * d + k] = 2.5f * bank[(m - 1) * d + k];
        }
        try (NDManager mgr = NDManager.newBaseManager();
                EmbeddingBank b = EmbeddingBank.of(bank, d)) {
            float[] got = b.maxSimilarity(mgr.create(qs, new Shape(q, d)), null);
            for (int i = 0; i < q; i++) {
                assertThat(got[i]).isCloseTo((float) bruteForce(bank, qs, i, d, -1), within(1e-5f));
            }
            assertThat(got[4]).isCloseTo(1f, within(1e-5f));
            int[] exclude = new int[q];
            java.util.Arrays.fill(exclude, -1);
            exclude[4] = m - 1;
            float[] excluded = b.maxSimilarity(mgr.create(qs, new Shape(q, d)), exclude);
            assertThat(excluded[4]).isCloseTo((float) bruteForce(bank, qs, 4, d, m - 1), within(1e-5f));
            assertThat(excluded[4]).isLessThan(0.99f);
            assertThat(excluded[0]).isEqualTo(got[0]);
        }
    }

    private static double bruteForce(float[] bank, float[] qs, int i, int d, int skip) {
        double qn = 0;
        for (int k = 0; k < d; k++) {
            qn += qs[i * d + k] * qs[i * d + k];
        }
        double best = -2;
        for (int j = 0; j < bank.length / d; j++) {
            if (j == skip) {
                continue;
            }
            double dot = 0;
            double bn = 0;
            for (int k = 0; k < d; k++) {
                dot += qs[i * d + k] * bank[j * d + k];
                bn += bank[j * d + k] * bank[j * d + k];
            }
            best = Math.max(best, dot / Math.sqrt(qn * bn));
        }
        return best;
    }

    /**
     * A query's similarity is the same bits whatever else it is searched with: alone, in odd
     * batches, or in 256 (the engine's product rounds 1 to 3 rows differently unless padded), and
     * each equals a float64 brute force to float precision. The same for the pixel bank.
     */
    @Test
    void aQueryScoresTheSameBitsInEveryBatch() {
        Random r = new Random(11);
        int m = 3000;
        int d = 64;
        int q = 256;
        float[] bank = new float[m * d];
        float[] qs = new float[q * d];
        for (int i = 0; i < bank.length; i++) {
            bank[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < qs.length; i++) {
            qs[i] = (float) r.nextGaussian();
        }
        try (NDManager mgr = NDManager.newBaseManager(); EmbeddingBank b = EmbeddingBank.of(bank, d);
                PixelBank p = PixelBank.of(bank, d)) {
            NDArray all = mgr.create(qs, new Shape(q, d));
            float[] whole = b.maxSimilarity(all, null);
            float[] wholePixels = p.minDistance(all);
            for (int i = 0; i < q; i += 17) {
                assertThat(whole[i]).isCloseTo((float) bruteForce(bank, qs, i, d, -1), within(1e-5f));
            }
            for (int batch : new int[] {1, 2, 3, 5, 7, 16, 17, 100}) {
                int upTo = batch < 16 ? 40 : q; // small batches on the first queries only: calls cost
                for (int from = 0; from < upTo; from += batch) {
                    int to = Math.min(upTo, from + batch);
                    NDArray part = all.get(from + ":" + to);
                    float[] got = b.maxSimilarity(part, null);
                    float[] gotPixels = p.minDistance(part);
                    for (int i = from; i < to; i++) {
                        assertThat(Float.floatToIntBits(got[i - from])).as("query %d in batches of %d", i, batch)
                                .isEqualTo(Float.floatToIntBits(whole[i]));
                        assertThat(Float.floatToIntBits(gotPixels[i - from])).as("pixel query %d in batches of %d", i,
                                batch).isEqualTo(Float.floatToIntBits(wholePixels[i]));
                    }
                }
            }
        }
    }

    @Test
    void aHalfPrecisionBankHalvesTheMemoryAndKeepsTheSimilarities() {
        Random r = new Random(9);
        int m = 3000;
        int d = 128;
        float[] bank = new float[m * d];
        float[] qs = new float[50 * d];
        for (int i = 0; i < bank.length; i++) {
            bank[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < qs.length; i++) {
            qs[i] = (float) r.nextGaussian();
        }
        try (NDManager mgr = NDManager.newBaseManager(); EmbeddingBank full = EmbeddingBank.of(bank, d);
                EmbeddingBank half = full.withPrecision(EmbeddingBank.Precision.FLOAT16)) {
            assertThat(half.precision()).isEqualTo(EmbeddingBank.Precision.FLOAT16);
            assertThat(half.bytes()).isEqualTo(full.bytes() / 2).isEqualTo(2L * m * d);
            float[] a = full.maxSimilarity(mgr.create(qs, new Shape(50, d)), null);
            float[] b = half.maxSimilarity(mgr.create(qs, new Shape(50, d)), null);
            for (int i = 0; i < a.length; i++) {
                // float16 keeps 11 significant bits: unit vectors' dot products move by ~1e-3 at most
                assertThat(b[i]).isCloseTo(a[i], within(2e-3f));
            }
        }
    }

    @Test
    void badInputIsRefused() {
        try (NDManager mgr = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> EmbeddingBank.of(mgr.zeros(new Shape(0, 4))))
                    .isInstanceOf(EmptyDataException.class);
            assertThatThrownBy(() -> EmbeddingBank.of(new float[7], 2)).isInstanceOf(ImageShapeException.class);
            try (EmbeddingBank b = EmbeddingBank.of(new float[] {1, 0, 0, 1}, 2)) {
                NDArray wrong = mgr.ones(new Shape(3, 5));
                assertThatThrownBy(() -> b.maxSimilarity(wrong, null))
                        .isInstanceOf(ImageShapeException.class).hasMessageContaining("(Q, 2)");
            }
        }
    }
}
