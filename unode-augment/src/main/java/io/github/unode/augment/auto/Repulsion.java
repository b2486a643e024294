package io.github.unode.augment.auto;

import java.util.Arrays;

/**
 * The repulsive half of the 1-D t-SNE gradient (METHOD 3.3): for an embedding {@code y},
 * <pre>
 *   Z     = sum_{i != j} 1 / (1 + (y_i - y_j)^2)                 (the normalisation of Q)
 *   rep_i = sum_j (y_i - y_j) / (1 + (y_i - y_j)^2)^2
 * </pre>
 * so that {@code dC/dy_i = 4 (alpha * attr_i - rep_i / Z)}. Two implementations share this
 * contract: {@link Exact}, O(n^2), the reference; and {@link Interpolated}, O(n + m log m),
 * FIt-SNE's FFT-accelerated polynomial interpolation (Linderman et al. 2019) as in openTSNE's
 * 1-D path.
 */
abstract class Repulsion {
    private static final int CHUNK = 2048;

    /**
     * Fills {@code rep} and returns {@code Z}.
     *
     * @param y embedding, length n
     * @param rep output, length n
     */
    abstract double compute(double[] y, double[] rep);

    /** The O(n^2) reference: every pair, row by row in parallel, row sums added in chunk order. */
    static final class Exact extends Repulsion {
        private final Parallel parallel;

        Exact(Parallel parallel) {
            this.parallel = parallel;
        }

        @Override
        double compute(double[] y, double[] rep) {
            int n = y.length;
            return parallel.sum(n, 256, (start, end) -> {
                double z = 0;
                for (int i = start; i < end; i++) {
                    double yi = y[i];
                    double zi = 0;
                    double ri = 0;
                    for (int j = 0; j < n; j++) {
                        if (j != i) {
                            double d = yi - y[j];
                            double w = 1 / (1 + d * d);
                            zi += w;
                            ri += d * w * w;
                        }
                    }
                    rep[i] = ri;
                    z += zi;
                }
                return z;
            });
        }
    }

    /**
     * FIt-SNE's interpolation scheme in one dimension. The span of {@code y} is cut into equal
     * boxes (at least {@link #MIN_BOXES}, as openTSNE's {@code min_num_intervals}, and at least
     * {@link #BOXES_PER_UNIT} per unit of length; at most {@link #MAX_BOXES}), each
     * with {@code p} equispaced Lagrange nodes at {@code (s + 1/2) / p} of its width. Each point
     * spreads a unit charge onto the nodes of its box with the Lagrange weights; the charges are
     * convolved on the equispaced node grid with two kernels at once by one complex, zero-padded
     * circular convolution of power-of-two length {@code L >= 2m} ({@code m} nodes):
     * {@code 1/(1+d^2)} in the real part (giving Z) and {@code d/(1+d^2)^2} in the imaginary
     * part (giving the force). The potentials are interpolated back to the points with the same
     * weights. Three FFTs of length L per call: kernel, charges, inverse.
     *
     * <p>Three deliberate departures from openTSNE, all for accuracy: the force uses the odd
     * kernel {@code d/(1+d^2)^2} directly instead of {@code y_i (K2 * 1) - K2 * y}, which cancels
     * when |y| is large; there are 4 boxes per unit of span instead of 1, because the error of
     * 3-node interpolation falls as the cube of the box width (measured on a converged
     * 3,000-point embedding of Fashion-MNIST: relative L2 error of the forces 6.5e-2 at 1 box
     * per unit, 9e-3 at 2, 1.2e-3 at 4; Z within 2e-4 throughout), while the FFT stays cheap next
     * to the attractive term (spans are a few hundred units at n = 20,000); and the number of
     * boxes is raised further to fill the power-of-two FFT length, which is free.
     *
     * <p>Not thread-safe (it owns its work arrays); deterministic: the only scatter (charges onto
     * nodes) runs serially in point order and the sum for Z is added in chunk order.
     */
    static final class Interpolated extends Repulsion {
        /** openTSNE's {@code min_num_intervals}. */
        static final int MIN_BOXES = 50;
        /** A cap on the grid, reached only at spans of ~4,000 units (far beyond METHOD's sizes). */
        static final int MAX_BOXES = 1 << 14;
        /** Boxes per unit of span at least (openTSNE: 1, its {@code ints_in_interval}). */
        static final int BOXES_PER_UNIT = 4;

        private final Parallel parallel;
        private final int p;
        private final double[] nodeDenominators;
        private int[] box = new int[0];
        private double[] weights = new double[0];
        private double[] charges = new double[0];
        private double[] re = new double[0];
        private double[] im = new double[0];
        private double[] kre = new double[0];
        private double[] kim = new double[0];
        private Fft fft;
        private int lastBoxes;

