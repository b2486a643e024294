package io.github.unode.augment.auto;

import io.github.unode.core.EmptyDataException;
import io.github.unode.core.RandomSource;
import io.github.unode.internal.Stats;
import java.util.Arrays;
import java.util.Objects;

/**
 * One-dimensional t-SNE (van der Maaten and Hinton 2008) in linear time, as METHOD 3.3 asks for
 * AutoAugOOD's joint embedding of the original and augmented feature sets.
 *
 * <p>The recipe is openTSNE's / FIt-SNE's, with scikit-learn's optimiser settings:
 * <ol>
 *   <li>Affinities: exact k-nearest neighbours, k = min(n - 1, floor(3 x perplexity)) (blocked
 *   brute force, see {@code ExactKnn}); per-point Gaussian bandwidths by scikit-learn's bisection
 *   on the perplexity; {@code P = (P_cond + P_cond^T) / sum}, sparse.</li>
 *   <li>Initialisation: the data's first principal component scaled to standard deviation 1e-4
 *   (openTSNE's default), or Gaussian noise of that scale from the seed.</li>
 *   <li>Gradient {@code 4 sum_j (alpha p_ij - q_ij) (y_i - y_j) / (1 + (y_i - y_j)^2)}: the
 *   attractive part from the sparse P in O(nk); the repulsive part and Z by FIt-SNE's FFT-based
 *   interpolation ({@code Repulsion.Interpolated}: at least 50 boxes and at least 4 per unit of
 *   span, 3 Lagrange nodes per box, forces within about 1e-3 of the exact ones), or, in
 *   {@link #exact}, over all pairs.</li>
 *   <li>Gradient descent with momentum and delta-bar-delta gains (scikit-learn's
 *   {@code _gradient_descent}: gain + 0.2 where the step changed sign, x 0.8 elsewhere, at
 *   least {@code minGain}); early exaggeration 12 with momentum 0.5 for 250 steps, then 750
 *   steps without exaggeration at momentum 0.8, velocities and gains reset between the two;
 *   the embedding is re-centred after every step (openTSNE).</li>
 *   <li>Learning rate "auto": scikit-learn's {@code max(n / early_exaggeration / 4, 50)}, kept
 *   for both phases.</li>
 * </ol>
 *
 * <p>Deterministic: the same input and options give a bit-identical embedding whatever the
 * number of threads. Every parallel loop writes disjoint outputs and every sum is added in a
 * fixed chunk order.
 */
public final class TSne1D {
    /** The default seed of every random draw (Tribuo's convention: one documented default). */
    public static final long DEFAULT_SEED = 12345L;
    /** Up to this many points the final KL uses the exact normalisation (O(n^2) once). */
    public static final int EXACT_KL_MAX_POINTS = 5000;
    /** Standard deviation of the initial embedding (openTSNE). */
    static final double INIT_SD = 1e-4;
    /** FIt-SNE's interpolation nodes per box. */
    static final int NODES_PER_BOX = 3;
    private static final int CHUNK = 1024;

    private TSne1D() {
    }

    /** How the embedding starts. */
    public enum Initialisation {
        /** The first principal component of the input, scaled to sd 1e-4 (openTSNE's default). */
        PCA,
        /** Independent N(0, 1e-4^2) draws from the seed. */
        RANDOM
    }

    /**
     * The settings of a run, immutable and validated. {@link #defaults()} are METHOD 3.3's.
     *
     * @param perplexity target perplexity of each conditional distribution (30)
     * @param neighbours k of the k-NN graph, 0 for {@code floor(3 x perplexity)}; always capped at
     *     n - 1
     * @param earlyExaggeration factor on P during the first phase (12)
     * @param exaggerationIterations steps of the first phase (250)
     * @param iterations steps of the second, unexaggerated phase (750)
     * @param learningRate step size, 0 for scikit-learn's "auto" {@code max(n / 12 / 4, 50)}
     * @param initialMomentum momentum of the first phase (0.5)
     * @param finalMomentum momentum of the second phase (0.8)
     * @param minGain lower bound of the per-coordinate gains (0.01)
     * @param initialisation {@link Initialisation#PCA} or {@link Initialisation#RANDOM}
     * @param seed seed of every random draw
     * @param threads worker threads, 0 for one per available processor; the result does not
     *     depend on it
     */
    public record Options(double perplexity, int neighbours, double earlyExaggeration, int exaggerationIterations,
                          int iterations, double learningRate, double initialMomentum, double finalMomentum,
                          double minGain, Initialisation initialisation, long seed, int threads) {

        /** Validates every field; messages name the bad value. */
        public Options {
            if (!(perplexity > 0) || Double.isInfinite(perplexity)) {
                throw new IllegalArgumentException("perplexity must be a positive number (typically 5-50), got "
                        + perplexity);
            }
            if (neighbours < 0) {
                throw new IllegalArgumentException("neighbours must be >= 0 (0 = 3 x perplexity), got " + neighbours);
            }
            if (neighbours > 0 && neighbours < perplexity) {
                throw new IllegalArgumentException("neighbours (" + neighbours + ") must be at least the perplexity ("
                        + perplexity + "); use 0 for 3 x perplexity");
            }
            if (!(earlyExaggeration >= 1) || Double.isInfinite(earlyExaggeration)) {
                throw new IllegalArgumentException("earlyExaggeration must be >= 1, got " + earlyExaggeration);
            }
            if (exaggerationIterations < 0 || iterations < 0) {
                throw new IllegalArgumentException("iteration counts must be >= 0, got exaggerationIterations="
                        + exaggerationIterations + ", iterations=" + iterations);
            }
            if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("learningRate must be > 0, or 0 for auto, got " + learningRate);
            }
            if (!(initialMomentum >= 0 && initialMomentum < 1) || !(finalMomentum >= 0 && finalMomentum < 1)) {
                throw new IllegalArgumentException("momenta must be in [0, 1), got " + initialMomentum + " and "
                        + finalMomentum);
            }
            if (!(minGain > 0 && minGain <= 1)) {
                throw new IllegalArgumentException("minGain must be in (0, 1], got " + minGain);
            }
            Objects.requireNonNull(initialisation, "initialisation");
            if (threads < 0) {
                throw new IllegalArgumentException("threads must be >= 0 (0 = all processors), got " + threads);
            }
        }

