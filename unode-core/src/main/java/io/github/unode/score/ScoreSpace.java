package io.github.unode.score;

import io.github.unode.model.UnodeModel;

/**
 * Which representation {@code z} the similarity term {@code O_sim} compares (METHOD section 6).
 */
public enum ScoreSpace {
    /** The projection {@code g(f(x))}, as in the paper's eq. 13. */
    PROJECTION(UnodeModel.PROJECTION),
    /** The encoder features {@code f(x)}, the representation SimCLR found better downstream. */
    FEATURES(UnodeModel.FEATURES);

    private final int output;

    ScoreSpace(int output) {
        this.output = output;
    }

    /** Index of this space among {@link UnodeModel}'s outputs. */
    public int output() {
        return output;
    }
}
