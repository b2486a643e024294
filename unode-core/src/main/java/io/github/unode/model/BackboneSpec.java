package io.github.unode.model;

import io.github.unode.core.ImageShape;

/**
 * What it takes to build a backbone again: saved with a detector so that loading rebuilds the
 * same architecture before reading its weights.
 *
 * @param kind {@code resnet18}, {@code wideresnet} or {@code torchscript}
 * @param input the image shape the encoder is built for
 * @param width base width of a ResNet-18 (64 is the standard network; the multiplier times 64)
 * @param depth depth of a WideResNet ({@code 6n + 4})
 * @param widen widen factor of a WideResNet
 * @param file the TorchScript file a pretrained encoder was loaded from (for the record; a saved
 *     detector carries the module itself)
 * @param preprocessing what a TorchScript encoder expects
 * @param features feature dimension of a TorchScript encoder
 */
public record BackboneSpec(String kind, ImageShape input, int width, int depth, int widen, String file,
        Preprocessing preprocessing, int features) {
    public static final String RESNET18 = "resnet18";
    public static final String WIDE_RESNET = "wideresnet";
    public static final String TORCHSCRIPT = "torchscript";

    public BackboneSpec {
        if (kind == null || input == null) {
            throw new IllegalArgumentException("a backbone needs a kind and an input shape");
        }
        switch (kind) {
            case RESNET18 -> {
                if (width < 1) {
                    throw new IllegalArgumentException("ResNet-18 width must be at least 1, got " + width);
                }
            }
            case WIDE_RESNET -> {
                if (depth < 10 || (depth - 4) % 6 != 0) {
                    throw new IllegalArgumentException(
                            "WideResNet depth must be 6n + 4 with n >= 1 (10, 16, 22, 28, ...), got " + depth);
                }
                if (widen < 1) {
                    throw new IllegalArgumentException("WideResNet widen factor must be at least 1, got " + widen);
                }
            }
            case TORCHSCRIPT -> {
                if (preprocessing == null || features < 1) {
                    throw new IllegalArgumentException("a TorchScript backbone needs its preprocessing and feature size");
                }
            }
            default -> throw new IllegalArgumentException(
                    "unknown backbone kind '" + kind + "'; known: " + RESNET18 + ", " + WIDE_RESNET + ", " + TORCHSCRIPT);
        }
        if (!TORCHSCRIPT.equals(kind) && (input.height() < 8 || input.width() < 8)) {
            throw new IllegalArgumentException(
                    "images must be at least 8x8 for these encoders (three stride-2 stages), got " + input);
        }
    }

    static BackboneSpec resNet18(ImageShape input, int width) {
        return new BackboneSpec(RESNET18, input, width, 0, 0, null, null, 0);
    }

    static BackboneSpec wideResNet(ImageShape input, int depth, int widen) {
        return new BackboneSpec(WIDE_RESNET, input, 0, depth, widen, null, null, 0);
    }
}
