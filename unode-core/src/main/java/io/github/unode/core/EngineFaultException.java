package io.github.unode.core;

/**
 * The engine computes something wrongly on this machine, so that continuing would give a
 * silently wrong result (for example libtorch's convolution input gradients on CPUs where its
 * oneDNN kernels are faulty: see {@link io.github.unode.model.ConvolutionCheck}). The message names the fault and the
 * fix.
 */
public class EngineFaultException extends UnodeException {
    private static final long serialVersionUID = 1L;

    public EngineFaultException(String message) {
        super(message);
    }
}
