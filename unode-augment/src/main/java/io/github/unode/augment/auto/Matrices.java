package io.github.unode.augment.auto;

import io.github.unode.core.EmptyDataException;

/** Input checks and layout helpers shared by the AutoAugOOD numerics. */
final class Matrices {
    private Matrices() {
    }

    /**
     * Checks that {@code x} is a non-empty matrix of equal-length, finite rows and returns the row
     * length. {@code what} names the matrix in messages.
     *
     * @throws EmptyDataException if there are no rows or the rows are empty
     * @throws IllegalArgumentException on ragged rows or a NaN / infinite entry
     */
    static int checkRows(double[][] x, String what) {
        if (x == null || x.length == 0) {
            throw new EmptyDataException(what + " has no rows: pass at least one feature vector");
        }
        if (x[0] == null || x[0].length == 0) {
            throw new EmptyDataException(what + " has rows of length 0: feature vectors need at least one value");
        }
        int d = x[0].length;
        for (int i = 0; i < x.length; i++) {
            double[] row = x[i];
            if (row == null || row.length != d) {
                throw new IllegalArgumentException(what + ": row " + i + " has "
                        + (row == null ? "no values (null)" : row.length + " values") + ", but row 0 has " + d
                        + "; all feature vectors must have the same length");
            }
            for (int c = 0; c < d; c++) {
                if (!Double.isFinite(row[c])) {
                    throw new IllegalArgumentException(what + ": value " + row[c] + " at row " + i + ", column " + c
                            + "; features must be finite (check the feature extractor's input for NaN pixels"
                            + " and its numerics)");
                }
            }
        }
        return d;
    }

    /** The rows of {@code x} (n x d) copied into one row-major array. */
    static double[] flatten(double[][] x, int d) {
        double[] out = new double[x.length * d];
        for (int i = 0; i < x.length; i++) {
            System.arraycopy(x[i], 0, out, i * d, d);
        }
        return out;
    }
}
