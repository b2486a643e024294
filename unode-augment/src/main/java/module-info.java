/**
 * The hard augmentations that make negatives, the positive views, and AutoAugOOD, which weighs the
 * augmentations by how far each pushes the inlier set off its distribution.
 */
module io.github.unode.augment {
    requires transitive io.github.unode.core;
    requires com.google.gson;
    // commons-math3 3.6.1, the last release of that line, has no Automatic-Module-Name; its
    // file-derived name is the one name the jar will ever have.
    requires commons.math3;

    exports io.github.unode.augment;
    exports io.github.unode.augment.auto;
}
