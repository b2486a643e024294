package io.github.unode.model;

import ai.djl.ndarray.NDArray;

/**
 * A feature extractor {@code psi}: images to vectors (METHOD 3.1). AutoAugOOD measures in this
 * space how far each hard augmentation moves the inliers. Implementations are a pretrained
 * backbone ({@link PretrainedBackbone}) or the encoder after a short self-supervised warm-up on
 * the inliers (built by the trainer).
 */
public interface FeatureExtractor {

    /**
     * A stable identifier of the extractor and its weights (for example a file's SHA-256): two
     * extractors with the same id give the same features, so cached results can be reused.
     */
    String id();

    /** A human-readable description for reports. */
    String description();

    /**
     * Features of a batch.
     *
     * @param batch images {@code (B, C, H, W)} in [0, 1]
     * @return {@code (B, d)}, attached to the batch's manager
     */
    NDArray extract(NDArray batch);
}
