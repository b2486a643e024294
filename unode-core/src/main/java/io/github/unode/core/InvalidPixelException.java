package io.github.unode.core;

/** Pixel values are NaN, infinite, or outside the range [0, 1] that unode works in. */
public class InvalidPixelException extends UnodeException {
    private static final long serialVersionUID = 1L;

    public InvalidPixelException(String message) {
        super(message);
    }
}
