package io.github.unode.augment.auto;

import java.util.Arrays;

/**
 * The repulsive part of the 1-D t-SNE gradient in O(n + m log m), by polynomial interpolation on
 * equispaced nodes and FFT convolution (Linderman et al., "Fast interpolation-based t-SNE",
 * Nature Methods 2019; the 1-D path of FIt-SNE and openTSNE).
 *
 * <p>The embedding's range is cut into {@code boxes} equal intervals with {@code p} equispaced
 * nodes each (so all {@code m = boxes x p} nodes are equispaced). Each point spreads its charges
 * to the nodes of its interval with Lagrange weights; the kernel {@code K(d) = 1 / (1 + d^2)^2}
 * between nodes is a Toeplitz matrix, applied by a zero-padded circular convolution; the
 * potentials are interpolated back to the points with the same weights. With charges
 * {@code 1, y, y^2} this gives
 *
 * <pre>
 * phi1_i = sum_j K(y_i - y_j),  phi2_i = sum_j K(y_i - y_j) y_j,  phi3_i = sum_j K(y_i - y_j) y_j^2
 * Z      = sum_i [(1 + y_i^2) phi1_i - 2 y_i phi2_i + phi3_i] - n     (since 1/(1+d^2) = (1+d^2) K)
 * F_i    = (y_i phi1_i - phi2_i) / Z                                   (repulsive force)
 * </pre>
 */
final class FftRepulsion1D {
    /** Interpolation nodes per box (FIt-SNE's default). */
    static final int NODES = 3;
    /** Fewest boxes, whatever the span. */
    static final int MIN_BOXES = 50;
    /** Most boxes, to bound the FFT. */
    static final int MAX_BOXES = 1 << 14;

    private FftRepulsion1D() {}

    /**
     * Computes the repulsive forces and the normalisation.
     *
     * @param y the embedding, n points
     * @param forces output: {@code F_i} (already divided by Z)
     * @param boxesPerUnit boxes per unit of embedding length (1 in FIt-SNE)
     * @return Z
     */
    static double compute(double[] y, double[] forces, double boxesPerUnit) {
        int n = y.length;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : y) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double span = Math.max(max - min, 1e-12);
        int boxes = (int) Math.min(MAX_BOXES, Math.max(MIN_BOXES, Math.ceil(span * boxesPerUnit)));
        double width = span / boxes;
        int m = boxes * NODES;
        double spacing = width / NODES;
        // node k of box b sits at min + b width + (k + 0.5) spacing

        int[] box = new int[n];
        double[] w = new double[n * NODES];
        double[] nodeRel = new double[NODES];
        for (int k = 0; k < NODES; k++) {
            nodeRel[k] = (k + 0.5) / NODES; // in units of box width
        }
        double[] denom = new double[NODES];
        for (int k = 0; k < NODES; k++) {
            double d = 1;
            for (int l = 0; l < NODES; l++) {
                if (l != k) {
                    d *= nodeRel[k] - nodeRel[l];
                }
            }
            denom[k] = d;
        }
        for (int i = 0; i < n; i++) {
            double t = (y[i] - min) / width;
            int b = Math.min(boxes - 1, (int) t);
            box[i] = b;
            double r = t - b;
            for (int k = 0; k < NODES; k++) {
                double num = 1;
                for (int l = 0; l < NODES; l++) {
                    if (l != k) {
                        num *= r - nodeRel[l];
                    }
                }
                w[i * NODES + k] = num / denom[k];
            }
        }

        // charges on the nodes: 1, y, y^2
        double[][] q = new double[3][m];
        for (int i = 0; i < n; i++) {
            int base = box[i] * NODES;
            double yi = y[i];
            for (int k = 0; k < NODES; k++) {
                double wk = w[i * NODES + k];
                q[0][base + k] += wk;
                q[1][base + k] += wk * yi;
                q[2][base + k] += wk * yi * yi;
            }
        }

        // kernel at node offsets -(m-1)..(m-1), as a circular kernel of length L >= 2m
        int len = Integer.highestOneBit(2 * m - 1) << 1;
        Fft fft = new Fft(len);
        double[] kr = new double[len];
        double[] ki = new double[len];
        for (int d = 0; d < m; d++) {
            double dist = d * spacing;
            double v = 1.0 / (1 + dist * dist);
            v *= v;
            kr[d] = v;
            if (d > 0) {
                kr[len - d] = v;
            }
        }
        fft.forward(kr, ki);
        double[][] pot = new double[3][];
        double[] re = new double[len];
        double[] im = new double[len];
        for (int c = 0; c < 3; c++) {
            Arrays.fill(re, 0);
            Arrays.fill(im, 0);
            System.arraycopy(q[c], 0, re, 0, m);
            fft.forward(re, im);
            for (int f = 0; f < len; f++) {
                double a = re[f] * kr[f] - im[f] * ki[f];
                double b = re[f] * ki[f] + im[f] * kr[f];
                re[f] = a;
                im[f] = b;
            }
            fft.inverse(re, im);
            pot[c] = Arrays.copyOf(re, m);
        }

        double z = 0;
        double[] phi1 = new double[n];
        double[] phi2 = new double[n];
        for (int i = 0; i < n; i++) {
            int base = box[i] * NODES;
            double p1 = 0;
            double p2 = 0;
            double p3 = 0;
            for (int k = 0; k < NODES; k++) {
                double wk = w[i * NODES + k];
                p1 += wk * pot[0][base + k];
                p2 += wk * pot[1][base + k];
                p3 += wk * pot[2][base + k];
            }
            double yi = y[i];
            z += (1 + yi * yi) * p1 - 2 * yi * p2 + p3;
            phi1[i] = p1;
            phi2[i] = p2;
        }
        z -= n;
        z = Math.max(z, 1e-12);
        for (int i = 0; i < n; i++) {
            forces[i] = (y[i] * phi1[i] - phi2[i]) / z;
        }
        return z;
    }

    /** The same quantities by direct summation, O(n^2), for checking. */
    static double exact(double[] y, double[] forces) {
        int n = y.length;
        double z = 0;
        for (int i = 0; i < n; i++) {
            double f = 0;
            for (int j = 0; j < n; j++) {
                if (j == i) {
                    continue;
                }
                double d = y[i] - y[j];
                double k1 = 1 / (1 + d * d);
                z += k1;
                f += k1 * k1 * d;
            }
            forces[i] = f;
        }
        for (int i = 0; i < n; i++) {
            forces[i] /= z;
        }
        return z;
    }
}
