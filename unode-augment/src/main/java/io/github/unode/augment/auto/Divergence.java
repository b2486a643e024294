package io.github.unode.augment.auto;

/**
 * Which divergence AutoAugOOD measures between the inliers' 1-D density {@code P} and an
 * augmented set's {@code Q_k} (METHOD 3.5).
 */
public enum Divergence {
    /**
     * The paper's eq. 7, {@code J = KL(P || Q) + KL(Q || P)}, on log-densities computed exactly
     * (a log-sum-exp of the Gaussian kernels), so that no floor caps it: two Gaussians {@code d}
     * bandwidths apart are {@code d^2} nats apart however far {@code d} goes (the default).
     */
    SYMMETRIC_KL,
    /**
     * Eq. 7 on densities floored at {@link Kde#FLOOR} (METHOD 3.4's first form): the floor caps the
     * divergence near 40 nats, so past a modest shift (about 6 standard deviations) every
     * augmentation looks equally far. Kept to reproduce earlier figures.
     */
    SYMMETRIC_KL_FLOORED,
    /**
     * The Jensen-Shannon divergence {@code KL(P || M)/2 + KL(Q || M)/2}, {@code M = (P + Q)/2}, which
     * the paper's text names: bounded by {@code ln 2}, so sets that no longer overlap all score
     * about {@code ln 2} and the softmax at {@code tau = 1} weighs them nearly alike.
     */
    JENSEN_SHANNON
}
