package io.github.unode.augment.auto;

/**
 * The symmetric joint affinities {@code P} of t-SNE as a compressed-sparse-row matrix: row
 * {@code i} holds columns {@code columns[rowStart[i] .. rowStart[i + 1])}, increasing, with
 * their values. The entries sum to 1 (METHOD 3.3; van der Maaten 2014, eq. 1 with the k-NN
 * support of openTSNE and scikit-learn's Barnes-Hut path).
 */
record SparseAffinities(int n, int[] rowStart, int[] columns, double[] values) {

    SparseAffinities {
        if (rowStart.length != n + 1 || columns.length != values.length || rowStart[n] != columns.length) {
            throw new IllegalArgumentException("inconsistent CSR arrays for n=" + n);
        }
    }

    /** Number of stored entries. */
    int nonZeros() {
        return columns.length;
    }

    /** The value at {@code (i, j)}, 0 when not stored (binary search in row {@code i}). */
    double get(int i, int j) {
        int lo = rowStart[i];
        int hi = rowStart[i + 1] - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = columns[mid];
            if (c < j) {
                lo = mid + 1;
            } else if (c > j) {
                hi = mid - 1;
            } else {
                return values[mid];
            }
        }
        return 0;
    }
}
