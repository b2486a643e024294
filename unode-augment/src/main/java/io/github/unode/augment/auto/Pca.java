package io.github.unode.augment.auto;

import io.github.unode.core.EmptyDataException;
import io.github.unode.core.RandomSource;
import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Principal component analysis: centre, then project onto the top {@code k} eigenvectors of the
 * covariance. The first step of AutoAugOOD's embedding (METHOD 3.3: "PCA to 50 dims first"), and
 * the source of t-SNE's default initialisation (openTSNE's {@code initialization="pca"}).
 *
 * <p>How: the d x d scatter matrix is accumulated in one pass over the rows, centred on the fly,
 * with a vectorisable kernel, parallel over the matrix's rows (each entry is owned by one task
 * and summed in row order, so the result does not depend on the thread count). Its top {@code k}
 * eigenvectors come from Commons Math's {@code EigenDecomposition} when d is at most
 * {@value #DIRECT_EIGEN_MAX_DIM}, otherwise from block subspace iteration with Rayleigh-Ritz
 * (Golub and Van Loan 8.2.4; k + 20 vectors, started from a fixed-seed Gaussian block), which
 * needs only matrix-block products: at d = 512 Commons Math's full decomposition takes about a
 * second on this project's machine, subspace iteration (about 27 products) a fraction of that.
 * The scatter matrix, n d^2 / 2 multiply-adds, dominates: about 0.8 s of one core at n = 40,000,
 * d = 512.
 *
 * <p>Each component's sign is fixed so that its largest-magnitude loading is positive, so the
 * same data always gives the same projection. If {@code d <= k} the data is only centred.
 */
public final class Pca {
    /** METHOD 3.3: 50 components before the t-SNE. */
    public static final int DEFAULT_COMPONENTS = 50;
    static final int DIRECT_EIGEN_MAX_DIM = 128;
    private static final int OVERSAMPLING = 20;
    private static final int MAX_SUBSPACE_ITERATIONS = 500;
    private static final double SUBSPACE_TOLERANCE = 1e-10;
    /** Rayleigh-Ritz (and the convergence test) every this many products. */
    private static final int RITZ_EVERY = 3;
    private static final long SUBSPACE_SEED = 0x5eed_0f_9ca1L;

    private final double[] mean;
    /** k x d, unit rows, or null when the data is only centred. */
    private final double[][] components;
    private final double[] variances;

    private Pca(double[] mean, double[][] components, double[] variances) {
        this.mean = mean;
        this.components = components;
        this.variances = variances;
    }

    /**
     * Fits the top {@code k} components of {@code x} (n x d rows), using all processors.
     *
     * @throws EmptyDataException if {@code x} has no rows
     * @throws IllegalArgumentException if rows differ in length, hold NaN or infinity, or k &lt; 1
     */
    public static Pca fit(double[][] x, int k) {
        return fit(x, k, 0);
    }

    /**
     * As {@link #fit(double[][], int)} on {@code threads} threads (0 = all processors); the
     * result is the same for every thread count.
     */
    public static Pca fit(double[][] x, int k, int threads) {
        int d = Matrices.checkRows(x, "PCA input");
        if (k < 1) {
            throw new IllegalArgumentException("PCA needs k >= 1 components, got " + k);
        }
        try (Parallel parallel = Parallel.create(threads)) {
            return fit(x, d, k, parallel);
        }
    }

    /** Fits and projects in one call: the n x min(k, d) scores of {@code x}. */
    public static double[][] project(double[][] x, int k) {
        return fit(x, k).transform(x);
    }

    static Pca fit(double[][] x, int d, int k, Parallel parallel) {
        int n = x.length;
        double[] mean = new double[d];
        for (double[] row : x) {
            for (int c = 0; c < d; c++) {
                mean[c] += row[c];
            }
        }
        for (int c = 0; c < d; c++) {
            mean[c] /= n;
        }
        if (d <= k) {
            double[] vars = columnVariances(x, mean);
            return new Pca(mean, null, vars);
        }
        double[][] cov = covariance(x, mean, parallel);
        double[][] vectors;
        double[] values;
        if (d <= DIRECT_EIGEN_MAX_DIM) {
            EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(cov, false));
            double[] all = eig.getRealEigenvalues();
            Integer[] order = new Integer[d];
            for (int i = 0; i < d; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Double.compare(all[b], all[a]));
            vectors = new double[k][];
            values = new double[k];
            for (int i = 0; i < k; i++) {
                vectors[i] = eig.getEigenvector(order[i]).toArray();
                values[i] = all[order[i]];
            }
        } else {
            double[][][] out = new double[1][][];
            values = subspaceIteration(cov, k, parallel, out);
            vectors = out[0];
        }
        for (double[] v : vectors) {
            fixSign(v);
        }
        return new Pca(mean, vectors, values);
    }

    /**
     * The centred projection of {@code x} (rows of the fitted dimension): n x k, or n x d when
     * the data was only centred.
     */
    public double[][] transform(double[][] x) {
        int d = Matrices.checkRows(x, "PCA input");
        if (d != mean.length) {
            throw new IllegalArgumentException("PCA was fitted on " + mean.length + " features, got rows of " + d);
        }
        try (Parallel parallel = Parallel.create(0)) {
            return transform(x, parallel);
        }
    }

    /** The projection of already-checked rows, rows in parallel (each row is independent). */
    double[][] transform(double[][] x, Parallel parallel) {
        int d = mean.length;
        int k = components == null ? d : components.length;
        double[][] out = new double[x.length][k];
        // V^T as d rows of length k, so each data row is a sum of contiguous axpys.
        double[][] vt = null;
        if (components != null) {
            vt = new double[d][k];
            for (int j = 0; j < k; j++) {
                for (int c = 0; c < d; c++) {
                    vt[c][j] = components[j][c];
                }
            }
        }
        double[][] v = vt;
        int n = x.length;
        parallel.forEach(n, 512, (start, end) -> {
            if (v == null) {
                for (int i = start; i < end; i++) {
                    for (int c = 0; c < d; c++) {
                        out[i][c] = x[i][c] - mean[c];
                    }
                }
                return;
            }
            double[] scratch = new double[k];
            for (int i = start; i < end; i += 4) {
                // Four rows share each pass over V^T; a last partial group writes to scratch.
                double[] o1 = i + 1 < end ? out[i + 1] : scratch;
                double[] o2 = i + 2 < end ? out[i + 2] : scratch;
                double[] o3 = i + 3 < end ? out[i + 3] : scratch;
                double[] x0 = x[i];
                double[] x1 = x[Math.min(i + 1, end - 1)];
                double[] x2 = x[Math.min(i + 2, end - 1)];
                double[] x3 = x[Math.min(i + 3, end - 1)];
                for (int c = 0; c < d; c++) {
                    double m = mean[c];
                    axpy4(out[i], o1, o2, o3, v[c], x0[c] - m, x1[c] - m, x2[c] - m, x3[c] - m);
                }
            }
        });
        return out;
    }

    /** The column means of the fitted data. */
    public double[] mean() {
        return mean.clone();
    }

    /** The variance along each kept component (or each column, when only centred), decreasing. */
    public double[] explainedVariance() {
        return variances.clone();
    }

    /** The number of output dimensions. */
    public int components() {
        return components == null ? mean.length : components.length;
    }

    /** Component {@code j} as a unit vector of length d (a unit basis vector when only centred). */
    public double[] component(int j) {
        if (components == null) {
            double[] e = new double[mean.length];
            e[j] = 1;
            return e;
        }
        return components[j].clone();
    }

    private static double[] columnVariances(double[][] x, double[] mean) {
        int d = mean.length;
        double[] v = new double[d];
        for (double[] row : x) {
            for (int c = 0; c < d; c++) {
                double t = row[c] - mean[c];
                v[c] += t * t;
            }
        }
        for (int c = 0; c < d; c++) {
            v[c] /= Math.max(1, x.length - 1);
        }
        return v;
    }

    /** The sample covariance (divided by n - 1), full symmetric d x d. */
    static double[][] covariance(double[][] x, double[] mean, Parallel parallel) {
        int n = x.length;
        int d = mean.length;
        double[][] cov = new double[d][d];
        // Tasks own bands of rows of the upper triangle, of roughly equal area.
        int tasks = Math.min(d, 4 * parallel.threads());
        int[] bandStart = new int[tasks + 1];
        double total = (double) d * (d + 1) / 2;
        int a = 0;
        for (int t = 1; t < tasks; t++) {
            double target = total * t / tasks;
            while (a < d && (double) a * d - (double) a * (a - 1) / 2 < target) {
                a++;
            }
            bandStart[t] = a;
        }
        bandStart[tasks] = d;
        parallel.forEach(tasks, 1, (s, e) -> {
            for (int t = s; t < e; t++) {
                scatterBand(x, mean, bandStart[t], bandStart[t + 1], cov);
            }
        });
        double scale = 1.0 / Math.max(1, n - 1);
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                cov[i][j] *= scale;
                cov[j][i] = cov[i][j];
            }
        }
        return cov;
    }

    /** Rows {@code [a0, a1)} of the upper triangle of the scatter matrix, 8 data rows at a time. */
    private static void scatterBand(double[][] x, double[] mean, int a0, int a1, double[][] cov) {
        if (a0 >= a1) {
            return;
        }
        int n = x.length;
        int d = mean.length;
        final int rows = 8;
        double[][] buf = new double[rows][d];
        for (int i0 = 0; i0 < n; i0 += rows) {
            int r = Math.min(rows, n - i0);
            for (int q = 0; q < rows; q++) {
                double[] b = buf[q];
                if (q < r) {
                    double[] row = x[i0 + q];
                    for (int c = 0; c < d; c++) {
                        b[c] = row[c] - mean[c];
                    }
                } else {
                    Arrays.fill(b, 0.0);
                }
            }
            double[] b0 = buf[0];
            double[] b1 = buf[1];
            double[] b2 = buf[2];
            double[] b3 = buf[3];
            double[] b4 = buf[4];
            double[] b5 = buf[5];
            double[] b6 = buf[6];
            double[] b7 = buf[7];
            for (int a = a0; a < a1; a++) {
                rank8(cov[a], a, d, b0, b1, b2, b3, b4, b5, b6, b7,
                        b0[a], b1[a], b2[a], b3[a], b4[a], b5[a], b6[a], b7[a]);
            }
        }
    }

    private static void rank8(double[] c, int from, int d, double[] b0, double[] b1, double[] b2, double[] b3,
                              double[] b4, double[] b5, double[] b6, double[] b7, double s0, double s1, double s2,
                              double s3, double s4, double s5, double s6, double s7) {
        for (int j = from; j < d; j++) {
            c[j] += s0 * b0[j] + s1 * b1[j] + s2 * b2[j] + s3 * b3[j]
                    + s4 * b4[j] + s5 * b5[j] + s6 * b6[j] + s7 * b7[j];
        }
    }

    /**
     * The top {@code k} eigenpairs of the symmetric positive semi-definite {@code c} by block
     * subspace iteration with Rayleigh-Ritz; eigenvalues returned, unit eigenvectors (k x d) in
     * {@code vectorsOut[0]}.
     */
    static double[] subspaceIteration(double[][] c, int k, Parallel parallel, double[][][] vectorsOut) {
        int d = c.length;
        int q = Math.min(d, k + OVERSAMPLING);
        RandomSource random = new RandomSource(SUBSPACE_SEED);
        // Column block stored as q vectors of length d.
        double[][] basis = new double[q][d];
        for (double[] v : basis) {
            for (int i = 0; i < d; i++) {
                v[i] = random.nextGaussian();
            }
        }
        orthonormalise(basis);
        double[] previous = new double[k];
        double[] ritz = new double[q];
        double[][] rotated = basis;
        for (int it = 1; it <= MAX_SUBSPACE_ITERATIONS; it++) {
            double[][] image = multiply(c, basis, parallel);
            if (it % RITZ_EVERY != 0 && it < MAX_SUBSPACE_ITERATIONS) {
                basis = image;
                orthonormalise(basis);
                continue;
            }
            // Rayleigh-Ritz on span(basis): T = B^T C B, then rotate the image accordingly.
            double[][] t = new double[q][q];
            for (int i = 0; i < q; i++) {
                for (int j = i; j < q; j++) {
                    t[i][j] = dot(basis[i], image[j]);
                    t[j][i] = t[i][j];
                }
            }
            EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(t, false));
            double[] values = eig.getRealEigenvalues();
            Integer[] order = new Integer[q];
            for (int i = 0; i < q; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (x, y) -> Double.compare(values[y], values[x]));
            RealMatrix u = eig.getV();
            rotated = new double[q][d];
            for (int j = 0; j < q; j++) {
                ritz[j] = values[order[j]];
                for (int i = 0; i < q; i++) {
                    double w = u.getEntry(i, order[j]);
                    double[] bi = basis[i];
                    double[] rj = rotated[j];
                    for (int e = 0; e < d; e++) {
                        rj[e] += w * bi[e];
                    }
                }
            }
            boolean converged = it > RITZ_EVERY;
            double top = Math.max(Math.abs(ritz[0]), Double.MIN_NORMAL);
            for (int j = 0; j < k; j++) {
                if (Math.abs(ritz[j] - previous[j]) > SUBSPACE_TOLERANCE * top) {
                    converged = false;
                }
                previous[j] = ritz[j];
            }
            if (converged) {
                break;
            }
            basis = image;
            orthonormalise(basis);
        }
        double[][] vectors = new double[k][];
        System.arraycopy(rotated, 0, vectors, 0, k);
        vectorsOut[0] = vectors;
        return Arrays.copyOf(ritz, k);
    }

    /**
     * {@code C B} for a block of vectors. As C is symmetric, {@code (C b)} is the sum of C's rows
     * weighted by b's entries: contiguous axpys that vectorise, four vectors per pass over C.
     */
    private static double[][] multiply(double[][] c, double[][] basis, Parallel parallel) {
        int d = c.length;
        int q = basis.length;
        double[][] out = new double[q][d];
        int groups = (q + 3) / 4;
        parallel.forEach(groups, 1, (s, e) -> {
            for (int g = s; g < e; g++) {
                int j0 = 4 * g;
                // A last partial group repeats its first vector into a scratch output.
                double[] o0 = out[j0];
                double[] o1 = j0 + 1 < q ? out[j0 + 1] : new double[d];
                double[] o2 = j0 + 2 < q ? out[j0 + 2] : new double[d];
                double[] o3 = j0 + 3 < q ? out[j0 + 3] : new double[d];
                double[] b0 = basis[j0];
                double[] b1 = basis[Math.min(j0 + 1, q - 1)];
                double[] b2 = basis[Math.min(j0 + 2, q - 1)];
                double[] b3 = basis[Math.min(j0 + 3, q - 1)];
                for (int b = 0; b < d; b++) {
                    axpy4(o0, o1, o2, o3, c[b], b0[b], b1[b], b2[b], b3[b]);
                }
            }
        });
        return out;
    }

    /** {@code o_r += s_r * v} for four outputs at once; offset-free so that it vectorises. */
    private static void axpy4(double[] o0, double[] o1, double[] o2, double[] o3, double[] v,
                              double s0, double s1, double s2, double s3) {
        for (int i = 0; i < v.length; i++) {
            double t = v[i];
            o0[i] += s0 * t;
            o1[i] += s1 * t;
            o2[i] += s2 * t;
            o3[i] += s3 * t;
        }
    }

    private static double dot(double[] a, double[] b) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int n = a.length;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < n; i++) {
            s0 += a[i] * b[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Modified Gram-Schmidt, twice ("twice is enough", Giraud et al. 2005). */
    private static void orthonormalise(double[][] v) {
        for (int pass = 0; pass < 2; pass++) {
            for (int j = 0; j < v.length; j++) {
                double[] vj = v[j];
                for (int i = 0; i < j; i++) {
                    double r = dot(v[i], vj);
                    double[] vi = v[i];
                    for (int e = 0; e < vj.length; e++) {
                        vj[e] -= r * vi[e];
                    }
                }
                double norm = Math.sqrt(dot(vj, vj));
                if (norm > 0) {
                    for (int e = 0; e < vj.length; e++) {
                        vj[e] /= norm;
                    }
                }
            }
        }
    }

    private static void fixSign(double[] v) {
        int arg = 0;
        for (int i = 1; i < v.length; i++) {
            if (Math.abs(v[i]) > Math.abs(v[arg])) {
                arg = i;
            }
        }
        if (v[arg] < 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] = -v[i];
            }
        }
    }
}
