package io.github.unode.core;

/**
 * Data cannot be read: a file unreadable, truncated, or with a header that contradicts its
 * content, or image folders laid out so that their classes cannot be matched. The message names
 * the file or folder and what is wrong with it.
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
