/** The hard-augmentation pool that makes negatives (rotation, cut-paste, blur, ...), the positive-pair views and the negative sampler that draws and composes them by their weights. */
package io.github.unode.augment;
