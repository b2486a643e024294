package io.github.unode.model;

import ai.djl.nn.Block;
import io.github.unode.core.ImageShape;

/**
 * An encoder architecture {@code f}: images {@code (B, C, H, W)} to features {@code (B, d)}.
 * Immutable; {@link #newEncoder()} builds a fresh, uninitialised block each time.
 *
 * <pre>{@code
 * Backbone b = Backbone.resNet18(ImageShape.grey(28), 0.25);   // 16-32-64-128 filters, d = 128
 * }</pre>
 */
public final class Backbone {
    private final BackboneSpec spec;

    private Backbone(BackboneSpec spec) {
        this.spec = spec;
    }

    /** The standard CIFAR-style ResNet-18 (64 base filters, d = 512) for images of this shape. */
    public static Backbone resNet18(ImageShape input) {
        return resNet18(input, 1.0);
    }

    /**
     * A CIFAR-style ResNet-18 whose filter counts are multiplied by {@code widthMultiplier}
     * (rounded, at least 1): 0.25 gives 16-32-64-128 filters and d = 128, a size that trains on
     * a laptop CPU.
     */
    public static Backbone resNet18(ImageShape input, double widthMultiplier) {
        return resNet18(input, widthMultiplier, 1);
    }

    /**
     * {@link #resNet18(ImageShape, double)} with a downsampling stem of stride {@code stem}, 1, 2
     * or 4 ({@link BackboneSpec.ResNet18}): 4 makes a 64 px image cost about what a 16 px one
     * costs in the stages.
     */
    public static Backbone resNet18(ImageShape input, double widthMultiplier, int stem) {
        if (!(widthMultiplier > 0) || Double.isInfinite(widthMultiplier)) {
            throw new IllegalArgumentException("width multiplier must be positive, got " + widthMultiplier);
        }
        int width = Math.max(1, (int) Math.round(64 * widthMultiplier));
        return new Backbone(new BackboneSpec.ResNet18(input, width, stem));
    }

    /** WideResNet-depth-widen (e.g. 28-10, d = 64 x widen), pre-activation blocks. */
    public static Backbone wideResNet(ImageShape input, int depth, int widen) {
        return new Backbone(new BackboneSpec.WideResNet(input, depth, widen));
    }

    /**
     * A pretrained TorchScript network as the encoder, fine-tuned by training (METHOD 3.1 and
     * 4.8). The module is loaded with trainable parameters when the model is initialised; a 4-D
     * output is average-pooled to {@code (B, d)}.
     *
     * @param file the TorchScript file
     * @param input the shape of the images that will be given (inliers and test images)
     * @param preprocessing what the network expects (e.g. {@link Preprocessing#imageNet(int)})
     */
    public static Backbone torchScript(java.nio.file.Path file, ImageShape input, Preprocessing preprocessing) {
        int d;
        try (PretrainedBackbone probe = PretrainedBackbone.torchScript(file, preprocessing)) {
            d = probe.featureDim();
        }
        return new Backbone(new BackboneSpec.TorchScript(input, file.toAbsolutePath().toString(), preprocessing, d));
    }

    /** Rebuilds a backbone from its saved description. */
    public static Backbone fromSpec(BackboneSpec spec) {
        return new Backbone(java.util.Objects.requireNonNull(spec, "spec"));
    }

    /** What it takes to build this backbone again. */
    public BackboneSpec spec() {
        return spec;
    }

    /** The image shape the encoder expects. */
    public ImageShape inputShape() {
        return spec.input();
    }

    /** Feature dimension {@code d} of the encoder output. */
    public int featureDim() {
        return spec.featureDim();
    }

    /** A new, uninitialised encoder block. */
    public Block newEncoder() {
        return spec.newEncoder();
    }

    @Override
    public String toString() {
        return spec.describe();
    }
}
