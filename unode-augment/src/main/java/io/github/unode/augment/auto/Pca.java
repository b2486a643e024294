package io.github.unode.augment.auto;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.unode.core.Engines;
import io.github.unode.core.RandomSource;

/**
 * Principal component projection (METHOD 3.3: PCA to 50 dimensions before the t-SNE), by
 * randomised subspace iteration (Halko, Martinsson and Tropp 2011): the covariance
 * {@code C = X^T X / n} of the centred data is one matrix product on the engine; a block of
 * {@code k + 10} random vectors is multiplied by {@code C} and re-orthonormalised a few times; the
 * small projected matrix {@code Q^T C Q} is diagonalised by Jacobi rotations. This converges on
 * the leading components in a few passes and never fails to converge, unlike a full
 * eigen-decomposition of a nearly degenerate {@code d x d} covariance. Component signs are fixed
 * so that each component's largest loading is positive.
 */
public final class Pca {
    private static final int OVERSAMPLE = 10;
    private static final int POWER_ITERATIONS = 6;

    private Pca() {}

    /**
     * Projects {@code n x d} row-major data on its top {@code k} principal components.
     *
     * @param data row-major values, {@code n * d}
     * @param n rows
     * @param d columns
     * @param k components kept; if {@code d <= k} the data is only centred
     * @return {@code n x min(k, d)} row-major, in order of decreasing variance
     */
    public static double[] project(double[] data, int n, int d, int k) {
        if (data.length != (long) n * d || n < 1 || d < 1) {
            throw new IllegalArgumentException("PCA needs n x d values, got " + data.length + " for " + n + " x " + d);
        }
        if (k < 1) {
            throw new IllegalArgumentException("PCA needs at least one component, got " + k);
        }
        try (NDManager m = NDManager.newBaseManager(); Engines.GradMode ignored = Engines.noGrad()) {
            NDArray x = m.create(data, new Shape(n, d));
            NDArray centred = x.sub(x.mean(new int[] {0}, true));
            if (d <= k) {
                return centred.toDoubleArray();
            }
            NDArray cov = centred.transpose().matMul(centred).div(n); // (d, d), float64
            int l = Math.min(d, k + OVERSAMPLE);
            RandomSource r = new RandomSource(0x5eedL);
            double[] q = new double[d * l];
            for (int i = 0; i < q.length; i++) {
                q[i] = r.nextGaussian();
            }
            orthonormalise(q, d, l);
            for (int it = 0; it < POWER_ITERATIONS; it++) {
                q = cov.matMul(m.create(q, new Shape(d, l))).toDoubleArray();
                orthonormalise(q, d, l);
            }
            NDArray qa = m.create(q, new Shape(d, l));
            double[] b = qa.transpose().matMul(cov).matMul(qa).toDoubleArray(); // (l, l)
            double[] vectors = new double[l * l];
            double[] values = jacobi(b, l, vectors);
            Integer[] order = new Integer[l];
            for (int i = 0; i < l; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, (a, c) -> Double.compare(values[c], values[a]));
            double[] u = new double[l * k];
            for (int j = 0; j < k; j++) {
                for (int i = 0; i < l; i++) {
                    u[i * k + j] = vectors[i * l + order[j]];
                }
            }
            double[] basis = qa.matMul(m.create(u, new Shape(l, k))).toDoubleArray(); // (d, k)
            for (int j = 0; j < k; j++) {
                int arg = 0;
                for (int i = 1; i < d; i++) {
                    if (Math.abs(basis[i * k + j]) > Math.abs(basis[arg * k + j])) {
                        arg = i;
                    }
                }
                if (basis[arg * k + j] < 0) {
                    for (int i = 0; i < d; i++) {
                        basis[i * k + j] = -basis[i * k + j];
                    }
                }
            }
            return centred.matMul(m.create(basis, new Shape(d, k))).toType(DataType.FLOAT64, false).toDoubleArray();
        }
    }

    /** Modified Gram-Schmidt on the {@code l} columns of a row-major {@code d x l} matrix. */
    static void orthonormalise(double[] a, int d, int l) {
        for (int j = 0; j < l; j++) {
            for (int p = 0; p < j; p++) {
                double dot = 0;
                for (int i = 0; i < d; i++) {
                    dot += a[i * l + j] * a[i * l + p];
                }
                for (int i = 0; i < d; i++) {
                    a[i * l + j] -= dot * a[i * l + p];
                }
            }
            double norm = 0;
            for (int i = 0; i < d; i++) {
                norm += a[i * l + j] * a[i * l + j];
            }
            norm = Math.sqrt(norm);
            if (norm < 1e-300) {
                // a direction the data does not have: any unit vector orthogonal to the others will do
                for (int i = 0; i < d; i++) {
                    a[i * l + j] = i == j % d ? 1 : 0;
                }
                j--; // re-orthogonalise this column
                continue;
            }
            for (int i = 0; i < d; i++) {
                a[i * l + j] /= norm;
            }
        }
    }

    /**
     * Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations.
     *
     * @param a row-major {@code l x l} symmetric matrix (destroyed)
     * @param l size
     * @param v output: eigenvectors as columns, row-major {@code l x l}
     * @return the eigenvalues, in column order of {@code v}
     */
    static double[] jacobi(double[] a, int l, double[] v) {
        for (int i = 0; i < l; i++) {
            for (int j = 0; j < l; j++) {
                v[i * l + j] = i == j ? 1 : 0;
                if (j > i) {
                    double s = 0.5 * (a[i * l + j] + a[j * l + i]);
                    a[i * l + j] = s;
                    a[j * l + i] = s;
                }
            }
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int i = 0; i < l; i++) {
                for (int j = i + 1; j < l; j++) {
                    off += a[i * l + j] * a[i * l + j];
                }
            }
            if (off < 1e-30) {
                break;
            }
            for (int p = 0; p < l; p++) {
                for (int q = p + 1; q < l; q++) {
                    double apq = a[p * l + q];
                    if (Math.abs(apq) < 1e-300) {
                        continue;
                    }
                    double theta = (a[q * l + q] - a[p * l + p]) / (2 * apq);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int r = 0; r < l; r++) {
                        double arp = a[r * l + p];
                        double arq = a[r * l + q];
                        a[r * l + p] = c * arp - s * arq;
                        a[r * l + q] = s * arp + c * arq;
                    }
                    for (int r = 0; r < l; r++) {
                        double apr = a[p * l + r];
                        double aqr = a[q * l + r];
                        a[p * l + r] = c * apr - s * aqr;
                        a[q * l + r] = s * apr + c * aqr;
                    }
                    for (int r = 0; r < l; r++) {
                        double vrp = v[r * l + p];
                        double vrq = v[r * l + q];
                        v[r * l + p] = c * vrp - s * vrq;
                        v[r * l + q] = s * vrp + c * vrq;
                    }
                }
            }
        }
        double[] values = new double[l];
        for (int i = 0; i < l; i++) {
            values[i] = a[i * l + i];
        }
        return values;
    }
}
