package io.github.unode.core;

/**
 * A saved detector is refused: a file is missing, truncated or altered, or it was written by a
 * newer format version than this library reads.
 */
public class DetectorFormatException extends UnodeException {
    private static final long serialVersionUID = 1L;

    public DetectorFormatException(String message) {
        super(message);
    }

    public DetectorFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
