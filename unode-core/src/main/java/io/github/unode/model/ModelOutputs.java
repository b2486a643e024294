package io.github.unode.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.Objects;

/**
 * The three outputs of a {@link UnodeModel} for a batch of {@code B} images, by name.
 *
 * @param projection {@code z = g(f(x))}, {@code (B, 128)}: what the contrastive loss compares
 * @param logits {@code h(f(x))}, {@code (B, K)}: the head's logits, class 0 the negatives'
 * @param features {@code f(x)}, {@code (B, d)}: the encoder's features
 */
public record ModelOutputs(NDArray projection, NDArray logits, NDArray features) implements AutoCloseable {
    /** Checks that all three outputs are given. */
    public ModelOutputs {
        Objects.requireNonNull(projection, "projection");
        Objects.requireNonNull(logits, "logits");
        Objects.requireNonNull(features, "features");
    }

    /**
     * The outputs of {@link UnodeModel#forward}, the list DJL's {@code Block} contract returns.
     *
     * @throws IllegalArgumentException if {@code out} does not hold exactly three arrays
     */
    public static ModelOutputs of(NDList out) {
        if (out.size() != 3) {
            throw new IllegalArgumentException("a UnodeModel has 3 outputs (projection, logits, features), got "
                    + out.size());
        }
        return new ModelOutputs(out.get(0), out.get(1), out.get(2));
    }

    /** The outputs as the list a DJL {@code Block} returns: projection, logits, features. */
    public NDList toList() {
        return new NDList(projection, logits, features);
    }

    /** Closes the three arrays. */
    @Override
    public void close() {
        projection.close();
        logits.close();
        features.close();
    }
}
