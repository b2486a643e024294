package io.github.unode.score;

import ai.djl.ndarray.NDArray;
import io.github.unode.model.ModelOutputs;

/**
 * Which representation {@code z} the similarity term {@code O_sim} compares (METHOD section 6).
 */
public enum ScoreSpace {
    /** The projection {@code g(f(x))}, as in the paper's eq. 13. */
    PROJECTION {
        @Override
        public NDArray of(ModelOutputs outputs) {
            return outputs.projection();
        }
    },
    /** The encoder features {@code f(x)}, the representation SimCLR found better downstream. */
    FEATURES {
        @Override
        public NDArray of(ModelOutputs outputs) {
            return outputs.features();
        }
    };

    /** This space's representation among a {@link io.github.unode.model.UnodeModel}'s outputs. */
    public abstract NDArray of(ModelOutputs outputs);
}