        /** METHOD 3.3's settings: perplexity 30, exaggeration 12 for 250 steps, then 750 steps. */
        public static Options defaults() {
            return new Options(30, 0, 12, 250, 750, 0, 0.5, 0.8, 0.01, Initialisation.PCA, DEFAULT_SEED, 0);
        }

        /** A copy with another perplexity. */
        public Options withPerplexity(double value) {
            return new Options(value, neighbours, earlyExaggeration, exaggerationIterations, iterations,
                    learningRate, initialMomentum, finalMomentum, minGain, initialisation, seed, threads);
        }

        /** A copy with other phase lengths. */
        public Options withIterations(int exaggerated, int normal) {
            return new Options(perplexity, neighbours, earlyExaggeration, exaggerated, normal, learningRate,
                    initialMomentum, finalMomentum, minGain, initialisation, seed, threads);
        }

        /** A copy with another learning rate (0 = auto). */
        public Options withLearningRate(double value) {
            return new Options(perplexity, neighbours, earlyExaggeration, exaggerationIterations, iterations, value,
                    initialMomentum, finalMomentum, minGain, initialisation, seed, threads);
        }

        /** A copy with another initialisation. */
        public Options withInitialisation(Initialisation value) {
            return new Options(perplexity, neighbours, earlyExaggeration, exaggerationIterations, iterations,
                    learningRate, initialMomentum, finalMomentum, minGain, value, seed, threads);
        }

        /** A copy with another seed. */
        public Options withSeed(long value) {
            return new Options(perplexity, neighbours, earlyExaggeration, exaggerationIterations, iterations,
                    learningRate, initialMomentum, finalMomentum, minGain, initialisation, value, threads);
        }

        /** A copy with another thread count (0 = all processors). */
        public Options withThreads(int value) {
            return new Options(perplexity, neighbours, earlyExaggeration, exaggerationIterations, iterations,
                    learningRate, initialMomentum, finalMomentum, minGain, initialisation, seed, value);
        }

        /** The k used for {@code n} points. */
        int neighboursFor(int n) {
            int k = neighbours > 0 ? neighbours : (int) (3 * perplexity);
            return Math.max(1, Math.min(n - 1, k));
        }

