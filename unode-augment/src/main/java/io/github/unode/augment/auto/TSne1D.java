package io.github.unode.augment.auto;

import java.util.stream.IntStream;

/**
 * One-dimensional t-SNE whose cost grows linearly with the number of points (METHOD 3.3):
 * k-nearest-neighbour input affinities calibrated to a perplexity, attractive forces over that
 * sparse graph, repulsive forces by FFT-accelerated interpolation ({@link FftRepulsion1D}, as
 * FIt-SNE / openTSNE), and scikit-learn's optimiser (momentum 0.5 then 0.8, delta-bar-delta
 * gains, early exaggeration). An exact {@code O(n^2)} repulsion is kept for checking
 * ({@link Config#exact()}).
 *
 * <pre>{@code
 * TSne1D.Result r = TSne1D.run(pcaData, n, 50, TSne1D.Config.defaults());
 * double[] y = r.embedding();
 * }</pre>
 */
public final class TSne1D {
    /** Rows per parallel chunk: fixed, so that sums never depend on the thread count. */
    private static final int CHUNK = 2048;

    private TSne1D() {}

    /**
     * Settings, validated; the defaults are METHOD 3.3's.
     *
     * @param perplexity effective number of neighbours (30)
     * @param neighboursPerPerplexity kNN graph size as a multiple of the perplexity (3)
     * @param earlyExaggeration attraction multiplier during the first phase (12)
     * @param exaggerationIterations iterations of the first phase (250)
     * @param iterations iterations after it (750)
     * @param learningRate step size, or NaN for scikit-learn's "auto": {@code max(n / exaggeration / 4, 50)}
     * @param minGain floor of the per-point gains (0.01)
     * @param exact whether the repulsion is summed exactly in {@code O(n^2)} (for checking)
     * @param boxesPerUnit interpolation boxes per unit length of the embedding (2; FIt-SNE uses 1,
     *     which measured a 9% worst-case force error here against 1% at 2 and 0.1% at 4)
     */
    public record Config(double perplexity, double neighboursPerPerplexity, double earlyExaggeration,
            int exaggerationIterations, int iterations, double learningRate, double minGain, boolean exact,
            double boxesPerUnit) {

        public Config {
            check(perplexity >= 1 && Double.isFinite(perplexity), "perplexity must be at least 1, got " + perplexity);
            check(neighboursPerPerplexity >= 1, "neighbours per perplexity must be at least 1, got " + neighboursPerPerplexity);
            check(earlyExaggeration >= 1, "early exaggeration must be at least 1, got " + earlyExaggeration);
            check(exaggerationIterations >= 0 && iterations >= 0, "iteration counts must be non-negative");
            check(Double.isNaN(learningRate) || learningRate > 0, "learning rate must be positive or NaN (auto), got "
                    + learningRate);
            check(minGain > 0 && minGain <= 1, "min gain must lie in (0, 1], got " + minGain);
            check(boxesPerUnit > 0, "boxes per unit must be positive, got " + boxesPerUnit);
        }

        private static void check(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }

        /** Perplexity 30, kNN 90, exaggeration 12 for 250 iterations, 750 more, auto learning rate, two interpolation boxes per unit length. */
        public static Config defaults() {
            return new Config(30, 3, 12, 250, 750, Double.NaN, 0.01, false, 2);
        }

        public Config withExact(boolean exact) {
            return new Config(perplexity, neighboursPerPerplexity, earlyExaggeration, exaggerationIterations,
                    iterations, learningRate, minGain, exact, boxesPerUnit);
        }

        public Config withPerplexity(double p) {
            return new Config(p, neighboursPerPerplexity, earlyExaggeration, exaggerationIterations, iterations,
                    learningRate, minGain, exact, boxesPerUnit);
        }

        public Config withIterations(int exaggerated, int normal) {
            return new Config(perplexity, neighboursPerPerplexity, earlyExaggeration, exaggerated, normal,
                    learningRate, minGain, exact, boxesPerUnit);
        }
    }

    /**
     * An embedding and what it cost.
     *
     * @param embedding one coordinate per point
     * @param kl the final objective {@code KL(P || Q)}
     * @param iterations iterations run
     * @param neighbourSeconds time of the kNN search and affinities
     * @param optimisationSeconds time of the gradient descent
     */
    public record Result(double[] embedding, double kl, int iterations, double neighbourSeconds,
            double optimisationSeconds) {}

