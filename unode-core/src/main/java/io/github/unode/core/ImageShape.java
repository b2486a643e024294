package io.github.unode.core;

import ai.djl.ndarray.types.Shape;

/**
 * Channels, height and width of one image. Immutable and validated.
 *
 * @param channels number of channels, 1 for grey and 3 for colour (any positive count works)
 * @param height image height in pixels
 * @param width image width in pixels
 */
public record ImageShape(int channels, int height, int width) {

    public ImageShape {
        if (channels < 1 || height < 1 || width < 1) {
            throw new ImageShapeException(
                    "image shape must have positive channels, height and width, got "
                            + channels + "x" + height + "x" + width);
        }
    }

    /** Grey images of the given side. */
    public static ImageShape grey(int side) {
        return new ImageShape(1, side, side);
    }

    /** Colour (RGB) images of the given side. */
    public static ImageShape rgb(int side) {
        return new ImageShape(3, side, side);
    }

    /** Reads the per-image shape from a batch shape {@code (N, C, H, W)} or an image shape {@code (C, H, W)}. */
    public static ImageShape of(Shape shape) {
        int d = shape.dimension();
        if (d != 3 && d != 4) {
            throw new ImageShapeException(
                    "expected an image (C, H, W) or a batch (N, C, H, W), got shape " + shape);
        }
        return new ImageShape(
                (int) shape.get(d - 3), (int) shape.get(d - 2), (int) shape.get(d - 1));
    }

    /** Number of values in one image. */
    public int pixels() {
        return channels * height * width;
    }

    /** The batch shape {@code (n, C, H, W)}. */
    public Shape batchShape(long n) {
        return new Shape(n, channels, height, width);
    }

    /**
     * Throws an {@link ImageShapeException} naming both shapes unless {@code actual} equals this.
     *
     * @param actual the shape that was given
     * @param what what the images are, for the message (e.g. "test images")
     */
    public void require(ImageShape actual, String what) {
        if (!equals(actual)) {
            throw new ImageShapeException(
                    what + " have shape " + actual + " but " + this + " is expected"
                            + (actual.channels != channels
                                    ? " (the channel count differs: give " + channels + "-channel images;"
                                            + " ImageSets.folder(dir, shape) converts grey and colour image files as it"
                                            + " reads them)"
                                    : " (resize them first, e.g. ImageSet.resized(shape))"));
        }
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