        /**
         * @param nodesPerBox Lagrange nodes per box (FIt-SNE's {@code p}; 3 by default)
         */
        Interpolated(Parallel parallel, int nodesPerBox) {
            if (nodesPerBox < 2) {
                throw new IllegalArgumentException("need at least 2 interpolation nodes per box, got " + nodesPerBox);
            }
            this.parallel = parallel;
            this.p = nodesPerBox;
            nodeDenominators = new double[p];
            for (int s = 0; s < p; s++) {
                double den = 1;
                for (int t = 0; t < p; t++) {
                    if (t != s) {
                        den *= s - t;
                    }
                }
                nodeDenominators[s] = den;
            }
        }

        /** The number of boxes used by the last call. */
        int lastBoxes() {
            return lastBoxes;
        }

        @Override
        double compute(double[] y, double[] rep) {
            int n = y.length;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double v : y) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            double span = max - min;
            int required = (int) Math.min(MAX_BOXES, Math.max(MIN_BOXES, Math.ceil(span * BOXES_PER_UNIT)));
            int len = Fft.nextPowerOfTwo(2 * p * required);
            int boxes = Math.min(MAX_BOXES, Math.max(required, len / (2 * p)));
            lastBoxes = boxes;
            int m = boxes * p;
            // All points equal: any width puts them on one spot; a tiny one makes the kernels exact.
            double width = span > 0 ? span / boxes : 1e-12;
            double h = width / p;
            ensure(n, len);

            // 1. Box and Lagrange weights of every point (independent per point).
            double lo = min;
            parallel.forEach(n, CHUNK, (start, end) -> {
                for (int i = start; i < end; i++) {
                    double u = (y[i] - lo) / width;
                    int b = (int) u;
                    if (b >= boxes) {
                        b = boxes - 1;
                    }
                    box[i] = b;
                    lagrange((u - b) * p, weights, i * p);
                }
            });
            // 2. Charges on the nodes: serial, in point order, so the sums are reproducible.
            Arrays.fill(charges, 0, m, 0.0);
            for (int i = 0; i < n; i++) {
                int base = box[i] * p;
                for (int s = 0; s < p; s++) {
                    charges[base + s] += weights[i * p + s];
                }
            }
            // 3. Kernels on the node grid, circulant embedding: 1/(1+d^2) (even) + i d/(1+d^2)^2 (odd).
            Arrays.fill(kre, 0, len, 0.0);
            Arrays.fill(kim, 0, len, 0.0);
            for (int t = 0; t < m; t++) {
                double d = t * h;
                double w = 1 / (1 + d * d);
                double g = d * w * w;
                kre[t] = w;
                kim[t] = g;
                if (t > 0) {
                    kre[len - t] = w;
                    kim[len - t] = -g;
                }
            }
            fft.forward(kre, kim);
            System.arraycopy(charges, 0, re, 0, m);
            Arrays.fill(re, m, len, 0.0);
            Arrays.fill(im, 0, len, 0.0);
            fft.forward(re, im);
            for (int f = 0; f < len; f++) {
                double a = re[f];
                double b = im[f];
                re[f] = a * kre[f] - b * kim[f];
                im[f] = a * kim[f] + b * kre[f];
            }
            fft.inverseUnscaled(re, im);
            double scale = 1.0 / len;
            // re[0..m) now holds L * (K1 * charges), im[0..m) holds L * (G * charges).
            // 4. Back to the points with the same weights.
            double sumZ = parallel.sum(n, CHUNK, (start, end) -> {
                double z = 0;
                for (int i = start; i < end; i++) {
                    int base = box[i] * p;
                    double zi = 0;
                    double ri = 0;
                    for (int s = 0; s < p; s++) {
                        double w = weights[i * p + s];
                        zi += w * re[base + s];
                        ri += w * im[base + s];
                    }
                    rep[i] = ri * scale;
                    z += zi;
                }
                return z;
            });
            // Each point also "sees" itself with weight K1(0) = 1; Z excludes i = j.
            return sumZ * scale - n;
        }

        /** The p Lagrange basis polynomials at {@code xi} (in node units: nodes at s + 1/2). */
        private void lagrange(double xi, double[] out, int off) {
            for (int s = 0; s < p; s++) {
                double num = 1;
                for (int t = 0; t < p; t++) {
                    if (t != s) {
                        num *= xi - (t + 0.5);
                    }
                }
                out[off + s] = num / nodeDenominators[s];
            }
        }

        private void ensure(int n, int len) {
            if (box.length < n) {
                box = new int[n];
                weights = new double[n * p];
            }
            if (fft == null || fft.length() != len) {
                fft = new Fft(len);
            }
            if (re.length < len) {
                re = new double[len];
                im = new double[len];
                kre = new double[len];
                kim = new double[len];
                charges = new double[len];
            }
        }
    }
}