        /** The learning rate used for {@code n} points. */
        double learningRateFor(int n) {
            return learningRate > 0 ? learningRate : Math.max(n / earlyExaggeration / 4, 50);
        }
    }

    /**
     * Embeds the rows of {@code x} (n x d, typically the 50 PCA scores) on a line, with the
     * FFT-accelerated gradient.
     *
     * @throws EmptyDataException if {@code x} has no rows
     * @throws IllegalArgumentException on ragged rows, NaN or infinite values, fewer than 2
     *     points, or a perplexity the number of points cannot support (perplexity &gt; n - 1)
     */
    public static TSneResult fit(double[][] x, Options options) {
        return run(x, options, false);
    }

    /**
     * As {@link #fit}, but the repulsive forces and Z are summed over all pairs, O(n^2) per step:
     * the reference against which the FFT path is tested. Practical up to a few thousand points.
     */
    public static TSneResult exact(double[][] x, Options options) {
        return run(x, options, true);
    }

    private static TSneResult run(double[][] x, Options options, boolean exact) {
        Objects.requireNonNull(options, "options");
        int d = Matrices.checkRows(x, "t-SNE input");
        int n = x.length;
        checkPerplexity(n, options.perplexity());
        try (Parallel parallel = Parallel.create(options.threads())) {
            long t0 = System.nanoTime();
            int k = options.neighboursFor(n);
            KnnGraph graph = ExactKnn.compute(Matrices.flatten(x, d), n, d, k, parallel);
            SparseAffinities p = Affinities.joint(graph, Affinities.conditional(graph, options.perplexity(), parallel));
            long t1 = System.nanoTime();
            double[] y = initialise(x, d, options, parallel);
            Repulsion repulsion = exact ? new Repulsion.Exact(parallel)
                    : new Repulsion.Interpolated(parallel, NODES_PER_BOX);
            double lr = options.learningRateFor(n);
            optimise(y, p, repulsion, options.earlyExaggeration(), options.exaggerationIterations(),
                    options.initialMomentum(), lr, options.minGain(), parallel);
            optimise(y, p, repulsion, 1, options.iterations(), options.finalMomentum(), lr, options.minGain(),
                    parallel);
            Repulsion zSource = exact || n <= EXACT_KL_MAX_POINTS ? new Repulsion.Exact(parallel) : repulsion;
            double kl = klDivergence(y, p, zSource.compute(y, new double[n]), parallel);
            long t2 = System.nanoTime();
            return new TSneResult(y, kl, options.exaggerationIterations() + options.iterations(), lr, k,
                    (t1 - t0) / 1e9, (t2 - t1) / 1e9);
        }
    }

    static void checkPerplexity(int n, double perplexity) {
        if (n < 2) {
            throw new IllegalArgumentException("t-SNE needs at least 2 points, got " + n);
        }
        if (perplexity > n - 1) {
            throw new IllegalArgumentException("perplexity " + perplexity + " is too large for " + n
                    + " points: it must be at most n - 1 = " + (n - 1)
                    + " (each point needs that many neighbours); lower the perplexity or embed more points");
        }
    }

    /** The starting embedding: PCA's first scores, or seeded noise, at sd 1e-4. */
    static double[] initialise(double[][] x, int d, Options options, Parallel parallel) {
        int n = x.length;
        double[] y = new double[n];
        if (options.initialisation() == Initialisation.PCA) {
            Pca pca = Pca.fit(x, d, 1, parallel);
            double[] v = pca.component(0);
            double[] mean = pca.mean();
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int c = 0; c < d; c++) {
                    s += (x[i][c] - mean[c]) * v[c];
                }
                y[i] = s;
            }
            double sd = Stats.std(y);
            if (sd > 0 && Double.isFinite(sd)) {
                for (int i = 0; i < n; i++) {
                    y[i] *= INIT_SD / sd;
                }
                return y;
            }
            // All points project to one value (e.g. identical rows): nothing to keep, fall back to noise.
        }
        RandomSource random = new RandomSource(options.seed());
        for (int i = 0; i < n; i++) {
            y[i] = INIT_SD * random.nextGaussian();
        }
        return y;
    }

    /**
     * One phase of gradient descent (scikit-learn's {@code _gradient_descent} with the
     * exaggerated or plain P), velocities and gains starting afresh.
     */
    static void optimise(double[] y, SparseAffinities p, Repulsion repulsion, double exaggeration, int steps,
                         double momentum, double learningRate, double minGain, Parallel parallel) {
        int n = y.length;
        double[] rep = new double[n];
        double[] update = new double[n];
        double[] gains = new double[n];
        Arrays.fill(gains, 1.0);
        double[] next = new double[n];
        double[] attr = new double[n];
        Attraction attraction = new Attraction(p);
        for (int step = 0; step < steps; step++) {
            double z = repulsion.compute(y, rep);
            attraction.compute(y, attr, parallel);
            double invZ = 1 / Math.max(z, Double.MIN_NORMAL);
            double[] cur = y;
            parallel.forEach(n, CHUNK, (start, end) -> {
                for (int i = start; i < end; i++) {
                    double g = 4 * (exaggeration * attr[i] - rep[i] * invZ);
                    double u = update[i];
                    double gain = (u * g < 0) ? gains[i] + 0.2 : gains[i] * 0.8;
                    gain = Math.max(gain, minGain);
                    gains[i] = gain;
                    u = momentum * u - learningRate * gain * g;
                    update[i] = u;
                    next[i] = cur[i] + u;
                }
            });
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += next[i];
            }
            mean /= n;
            for (int i = 0; i < n; i++) {
                y[i] = next[i] - mean;
            }
        }
    }

    /** {@code KL(P || Q) = sum p log p - sum p log w + log Z} over the stored entries (sum p = 1). */
    static double klDivergence(double[] y, SparseAffinities p, double z, Parallel parallel) {
        int[] rowStart = p.rowStart();
        int[] cols = p.columns();
        double[] vals = p.values();
        double sum = parallel.sum(y.length, CHUNK, (start, end) -> {
            double s = 0;
            for (int i = start; i < end; i++) {
                for (int e = rowStart[i]; e < rowStart[i + 1]; e++) {
                    double pij = vals[e];
                    if (pij > 0) {
                        double diff = y[i] - y[cols[e]];
                        s += pij * (Math.log(pij) + Math.log1p(diff * diff));
                    }
                }
            }
            return s;
        });
        return sum + Math.log(z);
    }
}
