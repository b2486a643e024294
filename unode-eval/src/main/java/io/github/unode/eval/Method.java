package io.github.unode.eval;

import io.github.unode.data.ImageSet;

/**
 * A novelty-detection method under evaluation: fitted on inliers only, it scores test images
 * (higher = more novel). The method itself (UNODE) and the baselines implement this, so every
 * protocol runs them side by side on the same splits.
 */
public interface Method {

    /** A short name for tables ("UNODE", "raw-pixel NN", ...). */
    String name();

    /**
     * Fits on inliers.
     *
     * @param inliers the training inliers (not modified or closed)
     * @param seed the run's seed
     */
    Fitted fit(ImageSet inliers, long seed);

    /** A fitted method. */
    interface Fitted extends AutoCloseable {
        /** Novelty scores of every image of the set, higher = more novel. */
        double[] score(ImageSet images);

        /**
         * The score and, for methods whose score has parts, each part alone, keyed by a variant
         * name: {@code ""} is {@link #score}, the method's own score; other keys (e.g.
         * "similarity only") are ablations of it computed from the same fit (the paper's Table 6).
         * Protocols report every variant as its own row, named {@code "name (variant)"}.
         */
        default java.util.Map<String, double[]> scoreVariants(ImageSet images) {
            return java.util.Map.of("", score(images));
        }

        /** The calibrated operating threshold, or NaN when the method has none. */
        default double threshold() {
            return Double.NaN;
        }

        @Override
        void close();
    }
}
