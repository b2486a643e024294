package io.github.unode.augment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The pool S of hard augmentations negatives are made from (METHOD section 2): ordered,
 * immutable, names unique. New augmentations plug in by implementing {@link Augmentation}.
 */
public final class AugmentationPool {
    private final Map<String, Augmentation> byName;

    private AugmentationPool(List<Augmentation> augmentations) {
        Map<String, Augmentation> m = new LinkedHashMap<>();
        for (Augmentation a : augmentations) {
            Objects.requireNonNull(a, "augmentation");
            if (m.put(a.name(), a) != null) {
                throw new IllegalArgumentException("two augmentations are named '" + a.name() + "'; names must be unique");
            }
        }
        if (m.isEmpty()) {
            throw new IllegalArgumentException("an augmentation pool needs at least one augmentation");
        }
        this.byName = Collections.unmodifiableMap(m);
    }

    /** Every augmentation of METHOD section 2 but mixup, with default parameters. */
    public static AugmentationPool standard() {
        return of(new Rotate(), new VFlip(), new Cutout(), new CutPaste(), new CutPerm(), new Elastic(), new Blur(),
                new Noise(), new Sobel(), new Invert());
    }

    /** The standard pool plus mixup with the given auxiliary images. */
    public static AugmentationPool standard(AuxiliaryImages auxiliary) {
        List<Augmentation> all = new ArrayList<>(standard().augmentations());
        all.add(new Mixup(auxiliary));
        return new AugmentationPool(all);
    }

    public static AugmentationPool of(Augmentation... augmentations) {
        return new AugmentationPool(Arrays.asList(augmentations));
    }

    public static AugmentationPool of(List<Augmentation> augmentations) {
        return new AugmentationPool(augmentations);
    }

    /** This pool without the named augmentations. */
    public AugmentationPool without(String... names) {
        Set<String> drop = checkNames(names);
        return new AugmentationPool(byName.values().stream().filter(a -> !drop.contains(a.name())).toList());
    }

    /** Only the named augmentations, in this pool's order. */
    public AugmentationPool only(String... names) {
        Set<String> keep = checkNames(names);
        return new AugmentationPool(byName.values().stream().filter(a -> keep.contains(a.name())).toList());
    }

    private Set<String> checkNames(String... names) {
        for (String n : names) {
            if (!byName.containsKey(n)) {
                throw new IllegalArgumentException("no augmentation named '" + n + "' in the pool; known: " + names());
            }
        }
        return Set.of(names);
    }

    /** The augmentation with this name. */
    public Augmentation get(String name) {
        Augmentation a = byName.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no augmentation named '" + name + "' in the pool; known: " + names());
        }
        return a;
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    public List<Augmentation> augmentations() {
        return List.copyOf(byName.values());
    }

    public int size() {
        return byName.size();
    }

    /** Every augmentation with its parameters. */
    @Override
    public String toString() {
        return byName.values().toString();
    }
}
