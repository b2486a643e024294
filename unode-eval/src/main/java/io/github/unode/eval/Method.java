package io.github.unode.eval;

import io.github.unode.data.ImageSet;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A novelty-detection method under evaluation: fitted on inliers only, it scores test images
 * (higher = more novel). The method itself (UNODE) and the baselines implement this, so every
 * protocol runs them side by side on the same splits.
 */
public interface Method {

    /**
     * The method called {@code name} that fits by {@code fit} (given the inliers and the run's
     * seed).
     */
    static Method named(String name, BiFunction<ImageSet, Long, Fitted> fit) {
        java.util.Objects.requireNonNull(name, "name");
        java.util.Objects.requireNonNull(fit, "fit");
        return new Method() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Fitted fit(ImageSet inliers, long seed) {
                return fit.apply(inliers, seed);
            }
        };
    }

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
        /**
         * The fitted method that scores by {@code score} and releases what it holds by
         * {@code close}; it has one score variant and no threshold.
         */
        static Fitted of(Function<ImageSet, double[]> score, Runnable close) {
            java.util.Objects.requireNonNull(score, "score");
            java.util.Objects.requireNonNull(close, "close");
            return new Fitted() {
                @Override
                public double[] score(ImageSet images) {
                    return score.apply(images);
                }

                @Override
                public void close() {
                    close.run();
                }
            };
        }

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

        /**
         * What the fit chose from the training data alone, by name (e.g. weights chosen per
         * task), for the report; empty when it chose nothing worth reporting.
         */
        default java.util.Map<String, String> notes() {
            return java.util.Map.of();
        }

        /** The calibrated operating threshold, or NaN when the method has none. */
        default double threshold() {
            return Double.NaN;
        }

        @Override
        void close();
    }
}
