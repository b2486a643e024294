package io.github.unode.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LossesTest {

    @Test
    void ntXentOnAHandComputedBatch() {
        try (NDManager m = NDManager.newBaseManager()) {
            // rows 0,1 = view 1; rows 2,3 = view 2; positive of 0 is 2, of 1 is 3.
            // Row 0 sees cosines (self), 0, 1, 0 -> logits /0.5: 0, 2, 0 -> loss log(2 + e^2) - 2.
            NDArray z = m.create(new float[] {3, 0, 0, 2, 1, 0, 0, 5}, new Shape(4, 2));
            double expected = Math.log(2 + Math.exp(2)) - 2;
            assertThat(Losses.ntXent(z, 0.5f, 1, false).getFloat())
                    .isCloseTo((float) expected, within(1e-6f));
        }
    }

    @Test
    void ntXentMatchesAnIndependentLoopImplementation() {
        Random r = new Random(11);
        int n = 12;
        int d = 5;
        float[] z = new float[n * d];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) r.nextGaussian();
        }
        float tau = 0.5f;
        int inliers = 3; // 4B = 12 with B = 3
        double[] perRow = loopNtXent(z, n, d, tau);
        double all = 0;
        for (double v : perRow) {
            all += v;
        }
        all /= n;
        double inl = 0;
        for (int i = 0; i < inliers; i++) {
            inl += perRow[i] + perRow[n / 2 + i];
        }
        inl /= 2 * inliers;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray t = m.create(z, new Shape(n, d));
            assertThat(Losses.ntXent(t, tau, inliers, false).getFloat())
                    .isCloseTo((float) all, within(1e-5f));
            assertThat(Losses.ntXent(t, tau, inliers, true).getFloat())
                    .isCloseTo((float) inl, within(1e-5f));
            // invariant to the scale of each embedding (they are normalised)
            NDArray scaled = t.mul(m.create(new float[] {2, 1, 7, 3, 1, 1, 9, 1, 1, 4, 1, 1}).reshape(n, 1));
            assertThat(Losses.ntXent(scaled, tau, inliers, false).getFloat())
                    .isCloseTo((float) all, within(1e-5f));
        }
    }

    private static double[] loopNtXent(float[] z, int n, int d, float tau) {
        double[][] u = new double[n][d];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int k = 0; k < d; k++) {
                s += z[i * d + k] * z[i * d + k];
            }
            for (int k = 0; k < d; k++) {
                u[i][k] = z[i * d + k] / Math.sqrt(s);
            }
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            int pos = (i + n / 2) % n;
            double denom = 0;
            double numer = 0;
            for (int j = 0; j < n; j++) {
                if (j == i) {
                    continue;
                }
                double c = 0;
                for (int k = 0; k < d; k++) {
                    c += u[i][k] * u[j][k];
                }
                denom += Math.exp(c / tau);
                if (j == pos) {
                    numer = c / tau;
                }
            }
            out[i] = Math.log(denom) - numer;
        }
        return out;
    }

    @Test
    void supConWithTwinsOnlyEqualsNtXent() {
        // when every class id is shared only by a row and its twin, SupCon is NT-Xent
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z = m.randomNormal(new Shape(8, 4));
            long[] ids = {0, 1, 2, 3, 0, 1, 2, 3};
            assertThat(Losses.supCon(z, ids, 0.5f).getFloat())
                    .isCloseTo(Losses.ntXent(z, 0.5f, 1, false).getFloat(), within(1e-5f));
        }
    }

    @Test
    void supConOnAHandComputedBatch() {
        try (NDManager m = NDManager.newBaseManager()) {
            // three rows of class 0 along e1, e1, e2 and one class-1 pair e2, e2... keep it small:
            // rows: a=(1,0) b=(1,0) c=(0,1) d=(0,1); ids 0,0,1,1; tau = 1.
            // row a: positives {b}; logits to b,c,d = 1,0,0 -> -log(e/(e+2))
            NDArray z = m.create(new float[] {1, 0, 1, 0, 0, 1, 0, 1}, new Shape(4, 2));
            double expected = -Math.log(Math.E / (Math.E + 2));
            assertThat(Losses.supCon(z, new long[] {0, 0, 1, 1}, 1f).getFloat())
                    .isCloseTo((float) expected, within(1e-6f));
            assertThatThrownBy(() -> Losses.supCon(z, new long[] {0, 0, 1, 2}, 1f))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least twice");
        }
    }

    @Test
    void crossEntropyOnAHandComputedBatch() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(new float[] {2, 0, 0, 1}, new Shape(2, 2));
            NDArray labels = m.create(new int[] {0, 0});
            // row 0: -log(e^2/(e^2+1)); row 1: -log(1/(1+e))
            double expected = (-Math.log(Math.exp(2) / (Math.exp(2) + 1)) - Math.log(1 / (1 + Math.E))) / 2;
            assertThat(Losses.crossEntropy(logits, labels).getFloat()).isCloseTo((float) expected, within(1e-6f));
        }
    }

    @Test
    void badArgumentsAreRefused() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> Losses.ntXent(m.ones(new Shape(3, 2)), 0.5f, 1, false))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(2m, D)");
            assertThatThrownBy(() -> Losses.ntXent(m.ones(new Shape(4, 2)), 0f, 1, false))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("temperature");
        }
    }
}
