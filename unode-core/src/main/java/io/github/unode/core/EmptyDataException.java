package io.github.unode.core;

/** A data set is empty, or too small for the operation asked of it. */
public class EmptyDataException extends UnodeException {
    private static final long serialVersionUID = 1L;

    public EmptyDataException(String message) {
        super(message);
    }
}
