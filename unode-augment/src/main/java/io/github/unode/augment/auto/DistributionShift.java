package io.github.unode.augment.auto;

import io.github.unode.core.EmptyDataException;
import io.github.unode.internal.Stats;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How far each augmentation moves the inliers, and the weights that follow (METHOD 3.3-3.6):
 * the numerical core of AutoAugOOD, independent of images, models and DJL.
 *
 * <p>Given the features {@code H} of n inliers and the features {@code H_k} of the same n
 * inliers after each augmentation {@code s_k}: all {@code (k + 1) n} rows are stacked, reduced
 * by PCA to 50 dimensions and embedded on a line by one joint t-SNE (so every set lives in the
 * same coordinates, as the public code does; METHOD 3.3), split back into sets, turned into
 * densities on one 512-point grid (3.4), compared with the original by the symmetric KL
 * divergence (3.5), and the divergences turned into weights by a softmax at temperature tau
 * (3.6).
 */
public final class DistributionShift {

    private DistributionShift() {
    }

    /**
     * Settings, immutable and validated; {@link #defaults()} are METHOD 3's.
     *
     * @param pcaComponents dimensions kept by PCA before the t-SNE (50)
     * @param tsne the t-SNE settings (perplexity 30, 250 + 750 steps)
     * @param gridPoints points of the KDE grid (512)
     * @param temperature the softmax temperature tau (1)
     * @param divergence the divergence between the densities ({@link Divergence#SYMMETRIC_KL})
     */
    public record Options(int pcaComponents, TSne1D.Options tsne, int gridPoints, double temperature,
            Divergence divergence) {

        /** Validates every field; messages name the bad value. */
        public Options {
            if (pcaComponents < 1) {
                throw new IllegalArgumentException("pcaComponents must be >= 1, got " + pcaComponents);
            }
            Objects.requireNonNull(tsne, "tsne options");
            if (gridPoints < 2) {
                throw new IllegalArgumentException("gridPoints must be >= 2, got " + gridPoints);
            }
            SoftmaxWeights.checkTemperature(temperature);
            Objects.requireNonNull(divergence, "divergence");
        }

        /** PCA to 50, METHOD's t-SNE, a 512-point grid, tau = 1. */
        public static Options defaults() {
            return new Options(Pca.DEFAULT_COMPONENTS, TSne1D.Options.defaults(), Kde.DEFAULT_POINTS,
                    SoftmaxWeights.DEFAULT_TEMPERATURE, Divergence.SYMMETRIC_KL);
        }

        /** A copy with other t-SNE settings. */
        public Options withTsne(TSne1D.Options value) {
            return new Options(pcaComponents, value, gridPoints, temperature, divergence);
        }

        /** A copy with another temperature. */
        public Options withTemperature(double value) {
            return new Options(pcaComponents, tsne, gridPoints, value, divergence);
        }

        /** A copy with another divergence. */
        public Options withDivergence(Divergence value) {
            return new Options(pcaComponents, tsne, gridPoints, temperature, value);
        }
    }

    /**
     * Where one set landed on the joint line.
     *
     * @param mean mean of the set's 1-D coordinates
     * @param sd standard deviation (population) of the set's 1-D coordinates
     */
    public record Placement(double mean, double sd) {
    }

    /**
     * The shift of one augmented set.
     *
     * @param index the augmentation's position in the input list
     * @param divergence {@code J_k = KL(P || Q_k) + KL(Q_k || P)}
     * @param weight its softmax weight
     * @param placement where its points landed
     */
    public record Shift(int index, double divergence, double weight, Placement placement) {
    }

    /**
     * Wall times of the steps, in seconds.
     *
     * @param pca PCA of the stacked features
     * @param affinities k-NN search and perplexity calibration
     * @param optimisation t-SNE initialisation and gradient descent
     * @param densities KDEs, divergences and weights
     */
    public record Timings(double pca, double affinities, double optimisation, double densities) {

        /** The sum of all steps. */
        public double total() {
            return pca + affinities + optimisation + densities;
        }
    }

