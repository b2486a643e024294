package io.github.unode.internal;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.github.unode.core.ImageShapeException;

/**
 * The one place where unode reaches below DJL's engine-neutral API into the PyTorch engine.
 * Everything PyTorch-specific (grad mode, in-place gradient reset, NCHW interpolation, thread
 * counts) is here, so that the rest of the code reads as plain DJL.
 */
public final class Engines {
    /** The engine unode runs on. */
    public static final String ENGINE = "PyTorch";

    private Engines() {}

    /** The PyTorch engine, started if needed. */
    public static Engine engine() {
        return Engine.getEngine(ENGINE);
    }

    /**
     * Switches libtorch's autograd recording off on the current thread until the returned
     * handle is closed, then restores what was there. libtorch's grad mode is per thread and is
     * on by default on a new thread; inference and in-place weight updates need it off.
     */
    public static GradMode noGrad() {
        engine();
        boolean before = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        return new GradMode(before);
    }

    /** Restores the grad mode that was on before {@link #noGrad()}. */
    public static final class GradMode implements AutoCloseable {
        private final boolean before;

        private GradMode(boolean before) {
            this.before = before;
        }

        @Override
        public void close() {
            JniUtils.setGradMode(before);
        }
    }

    /**
     * A float32 copy of {@code array} that owns its memory.
     *
     * <p>Why this exists: on the PyTorch engine {@code toType(FLOAT32, true)} of a float32 array
     * is <em>not</em> a copy (it returns another handle on the same storage), and an array made by
     * {@code NDManager.create(float[] ...)} lives in a Java direct buffer that is freed when that
     * array's Java object is gone. A view or alias that outlives the array it was made from then
     * reads freed memory. Whenever data must outlive the array it came from, copy it with this.
     */
    public static NDArray ownedFloatCopy(NDArray array) {
        return array.getDataType() == ai.djl.ndarray.types.DataType.FLOAT32
                ? array.duplicate()
                : array.toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
    }

    /** Sets the gradient of a parameter to zero in place (DJL's own optimisers do this natively). */
    public static void zeroGrad(NDArray parameter) {
        JniUtils.zeroGrad((PtNDArray) parameter);
    }

    /**
     * Resizes a batch {@code (N, C, H, W)} to {@code (N, C, height, width)}: bilinear
     * interpolation (no corner alignment), or area averaging, which is the right choice when
     * shrinking an image by a large factor.
     */
    public static NDArray resize(NDArray batch, int height, int width, boolean area) {
        if (batch.getShape().dimension() != 4) {
            throw new ImageShapeException("resize expects (N, C, H, W), got " + batch.getShape());
        }
        // native modes of DJL's torchNNInterpolate: 2 = bilinear, 5 = area
        return JniUtils.interpolate((PtNDArray) batch, new long[] {height, width}, area ? 5 : 2, false);
    }

    /** Number of threads libtorch uses inside one operator. */
    public static int intraOpThreads() {
        engine();
        return JniUtils.getNumThreads();
    }

    /** Number of threads libtorch uses to run independent operators in parallel. */
    public static int interOpThreads() {
        engine();
        return JniUtils.getNumInteropThreads();
    }

    /**
     * Sets libtorch's intra-op thread count (takes effect at once, process-wide).
     *
     * @param threads at least 1
     */
    public static void setIntraOpThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("intra-op threads must be at least 1, got " + threads);
        }
        engine();
        JniUtils.setNumThreads(threads);
    }

    /** Engine name and version, for provenance. */
    public static String describe() {
        Engine e = engine();
        return e.getEngineName() + " " + e.getVersion() + " (DJL " + Engine.getDjlVersion() + ")";
    }
}
