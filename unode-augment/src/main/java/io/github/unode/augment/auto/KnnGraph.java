package io.github.unode.augment.auto;

/**
 * The exact k-nearest-neighbour graph of a point set: for every point, its {@code k} nearest other
 * points by Euclidean distance, nearest first (ties broken by the lower index), with their squared
 * distances. Row {@code i} occupies {@code [i * k, (i + 1) * k)} of both arrays.
 *
 * <p>This is the sparse support of the t-SNE input affinities (METHOD 3.3: k = 3 x perplexity),
 * as in openTSNE and scikit-learn's Barnes-Hut path.
 */
record KnnGraph(int n, int k, int[] indices, double[] sqDistances) {

    KnnGraph {
        if (n < 2 || k < 1 || k > n - 1) {
            throw new IllegalArgumentException("a k-NN graph needs 1 <= k <= n - 1, got n=" + n + ", k=" + k);
        }
        if (indices.length != (long) n * k || sqDistances.length != (long) n * k) {
            throw new IllegalArgumentException("a k-NN graph of n=" + n + ", k=" + k + " needs " + ((long) n * k)
                    + " entries, got " + indices.length + " indices and " + sqDistances.length + " distances");
        }
    }
}
