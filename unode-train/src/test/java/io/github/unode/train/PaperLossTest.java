package io.github.unode.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The paper's eq. 9-12 written out in plain loops over a small batch, from the printed formulas
 * and not from the library's code, against the library's value.
 */
class PaperLossTest {
    private static final int B = 3;
    private static final int D = 5;

    /** The 4B rows: t(x_i) = row i, t(Gamma(x_i)) = B + i, t'(x_i) = 2B + i, t'(Gamma(x_i)) = 3B + i. */
    private static double[][] unit(float[] z) {
        return unitRows(z, z.length / D);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }

    /** Eq. 9 for one anchor with one positive and the set of eq. 10, at temperature tau. */
    private static double eq9(double[][] u, int anchor, int positive, int image, double tau) {
        double numerator = Math.exp(dot(u[anchor], u[positive]) / tau);
        double denominator = numerator; // P u N: the positive ...
        for (int j = 0; j < B; j++) {
            if (j != image) { // ... and t(Gamma(x_j)), t'(Gamma(x_j)) for j != i (eq. 10)
                denominator += Math.exp(dot(u[anchor], u[B + j]) / tau);
                denominator += Math.exp(dot(u[anchor], u[3 * B + j]) / tau);
            }
        }
        return -Math.log(numerator / denominator); // 1/|P| = 1
    }

    /** Eq. 11: (1/|B|) sum_i (l(t_i, t'_i, N) + l(t'_i, t_i, N)). */
    private static double eq11(float[] z, double tau) {
        double[][] u = unit(z);
        double sum = 0;
        for (int i = 0; i < B; i++) {
            sum += eq9(u, i, 2 * B + i, i, tau) + eq9(u, 2 * B + i, i, i, tau);
        }
        return sum / B;
    }

