package io.github.unode.internal;

import ai.djl.ndarray.NDArray;
import io.github.unode.core.InvalidPixelException;

/** The one check of pixel values unode makes, on image sets as they are made and on images to score. */
public final class Pixels {
    private Pixels() {}

    /**
     * Checks that every value of {@code x} is finite and in {@code [0, 1]}.
     *
     * @param what names the images in the message, e.g. the set's name
     * @throws InvalidPixelException naming {@code what} and what is wrong
     */
    public static void check(NDArray x, String what) {
        if (x.size() == 0) {
            return;
        }
        // the common case, valid pixels, in two reductions rather than four: the engine's min and
        // max are NaN where any value is, and an infinity lies outside [0, 1]; anything else is
        // looked at again below, for the message
        float low = x.min().getFloat();
        float high = x.max().getFloat();
        if (low >= 0f && high <= 1f) {
            return;
        }
        if (x.isNaN().any().getBoolean()) {
            throw new InvalidPixelException(
                    what + ": contains NaN pixel values; clean the source images before use");
        }
        if (x.isInfinite().any().getBoolean()) {
            throw new InvalidPixelException(
                    what + ": contains infinite pixel values; clean the source images before use");
        }
        float min = x.min().getFloat();
        float max = x.max().getFloat();
        if (min < 0f || max > 1f) {
            throw new InvalidPixelException(
                    what + ": pixel values must lie in [0, 1] but range over [" + min + ", " + max
                            + "]; divide 8-bit images by 255 (ImageSet.fromBytes does this)");
        }
    }
}
