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
            return Backbone.fromSpec(new BackboneSpec.ResNet18(shape, r.width()));
        } else if (this instanceof WideResNet w) {
            return Backbone.wideResNet(shape, w.depth(), w.widen());
        }
        throw new IllegalStateException("the recipe's backbone (" + this + ") was given in code: give it"
                + " again with backbone(...)");
    }

    /** What a recipe records of a backbone built in code. */
    static Network of(BackboneSpec spec) {
        if (spec instanceof BackboneSpec.ResNet18 r) {
            return new ResNet18(r.width());
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
     */
    record ResNet18(int width) implements Network {
        /** Validates the width. */
        public ResNet18 {
            check(width >= 1, "ResNet-18 width must be at least 1, got " + width);
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
