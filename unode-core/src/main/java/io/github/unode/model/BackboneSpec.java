package io.github.unode.model;

import ai.djl.nn.Block;
import io.github.unode.core.ImageShape;
import java.nio.file.Path;

/**
 * What it takes to build a backbone again, one record per kind of encoder: saved with a detector
 * so that loading rebuilds the same architecture before reading its weights.
 */
public sealed interface BackboneSpec permits BackboneSpec.ResNet18, BackboneSpec.WideResNet, BackboneSpec.TorchScript {
    /** The on-disk name of {@link ResNet18}. */
    String RESNET18 = "resnet18";
    /** The on-disk name of {@link WideResNet}. */
    String WIDE_RESNET = "wideresnet";
    /** The on-disk name of {@link TorchScript}. */
    String TORCHSCRIPT = "torchscript";

    /** The image shape the encoder is built for. */
    ImageShape input();

    /** This kind's on-disk name: {@link #RESNET18}, {@link #WIDE_RESNET} or {@link #TORCHSCRIPT}. */
    String kind();

    /** Feature dimension {@code d} of the encoder's output. */
    int featureDim();

    /** A new, uninitialised encoder block. */
    Block newEncoder();

    /** The architecture in words, e.g. {@code ResNet-18 (width 16, d=128) for 1x28x28}. */
    String describe();

    /**
     * A stable identity of the architecture, part of a checkpoint's run id and of AutoAugOOD's
     * feature cache key. (It keeps the text these had when the spec was one record of all kinds.)
     */
    default String id() {
        int width = this instanceof ResNet18 r ? r.width() : 0;
        int depth = this instanceof WideResNet w ? w.depth() : 0;
        int widen = this instanceof WideResNet w ? w.widen() : 0;
        TorchScript t = this instanceof TorchScript s ? s : null;
        return "BackboneSpec[kind=" + kind() + ", input=" + input() + ", width=" + width + ", depth=" + depth
                + ", widen=" + widen + ", file=" + (t == null ? null : t.file()) + ", preprocessing="
                + (t == null ? null : t.preprocessing()) + ", features=" + (t == null ? 0 : t.features()) + "]";
    }

    /**
     * A CIFAR-style ResNet-18.
     *
     * @param input the image shape, at least 8x8
     * @param width base filter count (64 is the standard network; the multiplier times 64)
     */
    record ResNet18(ImageShape input, int width) implements BackboneSpec {
        /** Validates the shape and the width. */
        public ResNet18 {
            requireInput(input);
            if (width < 1) {
                throw new IllegalArgumentException("ResNet-18 width must be at least 1, got " + width);
            }
            requireConvolvable(input);
        }

        @Override
        public String kind() {
            return RESNET18;
        }

        @Override
        public int featureDim() {
            return 8 * width;
        }

        @Override
        public Block newEncoder() {
            return ResNets.resNet18(width);
        }

        @Override
        public String describe() {
            return "ResNet-18 (width " + width + ", d=" + featureDim() + ") for " + input;
        }
    }

    /**
     * A pre-activation WideResNet-depth-widen.
     *
     * @param input the image shape, at least 8x8
     * @param depth {@code 6n + 4}
     * @param widen widen factor
     */
    record WideResNet(ImageShape input, int depth, int widen) implements BackboneSpec {
        /** Validates the shape, the depth and the widen factor. */
        public WideResNet {
            requireInput(input);
            if (depth < 10 || (depth - 4) % 6 != 0) {
                throw new IllegalArgumentException(
                        "WideResNet depth must be 6n + 4 with n >= 1 (10, 16, 22, 28, ...), got " + depth);
            }
            if (widen < 1) {
                throw new IllegalArgumentException("WideResNet widen factor must be at least 1, got " + widen);
            }
            requireConvolvable(input);
        }

        @Override
        public String kind() {
            return WIDE_RESNET;
        }

        @Override
        public int featureDim() {
            return 64 * widen;
        }

        @Override
        public Block newEncoder() {
            return ResNets.wideResNet(depth, widen);
        }

        @Override
        public String describe() {
            return "WideResNet-" + depth + "-" + widen + " for " + input;
        }
    }

    /**
     * A pretrained TorchScript encoder.
     *
     * @param input the shape of the images that will be given
     * @param file the TorchScript file it was loaded from (for the record; a saved detector
     *     carries the module itself), or null
     * @param preprocessing what the network expects
     * @param features its feature dimension
     */
    record TorchScript(ImageShape input, String file, Preprocessing preprocessing, int features)
            implements BackboneSpec {
        /** Validates the preprocessing and the feature size. */
        public TorchScript {
            requireInput(input);
            if (preprocessing == null || features < 1) {
                throw new IllegalArgumentException("a TorchScript backbone needs its preprocessing and feature size");
            }
        }

        @Override
        public String kind() {
            return TORCHSCRIPT;
        }

        @Override
        public int featureDim() {
            return features;
        }

        @Override
        public Block newEncoder() {
            return new TorchScriptEncoder(file == null ? null : Path.of(file), preprocessing);
        }

        @Override
        public String describe() {
            return "TorchScript " + file + " (d=" + features + ") for " + input;
        }
    }

    private static void requireInput(ImageShape input) {
        if (input == null) {
            throw new IllegalArgumentException("a backbone needs a kind and an input shape");
        }
    }

    private static void requireConvolvable(ImageShape input) {
        if (input.height() < 8 || input.width() < 8) {
            throw new IllegalArgumentException(
                    "images must be at least 8x8 for these encoders (three stride-2 stages), got " + input);
        }
    }
}
