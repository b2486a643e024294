package io.github.unode.core;

/**
 * A data file cannot be read: unreadable, truncated, or with a header that contradicts its
 * content. The message names the file and what is wrong with it.
 */
public class DataFormatException extends UnodeException {
    private static final long serialVersionUID = 1L;

    public DataFormatException(String message) {
        super(message);
    }

    public DataFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
