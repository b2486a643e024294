package io.github.unode.augment.auto;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.unode.core.Engines;

/**
 * Exact k-nearest neighbours by squared Euclidean distance, as blocked matrix products with a
 * top-k per block of queries on the engine: {@code O(n^2 d)} arithmetic, but at the engine's
 * matrix-multiply rate, which beats tree searches in the 50 dimensions PCA leaves.
 */
final class NearestNeighbours {
    private static final int QUERY_BLOCK = 2048;

    private NearestNeighbours() {}

    /** Neighbour indices and squared distances, {@code n x k} row-major, nearest first, self excluded. */
    record Result(int[] indices, double[] distances, int k) {}

    static Result find(double[] data, int n, int d, int k) {
        if (k < 1 || k >= n) {
            throw new IllegalArgumentException("k must lie in [1, n - 1] = [1, " + (n - 1) + "], got " + k);
        }
        int[] idx = new int[n * k];
        double[] dist = new double[n * k];
        int take = Math.min(n, k + 1); // the point itself is (almost always) among its own nearest
        try (NDManager m = NDManager.newBaseManager(); Engines.GradMode g = Engines.noGrad()) {
            NDArray x = m.create(data, new Shape(n, d)).toType(DataType.FLOAT32, false);
            NDArray sq = x.square().sum(new int[] {1});
            float[] sqv = sq.toFloatArray();
            NDArray sqRow = sq.reshape(1, n);
            NDArray xt = x.transpose();
            for (int from = 0; from < n; from += QUERY_BLOCK) {
                int to = Math.min(n, from + QUERY_BLOCK);
                try (NDManager scope = m.newSubManager()) {
                    NDArray q = x.get(from + ":" + to).mul(-2f);
                    q.attach(scope);
                    // |x_j|^2 - 2 q.x_j orders the candidates like |q - x_j|^2: |q|^2 is added back below
                    NDArray partial = q.matMul(xt).add(sqRow);
                    partial.attach(scope);
                    NDList top = partial.topK(take, 1, false, true);
                    float[] v = top.get(0).toFloatArray();
                    long[] ix = top.get(1).toLongArray();
                    for (int r = 0; r < to - from; r++) {
                        int i = from + r;
                        int out = 0;
                        for (int t = 0; t < take && out < k; t++) {
                            int j = (int) ix[r * take + t];
                            if (j == i) {
                                continue;
                            }
                            idx[i * k + out] = j;
                            dist[i * k + out] = Math.max(0, v[r * take + t] + sqv[i]);
                            out++;
                        }
                    }
                }
            }
        }
        return new Result(idx, dist, k);
    }
}