    /**
     * Embeds {@code n x d} row-major data in one dimension. Initialisation is the first column
     * (the first principal component when the data comes from {@link Pca}) scaled to standard
     * deviation 1e-4, so the result is deterministic and needs no seed.
     */
    public static Result run(double[] data, int n, int d, Config config) {
        if (n < 2 || data.length != (long) n * d) {
            throw new IllegalArgumentException("t-SNE needs at least 2 points of dimension " + d + ", got "
                    + data.length + " values for " + n + " points");
        }
        for (double v : data) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("t-SNE input contains NaN or infinite values");
            }
        }
        if (config.perplexity() >= n) {
            throw new IllegalArgumentException("perplexity " + config.perplexity() + " must be smaller than the number of"
                    + " points " + n);
        }
        long t0 = System.nanoTime();
        int k = (int) Math.min(n - 1, Math.floor(config.neighboursPerPerplexity() * config.perplexity() + 1));
        NearestNeighbours.Result nn = NearestNeighbours.find(data, n, d, k);
        Affinities.Csr p = Affinities.symmetrize(nn, Affinities.conditional(nn, config.perplexity()));
        long t1 = System.nanoTime();
        double[] y = initial(data, n, d);
        int its = optimise(y, p, config);
        double kl = kl(y, p, config.exact());
        long t2 = System.nanoTime();
        return new Result(y, kl, its, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
    }

    static double[] initial(double[] data, int n, int d) {
        double[] y = new double[n];
        double mean = 0;
        for (int i = 0; i < n; i++) {
            y[i] = data[i * d];
            mean += y[i];
        }
        mean /= n;
        double ss = 0;
        for (int i = 0; i < n; i++) {
            y[i] -= mean;
            ss += y[i] * y[i];
        }
        double sd = Math.sqrt(ss / n);
        if (sd == 0) {
            for (int i = 0; i < n; i++) {
                y[i] = (i - n / 2.0) / n; // degenerate input: spread evenly, deterministically
            }
            sd = Math.sqrt(n * n / 12.0) / n;
        }
        for (int i = 0; i < n; i++) {
            y[i] = y[i] / sd * 1e-4;
        }
        return y;
    }

    /** Gradient descent as scikit-learn's {@code _gradient_descent}; returns the iterations run. */
    static int optimise(double[] y, Affinities.Csr p, Config c) {
        int n = y.length;
        double lr = Double.isNaN(c.learningRate()) ? Math.max(n / c.earlyExaggeration() / 4, 50) : c.learningRate();
        double[] update = new double[n];
        double[] gains = new double[n];
        java.util.Arrays.fill(gains, 1);
        double[] attr = new double[n];
        double[] rep = new double[n];
        int total = c.exaggerationIterations() + c.iterations();
        for (int it = 0; it < total; it++) {
            boolean early = it < c.exaggerationIterations();
            double exaggeration = early ? c.earlyExaggeration() : 1;
            double momentum = early ? 0.5 : 0.8;
            attractive(y, p, attr);
            if (c.exact()) {
                exactRepulsion(y, rep);
            } else {
                FftRepulsion1D.compute(y, rep, c.boxesPerUnit());
            }
            for (int i = 0; i < n; i++) {
                double grad = 4 * (exaggeration * attr[i] - rep[i]);
                if (update[i] * grad < 0) {
                    gains[i] += 0.2;
                } else {
                    gains[i] = Math.max(gains[i] * 0.8, c.minGain());
                }
                update[i] = momentum * update[i] - lr * gains[i] * grad;
                y[i] += update[i];
            }
        }
        return total;
    }

    /** {@code sum_j p_ij (y_i - y_j) / (1 + (y_i - y_j)^2)}, in parallel over rows. */
    static void attractive(double[] y, Affinities.Csr p, double[] out) {
        int n = y.length;
        IntStream.range(0, (n + CHUNK - 1) / CHUNK).parallel().forEach(ch -> {
            int end = Math.min(n, (ch + 1) * CHUNK);
            for (int i = ch * CHUNK; i < end; i++) {
                double f = 0;
                double yi = y[i];
                for (int t = p.rowStart()[i]; t < p.rowStart()[i + 1]; t++) {
                    double diff = yi - y[p.columns()[t]];
                    f += p.values()[t] * diff / (1 + diff * diff);
                }
                out[i] = f;
            }
        });
    }

    /** Exact repulsive forces and Z, in parallel over rows with sums combined in chunk order. */
    static double exactRepulsion(double[] y, double[] out) {
        int n = y.length;
        int chunks = (n + CHUNK - 1) / CHUNK;
        double[] zParts = new double[chunks];
        IntStream.range(0, chunks).parallel().forEach(ch -> {
            int end = Math.min(n, (ch + 1) * CHUNK);
            double z = 0;
            for (int i = ch * CHUNK; i < end; i++) {
                double f = 0;
                double yi = y[i];
                for (int j = 0; j < n; j++) {
                    double diff = yi - y[j];
                    double k1 = 1 / (1 + diff * diff);
                    z += k1;
                    f += k1 * k1 * diff;
                }
                z -= 1; // the j == i term
                out[i] = f;
            }
            zParts[ch] = z;
        });
        double z = 0;
        for (double part : zParts) {
            z += part;
        }
        for (int i = 0; i < n; i++) {
            out[i] /= z;
        }
        return z;
    }

    /** {@code KL(P || Q) = sum p log p - sum p log(1 / (1 + d^2)) + log Z}. */
    static double kl(double[] y, Affinities.Csr p, boolean exact) {
        double[] scratch = new double[y.length];
        double z = exact ? exactRepulsion(y, scratch) : FftRepulsion1D.compute(y, scratch, 4);
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            for (int t = p.rowStart()[i]; t < p.rowStart()[i + 1]; t++) {
                double v = p.values()[t];
                if (v > 0) {
                    double diff = y[i] - y[p.columns()[t]];
                    s += v * (Math.log(v) + Math.log1p(diff * diff));
                }
            }
        }
        return s + Math.log(z);
    }
}
