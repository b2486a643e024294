package io.github.unode.core;

/**
 * A value that must be finite is NaN or infinite: a training loss, a trained weight, an
 * embedding of the bank, a balancing weight or a held-out score. unode refuses to go on (and
 * never returns a detector) rather than hand back something that scores NaN.
 */
public class NotFiniteException extends UnodeException {
    private static final long serialVersionUID = 1L;

    public NotFiniteException(String message) {
        super(message);
    }
}