    private static float[] randomBatch(long seed) {
        Random r = new Random(seed);
        float[] z = new float[4 * B * D];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) r.nextGaussian();
        }
        return z;
    }

    @Test
    void thePapersContrastiveLossMatchesEquations9To11WrittenOut() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (long seed = 1; seed <= 3; seed++) {
                float[] z = randomBatch(seed);
                NDArray t = m.create(z, new Shape(4 * B, D));
                for (float tau : new float[] {1f, 0.5f}) {
                    assertThat((double) Losses.contrastive(t, tau, B, Losses.ContrastiveForm.PAPER).getFloat())
                            .isCloseTo(eq11(z, tau), within(2e-5));
                }
            }
        }
    }

    @Test
    void thePapersFormIsNotTheInlierAnchoredNtXent() {
        // the earlier reading (inlier anchors over every other row, mean over anchors) differs
        try (NDManager m = NDManager.newBaseManager()) {
            float[] z = randomBatch(4);
            NDArray t = m.create(z, new Shape(4 * B, D));
            double paper = Losses.contrastive(t, 0.5f, B, Losses.ContrastiveForm.PAPER).getFloat();
            double inlier = Losses.contrastive(t, 0.5f, B, Losses.ContrastiveForm.INLIER_ANCHORS).getFloat();
            assertThat(Math.abs(paper - inlier)).isGreaterThan(0.1);
        }
    }

    @Test
    void anImagesOwnNegativesDoNotEnterItsTerms() {
        // moving Gamma(x_0) in both views changes only the terms of images 1 and 2, whose sets
        // (eq. 10) hold it: the library's whole loss must not change through image 0's terms
        try (NDManager m = NDManager.newBaseManager()) {
            float[] z = randomBatch(5);
            float[] moved = z.clone();
            for (int k = 0; k < D; k++) {
                moved[B * D + k] = k + 1;
                moved[3 * B * D + k] = -(k + 1);
            }
            double[][] u = unit(z);
            double[][] v = unit(moved);
            double others = 0;
            for (int i = 1; i < B; i++) {
                others += eq9(v, i, 2 * B + i, i, 1) + eq9(v, 2 * B + i, i, i, 1)
                        - eq9(u, i, 2 * B + i, i, 1) - eq9(u, 2 * B + i, i, i, 1);
            }
            NDArray a = m.create(z, new Shape(4 * B, D));
            NDArray b = m.create(moved, new Shape(4 * B, D));
            double change = Losses.paper(b, 1f, B).getFloat() - Losses.paper(a, 1f, B).getFloat();
            assertThat(change).isCloseTo(others / B, within(2e-5));
            assertThat(Math.abs(change)).isGreaterThan(1e-3);
        }
    }

    @Test
    void thePapersCrossEntropyIsTheSumOverTheBatchOfEquation12() {
        try (NDManager m = NDManager.newBaseManager()) {
            Random r = new Random(3);
            float[] l = new float[4 * B * 2];
            for (int i = 0; i < l.length; i++) {
                l[i] = (float) r.nextGaussian();
            }
            long[] y = UnodeTrainer.headLabels(B);
            // eq. 12 negated, each image's inlier and negative term averaged over its two views
            double sum = 0;
            for (int i = 0; i < B; i++) {
                sum -= (logP(l, i, 1) + logP(l, 2 * B + i, 1)) / 2;      // log P(y=1 | x_i)
                sum -= (logP(l, B + i, 0) + logP(l, 3 * B + i, 0)) / 2;  // log P(y=0 | Gamma(x_i))
            }
            NDArray logits = m.create(l, new Shape(4 * B, 2));
            NDArray labels = m.create(y);
            assertThat((double) Losses.crossEntropy(logits, labels, Losses.CrossEntropyReduction.PAPER_SUM).getFloat())
                    .isCloseTo(sum, within(1e-5));
            assertThat((double) Losses.crossEntropy(logits, labels, Losses.CrossEntropyReduction.MEAN).getFloat())
                    .isCloseTo(sum / (2 * B), within(1e-6));
        }
    }

    private static double logP(float[] l, int row, int cls) {
        double a = l[row * 2];
        double b = l[row * 2 + 1];
        double max = Math.max(a, b);
        double lse = max + Math.log(Math.exp(a - max) + Math.exp(b - max));
        return (cls == 0 ? a : b) - lse;
    }

    @Test
    void thePapersLossNeedsTheFourBLayoutAndTwoImages() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> Losses.paper(m.ones(new Shape(4, 2)), 1f, 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("B >= 2");
            assertThatThrownBy(() -> Losses.paper(m.ones(new Shape(10, 2)), 1f, 3))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(4B, D)");
        }
    }

    @Test
    void theLabeledBatchsSupConIdsAndHeadTargetsAreThoseOfMethodSection5() {
        int[] classes = {2, 0, 2};
        // inlier views carry their class; the negative of image i is class K + i in both views
        assertThat(TrainingStep.supConIds(classes, 3)).containsExactly(2, 0, 2, 3, 4, 5, 2, 0, 2, 3, 4, 5);
        assertThat(TrainingStep.labeledTargets(classes, 3)).containsExactly(2, 0, 2, 3, 3, 3, 2, 0, 2, 3, 3, 3);
        // and SupCon with those ids, written out: anchor row 0 (class 2) has positives rows 2, 6, 8
        try (NDManager m = NDManager.newBaseManager()) {
            float[] z = new float[12 * D];
            Random r = new Random(9);
            for (int i = 0; i < z.length; i++) {
                z[i] = (float) r.nextGaussian();
            }
            long[] ids = TrainingStep.supConIds(classes, 3);
            double[][] u = unitRows(z, 12);
            double total = 0;
            for (int a = 0; a < 12; a++) {
                double denom = 0;
                for (int j = 0; j < 12; j++) {
                    if (j != a) {
                        denom += Math.exp(dot(u[a], u[j]) / 0.5);
                    }
                }
                double s = 0;
                int p = 0;
                for (int j = 0; j < 12; j++) {
                    if (j != a && ids[j] == ids[a]) {
                        s += dot(u[a], u[j]) / 0.5 - Math.log(denom);
                        p++;
                    }
                }
                total += -s / p;
            }
            assertThat((double) Losses.supCon(m.create(z, new Shape(12, D)), ids, 0.5f).getFloat())
                    .isCloseTo(total / 12, within(2e-5));
        }
    }

    private static double[][] unitRows(float[] z, int n) {
        double[][] u = new double[n][D];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int k = 0; k < D; k++) {
                s += z[i * D + k] * z[i * D + k];
            }
            for (int k = 0; k < D; k++) {
                u[i][k] = z[i * D + k] / Math.sqrt(s);
            }
        }
        return u;
    }
}
