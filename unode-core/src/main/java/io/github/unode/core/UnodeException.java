package io.github.unode.core;

/**
 * Base of every exception unode throws on purpose. Each subclass names one kind of problem, and
 * its message says what was wrong and what to do about it.
 */
public class UnodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnodeException(String message) {
        super(message);
    }

    public UnodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
