package io.github.unode.train;

import static io.github.unode.train.Checks.check;

import io.github.unode.augment.AugmentationPool;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The hard negatives (METHOD 2-3): a {@link Recipe}'s {@link Recipe#negatives()}.
 *
 * @param used whether the main phase trains with negatives at all (false: plain SimCLR on the
 *     inliers, the "None" column of the paper's Table 4)
 * @param augmentations the hard augmentations negatives are drawn from, by name
 * @param maxCompositions {@code r_max}: at most this many augmentations per negative
 * @param draw how negatives are drawn and shared between the two views
 * @param weighting how the augmentations are weighted
 */
public record Negatives(boolean used, List<String> augmentations, int maxCompositions, NegativeDraw draw,
        Weighting weighting) {
    /** Validates the counts, and the weights against the names. */
    public Negatives {
        Objects.requireNonNull(draw, "the negative draw must be given");
        Objects.requireNonNull(weighting, "the weighting must be given");
        check(augmentations != null && !augmentations.isEmpty(), "negatives need at least one augmentation");
        augmentations = List.copyOf(augmentations);
        check(maxCompositions >= 1, "maximum augmentations per negative must be at least 1, got " + maxCompositions);
        check(augmentations.stream().distinct().count() == augmentations.size(),
                "augmentations are named more than once: " + augmentations);
        if (weighting instanceof Weighting.Fixed f) {
            for (Map.Entry<String, Double> e : f.weights().entrySet()) {
                check(augmentations.contains(e.getKey()), "a weight is given for '" + e.getKey()
                        + "', which is not among the augmentations " + augmentations);
            }
        }
    }

    /**
     * The pool these names make, in the standard pool's order.
     *
     * @throws IllegalArgumentException naming an augmentation the standard pool does not have
     *     (a pool built in code must be given to the builder again)
     */
    public AugmentationPool pool() {
        List<String> known = AugmentationPool.standard().names();
        for (String a : augmentations) {
            check(known.contains(a), "no augmentation named '" + a + "' in the standard pool; known: " + known);
        }
        return AugmentationPool.standard().only(augmentations.toArray(String[]::new));
    }

    /** These negatives used in training, or not (plain SimCLR). */
    public Negatives withUsed(boolean on) {
        return new Negatives(on, augmentations, maxCompositions, draw, weighting);
    }

    /** These negatives drawn from other augmentations. */
    public Negatives withAugmentations(List<String> names) {
        return new Negatives(used, names, maxCompositions, draw, weighting);
    }

    /** These negatives composing at most {@code rMax} augmentations. */
    public Negatives withMaxCompositions(int rMax) {
        return new Negatives(used, augmentations, rMax, draw, weighting);
    }

    /** These negatives drawn and shared between the views another way. */
    public Negatives withDraw(NegativeDraw d) {
        return new Negatives(used, augmentations, maxCompositions, d, weighting);
    }

    /** These negatives weighted another way. */
    public Negatives withWeighting(Weighting w) {
        return new Negatives(used, augmentations, maxCompositions, draw, w);
    }
}
