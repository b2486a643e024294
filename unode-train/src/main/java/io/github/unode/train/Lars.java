package io.github.unode.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import io.github.unode.core.NotFiniteException;
import io.github.unode.internal.Engines;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Layer-wise adaptive rate scaling over SGD with momentum (METHOD 4.7), as a DJL
 * {@link Optimizer}. Per parameter tensor {@code w} with gradient {@code g}:
 *
 * <pre>
 * local_lr = trust * |w| / (|g| + wd * |w| + eps)      (1 where |w| or |g| is 0)
 * g'       = (g + wd * w) * local_lr
 * buf      = momentum * buf + g'
 * w       -= lr * buf
 * </pre>
 *
 * This is PyTorch's SGD momentum form (the learning rate multiplies the buffer when it is
 * applied, not when it is accumulated), which is what the reference code's LARS wrapper runs on.
 * DJL's PyTorch engine has no LARS; updates happen with autograd off, and the gradient is reset
 * to zero after each update, as DJL's native optimisers do. A gradient whose norm is NaN or
 * infinite is refused with a {@link NotFiniteException} before it touches the weights.
 *
 * <p>Parameters given to {@link #excludeFromAdaptation} (SimCLR's LARS excludes biases and
 * batch-norm parameters) take plain SGD with momentum: {@code g' = g}, no trust ratio and no
 * weight decay.
 *
 * <p>The momentum buffers are this optimiser's state: {@link #momentumBuffers()} and
 * {@link #restoreMomentum} let a checkpoint carry them.
 */
public final class Lars extends Optimizer implements AutoCloseable {
    private final ParameterTracker learningRate;
    private final float momentum;
    private final float weightDecay;
    private final float trust;
    private final float eps;
    private final NDManager stateManager = NDManager.newBaseManager();
    private final Map<String, NDArray> buffers = new ConcurrentHashMap<>();
    private volatile float lastLearningRate;
    private volatile java.util.Set<String> frozen = java.util.Set.of();
    private volatile java.util.Set<String> excluded = java.util.Set.of();

    private Lars(Builder b) {
        super(b);
        this.learningRate = b.learningRate;
        this.momentum = b.momentum;
        this.weightDecay = b.weightDecay;
        this.trust = b.trust;
        this.eps = b.eps;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        float lr = learningRate.getNewValue(parameterId, updateCount(parameterId));
        lastLearningRate = lr;
        if (frozen.contains(parameterId)) {
            Engines.zeroGrad(weight);
            return;
        }
        try (Engines.GradMode ignored = Engines.noGrad(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray wNorm = weight.norm();
            NDArray gNorm = grad.norm();
            float g = gNorm.getFloat();
            if (!Float.isFinite(g)) {
                // applied, a non-finite gradient makes every later weight NaN; refuse it here
                throw new NotFiniteException("the gradient of " + parameterId + " is " + g + " at update "
                        + (updateCount(parameterId) + 1) + ": training cannot go on. Lower the learning rate or"
                        + " check the images for NaN; if it happens at once, see ConvolutionCheck (a faulty engine"
                        + " kernel on this CPU)");
            }
            NDArray scaled;
            if (excluded.contains(parameterId)) {
                scaled = grad;
            } else {
                NDArray adaptive = wNorm.mul(trust).div(gNorm.add(wNorm.mul(weightDecay)).add(eps));
                NDArray bothPositive = wNorm.gt(0f).logicalAnd(gNorm.gt(0f));
                NDArray localLr = NDArrays.where(bothPositive, adaptive, adaptive.onesLike());
                scaled = grad.add(weight.mul(weightDecay)).mul(localLr);
            }
            NDArray buf = buffers.get(parameterId);
            if (buf == null) {
                buf = scaled.duplicate();
                NDScope.unregister(buf);
                buf.attach(stateManager);
                buffers.put(parameterId, buf);
            } else {
                buf.muli(momentum).addi(scaled);
            }
            weight.subi(buf.mul(lr));
        }
        Engines.zeroGrad(weight);
    }

    /**
     * Parameters (by id) that are not updated until this is called again: their gradients are
     * discarded. Used to keep a pretrained encoder's earliest layers fixed for the first epochs
     * (METHOD 4.8).
     */
    public void freeze(java.util.Set<String> parameterIds) {
        this.frozen = java.util.Set.copyOf(parameterIds);
    }

    /**
     * Parameters (by id) updated by plain SGD with momentum, without the trust ratio and without
     * weight decay: SimCLR's exclusion of biases and batch-norm parameters.
     */
    public void excludeFromAdaptation(java.util.Set<String> parameterIds) {
        this.excluded = java.util.Set.copyOf(parameterIds);
    }

    /** The learning rate of the most recent update. */
    public float lastLearningRate() {
        return lastLearningRate;
    }

    /** The momentum buffers by parameter id (live arrays owned by this optimiser; read-only). */
    public Map<String, NDArray> momentumBuffers() {
        return Collections.unmodifiableMap(new TreeMap<>(buffers));
    }

    /**
     * Replaces the momentum buffers (from a checkpoint) and the update count, so that training
     * resumes exactly where it stopped.
     *
     * @param saved buffer values by parameter id; copied
     */
    public void restoreMomentum(Map<String, NDArray> saved) {
        buffers.values().forEach(NDArray::close);
        buffers.clear();
        for (Map.Entry<String, NDArray> e : saved.entrySet()) {
            NDArray copy = e.getValue().duplicate();
            copy.attach(stateManager);
            buffers.put(e.getKey(), copy);
        }
    }

    @Override
    public void close() {
        stateManager.close();
    }

    /** Builder; the defaults are METHOD 4.7's. */
    public static final class Builder extends OptimizerBuilder<Builder> {
        private ParameterTracker learningRate;
        private float momentum = 0.9f;
        private float weightDecay = 1e-6f;
        private float trust = 1e-3f;
        private float eps = 1e-8f;

        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /** The learning rate per update (required), e.g. a {@link WarmupCosineTracker}. */
        public Builder setLearningRateTracker(ParameterTracker tracker) {
            this.learningRate = tracker;
            return this;
        }

        public Builder optMomentum(float momentum) {
            this.momentum = momentum;
            return this;
        }

        public Builder optWeightDecay(float weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        public Builder optTrustCoefficient(float trust) {
            this.trust = trust;
            return this;
        }

        public Builder optEpsilon(float eps) {
            this.eps = eps;
            return this;
        }

        public Lars build() {
            Objects.requireNonNull(learningRate, "LARS needs a learning-rate tracker");
            check("momentum", momentum, momentum >= 0 && momentum < 1, "in [0, 1)");
            check("weight decay", weightDecay, weightDecay >= 0, "non-negative");
            check("trust coefficient", trust, trust > 0, "positive");
            check("epsilon", eps, eps >= 0, "non-negative");
            return new Lars(this);
        }

        private static void check(String what, float v, boolean ok, String expected) {
            if (!ok || !Float.isFinite(v)) {
                throw new IllegalArgumentException("LARS " + what + " must be " + expected + ", got " + v);
            }
        }
    }
}
