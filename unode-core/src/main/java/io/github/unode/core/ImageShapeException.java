package io.github.unode.core;

/** An image or batch does not have the channel count or size that was expected. */
public class ImageShapeException extends UnodeException {
    private static final long serialVersionUID = 1L;

    public ImageShapeException(String message) {
        super(message);
    }
}