    /**
     * The outcome of {@link #measure}.
     *
     * @param original where the original set landed
     * @param shifts one entry per augmented set, in input order
     * @param densities the KDE grid: density 0 is the original set, density k + 1 augmented set k
     * @param tsneKl the t-SNE's final KL objective
     * @param timings wall times of the steps
     */
    public record Report(Placement original, List<Shift> shifts, Kde.Grid densities, double tsneKl,
                         Timings timings) {

        /** Copies the list, so the report cannot be changed from outside. */
        public Report {
            shifts = List.copyOf(shifts);
        }

        /** The divergences, in input order. */
        public double[] divergences() {
            return shifts.stream().mapToDouble(Shift::divergence).toArray();
        }

        /** The weights, in input order; they sum to 1. */
        public double[] weights() {
            return shifts.stream().mapToDouble(Shift::weight).toArray();
        }
    }

    /**
     * Measures every augmented set against the original.
     *
     * @param original {@code H}: n x d features of the inliers
     * @param augmented {@code H_k}: for every augmentation, n x d features of the same inliers
     *     after it, row i from inlier i
     * @param options settings
     * @throws EmptyDataException if a set is empty or there are no augmented sets
     * @throws IllegalArgumentException if the sets differ in shape, hold NaN or infinite values,
     *     or are too small for the perplexity
     */
    public static Report measure(double[][] original, List<double[][]> augmented, Options options) {
        Objects.requireNonNull(options, "options");
        int d = Matrices.checkRows(original, "original features H");
        int n = original.length;
        if (augmented == null || augmented.isEmpty()) {
            throw new EmptyDataException("no augmented feature sets: pass H_k for at least one augmentation");
        }
        for (int k = 0; k < augmented.size(); k++) {
            double[][] h = augmented.get(k);
            int dk = Matrices.checkRows(h, "augmented features H_" + k);
            if (h.length != n || dk != d) {
                throw new IllegalArgumentException("augmented features H_" + k + " are " + h.length + " x " + dk
                        + " but the original H is " + n + " x " + d
                        + "; every H_k must hold the same inliers, one row each, from the same extractor");
            }
        }
        int sets = augmented.size() + 1;
        double[][] stacked = new double[sets * n][];
        System.arraycopy(original, 0, stacked, 0, n);
        for (int k = 0; k < augmented.size(); k++) {
            System.arraycopy(augmented.get(k), 0, stacked, (k + 1) * n, n);
        }
        TSne1D.checkPerplexity(stacked.length, options.tsne().perplexity());

        long t0 = System.nanoTime();
        double[][] reduced;
        try (Parallel parallel = Parallel.create(options.tsne().threads())) {
            reduced = Pca.fit(stacked, d, options.pcaComponents(), parallel).transform(stacked, parallel);
        }
        long t1 = System.nanoTime();
        TSneResult tsne = TSne1D.fit(reduced, options.tsne());
        long t2 = System.nanoTime();
        double[] y = tsne.y();
        double[][] coords = new double[sets][n];
        for (int s = 0; s < sets; s++) {
            System.arraycopy(y, s * n, coords[s], 0, n);
        }
        Kde.Grid grid = Kde.grid(coords, options.gridPoints());
        double[] p = grid.density(0);
        double[] j = new double[sets - 1];
        double[] logP = options.divergence() == Divergence.SYMMETRIC_KL
                ? Kde.logDensity(coords[0], grid.bandwidths()[0], grid.x()) : null;
        for (int k = 0; k < j.length; k++) {
            j[k] = switch (options.divergence()) {
                case SYMMETRIC_KL -> Divergences.symmetricKlFromLog(logP,
                        Kde.logDensity(coords[k + 1], grid.bandwidths()[k + 1], grid.x()));
                case SYMMETRIC_KL_FLOORED -> Divergences.symmetricKl(p, grid.density(k + 1));
                case JENSEN_SHANNON -> Divergences.jensenShannon(p, grid.density(k + 1));
            };
        }
        double[] w = SoftmaxWeights.softmax(j, options.temperature());
        long t3 = System.nanoTime();
        List<Shift> shifts = new ArrayList<>();
        for (int k = 0; k < j.length; k++) {
            shifts.add(new Shift(k, j[k], w[k], placement(coords[k + 1])));
        }
        Timings timings = new Timings((t1 - t0) / 1e9, tsne.affinitySeconds(), tsne.optimisationSeconds(),
                (t3 - t2) / 1e9);
        return new Report(placement(coords[0]), shifts, grid, tsne.kl(), timings);
    }

    private static Placement placement(double[] v) {
        return new Placement(Stats.mean(v), Stats.std(v));
    }
}
