/** Image sets and their readers: image folders (PNG, JPEG, BMP, GIF), MNIST-style IDX files, labelled splits and class names. */
package io.github.unode.data;
