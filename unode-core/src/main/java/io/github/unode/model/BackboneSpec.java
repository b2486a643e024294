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
        // a downsampling stem is named only when there is one, so that stride-1 ids stay as they were
        String stem = this instanceof ResNet18 r && r.stem() != 1 ? ", stem=" + r.stem() : "";
        return "BackboneSpec[kind=" + kind() + ", input=" + input() + ", width=" + width + ", depth=" + depth
                + ", widen=" + widen + ", file=" + (t == null ? null : t.file()) + ", preprocessing="
                + (t == null ? null : t.preprocessing()) + ", features=" + (t == null ? 0 : t.features()) + stem + "]";
    }

    /**
     * A CIFAR-style ResNet-18, optionally with a downsampling stem.
     *
     * @param input the image shape: at least 8x8 after the stem ({@link #minimumSide})
     * @param width base filter count (64 is the standard network; the multiplier times 64)
     * @param stem the stem's total stride: 1, the CIFAR stem (3x3 conv, stride 1, no pooling);
     *     2, a 3x3 conv of stride 2; 4, that conv and a 3x3 max-pool of stride 2, as an ImageNet
     *     ResNet's stem (with a 3x3 kernel, not 7x7). Not the paper's: a way to train 64-128 px
     *     images at about the cost of 32 px ones.
     */
    record ResNet18(ImageShape input, int width, int stem) implements BackboneSpec {
        /** The stem strides there are. */
        public static final java.util.List<Integer> STEMS = java.util.List.of(1, 2, 4);

        /** Validates the shape, the width and the stem. */
        public ResNet18 {
            requireInput(input);
            if (width < 1) {
                throw new IllegalArgumentException("ResNet-18 width must be at least 1, got " + width);
            }
            requireStem(stem);
            int min = minimumSide(stem);
            if (input.height() < min || input.width() < min) {
                throw new IllegalArgumentException(stem == 1
                        ? "images must be at least 8x8 for these encoders (three stride-2 stages), got " + input
                        : "images must be at least " + min + "x" + min + " for a ResNet-18 with a stride-" + stem
                                + " stem (its output must be at least 8x8 for the three stride-2 stages), got "
                                + input + ": use a smaller stem stride or larger images");
            }
        }

        /** The CIFAR-style network, stem stride 1. */
        public ResNet18(ImageShape input, int width) {
            this(input, width, 1);
        }

        /**
         * The smallest image side a stem of this stride takes: the stem's output, {@code
         * ceil(side / stem)}, must be at least 8 (8 for stride 1, 15 for 2, 29 for 4).
         *
         * @throws IllegalArgumentException for a stride that is not 1, 2 or 4
         */
        public static int minimumSide(int stem) {
            requireStem(stem);
            return 7 * stem + 1;
        }

        /**
         * Refuses a stem stride that is not one of {@link #STEMS}: the one check of the rule, for
         * every type that holds a stem.
         *
         * @throws IllegalArgumentException for a stride that is not 1, 2 or 4
         */
        public static void requireStem(int stem) {
            if (!STEMS.contains(stem)) {
                throw new IllegalArgumentException("the ResNet-18 stem's stride must be 1, 2 or 4, got " + stem);
            }
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
            return ResNets.resNet18(width, stem);
        }

        @Override
        public String describe() {
            return "ResNet-18 (width " + width + ", d=" + featureDim() + (stem == 1 ? "" : ", stride-" + stem + " stem")
                    + ") for " + input;
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
