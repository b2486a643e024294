package io.github.unode.augment.auto;

/**
 * The outcome of a {@link TSne1D} run.
 *
 * @param y the 1-D embedding, one coordinate per input row, centred at 0 (the accessor returns a
 *     copy)
 * @param kl the objective {@code KL(P || Q)} of the final embedding, in nats: with the exact
 *     normalisation {@code Z} for the exact gradient or up to {@link TSne1D#EXACT_KL_MAX_POINTS}
 *     points, with the FFT estimate of {@code Z} above that
 * @param iterations gradient steps taken (exaggerated plus normal)
 * @param learningRate the step size used in both phases
 * @param neighbours k of the k-NN graph behind {@code P}
 * @param affinitySeconds wall time of the k-NN search, the perplexity calibration and the
 *     symmetrisation
 * @param optimisationSeconds wall time of the initialisation and the gradient descent
 */
public record TSneResult(double[] y, double kl, int iterations, double learningRate, int neighbours,
                         double affinitySeconds, double optimisationSeconds) {

    /** Copies {@code y}, so the result cannot be changed from outside. */
    public TSneResult {
        y = y.clone();
    }

    /** The embedding (a copy). */
    @Override
    public double[] y() {
        return y.clone();
    }

    /** The number of embedded points. */
    public int size() {
        return y.length;
    }

    /** Total wall time in seconds. */
    public double seconds() {
        return affinitySeconds + optimisationSeconds;
    }
}
