/** AutoAugOOD: weighs the hard augmentations for the data at hand by how far each pushes the inliers off their distribution (features, PCA, joint 1-D t-SNE, densities, divergences, softmax). */
package io.github.unode.augment.auto;
