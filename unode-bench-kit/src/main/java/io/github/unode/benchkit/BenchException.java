package io.github.unode.benchkit;

/** A benchmark input that cannot be used: a bad gates or summary file, a detector that does not load. */
public class BenchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BenchException(String message) {
        super(message);
    }

    public BenchException(String message, Throwable cause) {
        super(message, cause);
    }
}
