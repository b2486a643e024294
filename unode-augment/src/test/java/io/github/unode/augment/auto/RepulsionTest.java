package io.github.unode.augment.auto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.unode.core.RandomSource;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The FFT-interpolated repulsion against the all-pairs sums, on given embeddings. */
class RepulsionTest {

    /** A t-SNE-like 1-D layout: clusters of various widths spread over {@code span} units. */
    private static double[] layout(int n, double span, long seed) {
        RandomSource r = new RandomSource(seed);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            int c = r.nextInt(6);
            y[i] = (c / 5.0 - 0.5) * span + r.nextGaussian() * (1 + c) * span / 60;
        }
        return y;
    }

    private static double[] errors(double[] y) {
        int n = y.length;
        double[] exact = new double[n];
        double[] fast = new double[n];
        double ze;
        double zf;
        try (Parallel p = Parallel.create(2)) {
            ze = new Repulsion.Exact(p).compute(y, exact);
            zf = new Repulsion.Interpolated(p, 3).compute(y, fast);
        }
        double num = 0;
        double den = 0;
        for (int i = 0; i < n; i++) {
            num += (fast[i] - exact[i]) * (fast[i] - exact[i]);
            den += exact[i] * exact[i];
        }
        return new double[] {Math.sqrt(num / den), Math.abs(zf - ze) / ze};
    }

    @Test
    void forcesAndNormalisationMatchTheExactSumsOnASpreadLayout() {
        // Spans like those of converged runs (about 200 units at 5,000 to 20,000 points) and a far
        // wider one. Measured: force errors 1.7e-4, 3.7e-4, 8.8e-4; Z errors 1e-7, 3e-7, 4e-6.
        double[] spans = {20, 200, 900};
        double[] forceTolerance = {1e-3, 1e-3, 2e-3};
        for (int s = 0; s < spans.length; s++) {
            double[] err = errors(layout(1500, spans[s], 7));
            assertThat(err[0]).as("relative L2 error of the forces, span %s", spans[s]).isLessThan(forceTolerance[s]);
            assertThat(err[1]).as("relative error of Z, span %s", spans[s]).isLessThan(1e-5);
        }
    }

    @Test
    void forcesMatchOnTheTinySpanOfTheInitialisation() {
        RandomSource r = new RandomSource(3);
        double[] y = new double[800];
        for (int i = 0; i < y.length; i++) {
            y[i] = 1e-4 * r.nextGaussian();
        }
        double[] err = errors(y);
        assertThat(err[0]).isLessThan(1e-6);
        assertThat(err[1]).isLessThan(1e-9);
    }

    @Test
    void coincidentPointsFeelNoForceAndZIsNTimesNMinusOne() {
        double[] y = new double[50];
        Arrays.fill(y, 3.5);
        double[] rep = new double[50];
        try (Parallel p = Parallel.create(1)) {
            double z = new Repulsion.Interpolated(p, 3).compute(y, rep);
            assertThat(z).isCloseTo(50.0 * 49, within(1e-9));
        }
        // Zero up to the FFT's rounding.
        assertThat(Arrays.stream(rep).map(Math::abs).max().orElseThrow()).isLessThan(1e-12);
    }

    @Test
    void twoPointsPushEachOtherApartWithTheCauchyForce() {
        double[] y = {-0.5, 0.5};
        double[] rep = new double[2];
        try (Parallel p = Parallel.create(1)) {
            double z = new Repulsion.Interpolated(p, 3).compute(y, rep);
            // d = 1: w = 1/2, force term d w^2 = 1/4, Z = 2 w.
            // Interpolated, not exact: 85 boxes over one unit leave an error near 1e-8.
            assertThat(z).isCloseTo(1.0, within(1e-7));
            assertThat(rep[0]).isCloseTo(-0.25, within(1e-7));
            assertThat(rep[1]).isCloseTo(0.25, within(1e-7));
        }
    }
}
