package io.github.unode.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.github.unode.core.ImageShape;
import io.github.unode.internal.Engines;

/**
 * How images in [0, 1] are turned into what a pretrained network expects: channel conversion
 * (grey replicated to RGB, RGB to luma), resizing, and per-channel normalisation
 * {@code (x - mean) / std}.
 *
 * @param input the shape the network takes
 * @param mean per-channel mean (length = input channels)
 * @param std per-channel standard deviation
 */
public record Preprocessing(ImageShape input, float[] mean, float[] std) {

    public Preprocessing {
        if (mean.length != input.channels() || std.length != input.channels()) {
            throw new IllegalArgumentException("mean and std need one value per channel (" + input.channels() + ")");
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("normalisation std must be positive, got " + s);
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** ImageNet's RGB normalisation at the given side (torchvision's constants). */
    public static Preprocessing imageNet(int side) {
        return new Preprocessing(ImageShape.rgb(side), new float[] {0.485f, 0.456f, 0.406f},
                new float[] {0.229f, 0.224f, 0.225f});
    }

    /** Only channel conversion and resizing to {@code input}; values stay in [0, 1]. */
    public static Preprocessing none(ImageShape input) {
        float[] zeros = new float[input.channels()];
        float[] ones = new float[input.channels()];
        java.util.Arrays.fill(ones, 1f);
        return new Preprocessing(input, zeros, ones);
    }

    /** Applies the conversion to a batch {@code (B, C, H, W)}. */
    public NDArray apply(NDArray batch) {
        NDArray x = batch;
        long c = x.getShape().get(1);
        if (c != input.channels()) {
            if (c == 1) {
                x = x.repeat(1, input.channels());
            } else if (input.channels() == 1 && c == 3) {
                NDArray w = x.getManager().create(new float[] {0.299f, 0.587f, 0.114f}, new Shape(1, 3, 1, 1))
                        .toDevice(x.getDevice(), false);
                x = x.mul(w).sum(new int[] {1}, true);
            } else {
                throw new IllegalArgumentException("cannot convert " + c + "-channel images to " + input.channels());
            }
        }
        if (x.getShape().get(2) != input.height() || x.getShape().get(3) != input.width()) {
            boolean shrink = x.getShape().get(2) >= 2L * input.height();
            x = Engines.resize(x, input.height(), input.width(), shrink);
        }
        Shape s = new Shape(1, input.channels(), 1, 1);
        NDArray m = x.getManager().create(mean, s).toDevice(x.getDevice(), false);
        NDArray d = x.getManager().create(std, s).toDevice(x.getDevice(), false);
        return x.sub(m).div(d);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Preprocessing p && p.input.equals(input) && java.util.Arrays.equals(p.mean, mean)
                && java.util.Arrays.equals(p.std, std);
    }

    @Override
    public int hashCode() {
        return input.hashCode() * 31 + java.util.Arrays.hashCode(mean) * 7 + java.util.Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "to " + input + ", mean " + java.util.Arrays.toString(mean) + ", std " + java.util.Arrays.toString(std);
    }
}
