package io.github.unode.core;

/** Labels do not match the images they are given with (count, or a label that is asked for but absent). */
public class LabelMismatchException extends UnodeException {
    private static final long serialVersionUID = 1L;

    public LabelMismatchException(String message) {
        super(message);
    }
}
