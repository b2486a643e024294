package io.github.unode.train;

/**
 * How a training step draws the negatives of its batch {@code x} and how the two positive views
 * see them (METHOD 4.1). The batch is {@code [t(x), t(n1) | t'(x), t'(n2)]} in every case.
 */
public enum NegativeDraw {
    /**
     * Two independent draws per image, {@code n1 = Gamma(x)} and {@code n2 = Gamma(x)}, each image
     * with its own composition (the library's first form, METHOD 3.7). With
     * {@link Losses.ContrastiveForm#ALL_ANCHORS} the two different negatives of {@code x_i} are
     * trained as positives of each other.
     */
    INDEPENDENT,
    /**
     * One negative per image, {@code n = Gamma(x)}, its own composition per image, seen through both
     * views: {@code n1 = n2 = n}.
     */
    PER_IMAGE,
    /**
     * The paper's section 3.1 and eq. 10: one composition {@code s*} drawn per batch and applied to
     * the whole batch, {@code n = s*(x)}, each negative seen through both views ({@code n1 = n2 = n}).
     */
    PER_BATCH
}
