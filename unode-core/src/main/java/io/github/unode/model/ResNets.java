package io.github.unode.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/**
 * The encoders built in this project, as DJL blocks. DJL's own {@code ResNetV1} is not the
 * CIFAR-style ResNet-18 the paper uses (it has no width multiplier, and differs at 32 px), so
 * these are written out here, following CSI's / the UNODE reference code's definitions.
 */
final class ResNets {
    /** BatchNorm momentum in DJL's convention (PyTorch's 0.1). */
    private static final float BN_MOMENTUM = 0.9f;
    private static final float BN_EPS = 1e-5f;

    private ResNets() {}

    static Block conv(int filters, int kernel, int stride) {
        return Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .setFilters(filters)
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .optBias(false)
                .build();
    }

    static Block bn() {
        return BatchNorm.builder().optMomentum(BN_MOMENTUM).optEpsilon(BN_EPS).build();
    }

    /** Post-activation basic block: conv-bn-relu-conv-bn, plus the (projected) shortcut, then ReLU. */
    static Block basicBlock(int filters, int stride, boolean projectShortcut) {
        SequentialBlock body = new SequentialBlock()
                .add(conv(filters, 3, stride))
                .add(bn())
                .add(Activation::relu)
                .add(conv(filters, 3, 1))
                .add(bn());
        Block shortcut = projectShortcut
                ? new SequentialBlock().add(conv(filters, 1, stride)).add(bn())
                : Blocks.identityBlock();
        return new ParallelBlock(
                list -> new NDList(Activation.relu(
                        list.get(0).singletonOrThrow().add(list.get(1).singletonOrThrow()))),
                List.of(body, shortcut));
    }

    /**
     * CIFAR-style ResNet-18: a 3x3 stem, four stages of two basic blocks with
     * {@code w, 2w, 4w, 8w} filters and strides 1, 2, 2, 2, global average pooling. Output:
     * {@code (B, 8w)}. The stem has total stride {@code stem}: 1 is the CIFAR stem (3x3 conv,
     * stride 1, no max-pool); 2 makes the stem's 3x3 conv stride 2; 4 adds a 3x3
     * max-pool of stride 2 (padding 1) after it, the ImageNet ResNet's stem with a 3x3 kernel
     * instead of 7x7 (so the weights have the same shapes at every stem). Every map after the
     * stem is {@code ceil(side / stem)} a side, so the stages cost what they cost on an image
     * {@code stem} times smaller.
     */
    static Block resNet18(int width, int stem) {
        BackboneSpec.ResNet18.requireStem(stem);
        SequentialBlock net = new SequentialBlock()
                .add(conv(width, 3, stem == 1 ? 1 : 2))
                .add(bn())
                .add(Activation::relu);
        if (stem == 4) {
            net.add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
        }
        int in = width;
        int[] filters = {width, 2 * width, 4 * width, 8 * width};
        int[] strides = {1, 2, 2, 2};
        for (int s = 0; s < 4; s++) {
            for (int b = 0; b < 2; b++) {
                int stride = b == 0 ? strides[s] : 1;
                boolean project = stride != 1 || in != filters[s];
                net.add(basicBlock(filters[s], stride, project));
                in = filters[s];
            }
        }
        return net.add(Pool.globalAvgPool2dBlock());
    }

    /**
     * How many of {@link #resNet18}'s top-level blocks run up to the end of stage {@code stage}
     * (1 to 4): the stem (conv, bn, relu, and the max-pool at stem 4) and two basic blocks a stage.
     */
    static int blocksThroughStage(int stem, int stage) {
        return (stem == 4 ? 4 : 3) + 2 * stage;
    }

    /**
     * Pre-activation wide block (Zagoruyko and Komodakis): bn-relu-conv-bn-relu-conv, with a
     * 1x1 projection of the activated input when the shape changes.
     */
    static Block wideBlock(int filters, int stride, boolean projectShortcut) {
        SequentialBlock preAct = new SequentialBlock().add(bn()).add(Activation::relu);
        SequentialBlock body = new SequentialBlock()
                .add(conv(filters, 3, stride))
                .add(bn())
                .add(Activation::relu)
                .add(conv(filters, 3, 1));
        Block shortcut = projectShortcut ? conv(filters, 1, stride) : Blocks.identityBlock();
        Block branches = new ParallelBlock(
                list -> new NDList(list.get(0).singletonOrThrow().add(list.get(1).singletonOrThrow())),
                List.of(body, shortcut));
        if (projectShortcut) {
            // both branches see the activated input, as in the reference WRN code
            return new SequentialBlock().add(preAct).add(branches);
        }
        // identity shortcut takes the raw input; the body its activation
        SequentialBlock activatedBody = new SequentialBlock().add(preAct).add(body);
        return new ParallelBlock(
                list -> new NDList(list.get(0).singletonOrThrow().add(list.get(1).singletonOrThrow())),
                List.of(activatedBody, Blocks.identityBlock()));
    }

    /**
     * WideResNet-{@code depth}-{@code widen}: {@code (depth - 4) / 6} wide blocks per group, groups
     * of {@code 16k, 32k, 64k} filters with strides 1, 2, 2, final bn-relu and global average
     * pooling. Output: {@code (B, 64k)}.
     */
    static Block wideResNet(int depth, int widen) {
        int n = (depth - 4) / 6;
        SequentialBlock net = new SequentialBlock().add(conv(16, 3, 1));
        int in = 16;
        int[] filters = {16 * widen, 32 * widen, 64 * widen};
        int[] strides = {1, 2, 2};
        for (int g = 0; g < 3; g++) {
            for (int b = 0; b < n; b++) {
                int stride = b == 0 ? strides[g] : 1;
                boolean project = stride != 1 || in != filters[g];
                net.add(wideBlock(filters[g], stride, project));
                in = filters[g];
            }
        }
        return net.add(bn()).add(Activation::relu).add(Pool.globalAvgPool2dBlock());
    }
}
