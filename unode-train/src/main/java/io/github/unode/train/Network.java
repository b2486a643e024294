package io.github.unode.train;

import static io.github.unode.train.Checks.check;

import io.github.unode.core.ImageShape;
import io.github.unode.model.Backbone;
import io.github.unode.model.BackboneSpec;
import java.util.Objects;

/** The encoder a {@link Recipe} trains: its {@link Recipe#network()}. */
public sealed interface Network permits Network.ResNet18, Network.WideResNet, Network.Given {
    /**
     * This network for images of {@code shape}.
     *
     * @throws IllegalStateException for a {@link Given} backbone, which only code can give
     */
    default Backbone forShape(ImageShape shape) {
        if (this instanceof ResNet18 r) {
            return Backbone.fromSpec(new BackboneSpec.ResNet18(shape, r.width(), r.stem()));
        } else if (this instanceof WideResNet w) {
            return Backbone.wideResNet(shape, w.depth(), w.widen());
        }
        throw new IllegalStateException("the recipe's backbone (" + this + ") was given in code: give it"
                + " again with backbone(...)");
    }

    /** What a recipe records of a backbone built in code. */
    static Network of(BackboneSpec spec) {
        if (spec instanceof BackboneSpec.ResNet18 r) {
            return new ResNet18(r.width(), r.stem());
        } else if (spec instanceof BackboneSpec.WideResNet w) {
            return new WideResNet(w.depth(), w.widen());
        }
        BackboneSpec.TorchScript t = (BackboneSpec.TorchScript) spec;
        return new Given(t.kind() + (t.file() == null ? "" : " " + t.file()));
    }

    /**
     * A CIFAR-style ResNet-18 for the inliers' shape.
     *
     * @param width base filter count (64: the standard network; 16: a quarter width, d = 128)
     * @param stem the stride of its stem, 1 (the CIFAR stem), 2 or 4 (a downsampling stem,
     *     {@link BackboneSpec.ResNet18}); left out of the JSON when 1, so that recipes without a
     *     downsampling stem keep their text and fingerprint
     */
    record ResNet18(int width, @io.github.unode.internal.RecordJson.OmittedAt(1) int stem) implements Network {
        /** Validates the width and the stem. */
        public ResNet18 {
            check(width >= 1, "ResNet-18 width must be at least 1, got " + width);
            BackboneSpec.ResNet18.requireStem(stem);
        }

        /** The CIFAR-style network, stem stride 1. */
        public ResNet18(int width) {
            this(width, 1);
        }
    }

    /**
     * A pre-activation WideResNet-depth-widen for the inliers' shape.
     *
     * @param depth {@code 6n + 4}
     * @param widen widen factor
     */
    record WideResNet(int depth, int widen) implements Network {
        /** Validates depth and widen factor. */
        public WideResNet {
            check(depth >= 10 && (depth - 4) % 6 == 0, "WideResNet depth must be 6n + 4 with n >= 1, got " + depth);
            check(widen >= 1, "WideResNet widen factor must be at least 1, got " + widen);
        }
    }

    /**
     * A backbone given to the builder in code (e.g. a TorchScript encoder): the recipe records
     * what it was, and training by this recipe needs the same backbone given again.
     *
     * @param description the backbone's description
     */
    record Given(String description) implements Network {
        /** Requires a description. */
        public Given {
            Objects.requireNonNull(description, "description");
        }
    }
}
