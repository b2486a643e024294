package io.github.unode.augment.auto;

import io.github.unode.core.RandomSource;

/** Seeded synthetic data for the AutoAugOOD numerics tests. */
final class TestData {
    private TestData() {
    }

    /** {@code n} points of N(0, I) in {@code d} dimensions. */
    static double[][] gaussian(int n, int d, long seed) {
        RandomSource r = new RandomSource(seed);
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int c = 0; c < d; c++) {
                row[c] = r.nextGaussian();
            }
        }
        return x;
    }

    /**
     * {@code clusters} Gaussian clusters of {@code perCluster} unit-variance points each, in
     * {@code d} dimensions: centre c has coordinate {@code c * separation / sqrt(d)} on every
     * axis, so consecutive centres are {@code separation} standard deviations apart. Rows are
     * grouped by cluster.
     */
    static double[][] clusters(int clusters, int perCluster, int d, double separation, long seed) {
        RandomSource r = new RandomSource(seed);
        double[][] x = new double[clusters * perCluster][d];
        double offset = separation / Math.sqrt(d);
        for (int c = 0; c < clusters; c++) {
            for (int i = 0; i < perCluster; i++) {
                double[] row = x[c * perCluster + i];
                for (int e = 0; e < d; e++) {
                    row[e] = c * offset + r.nextGaussian();
                }
            }
        }
        return x;
    }

    /** Row-major copy. */
    static double[] flat(double[][] x) {
        return Matrices.flatten(x, x[0].length);
    }
}
