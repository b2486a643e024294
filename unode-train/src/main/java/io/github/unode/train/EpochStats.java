package io.github.unode.train;

/**
 * What one epoch of training did.
 *
 * @param epoch 1-based epoch number
 * @param epochs total epochs of the run
 * @param steps optimiser steps in this epoch
 * @param loss mean total loss {@code L_con + lambda_ce * L_CE}
 * @param contrastiveLoss mean NT-Xent (or SupCon) loss
 * @param crossEntropyLoss mean cross-entropy of the classification head
 * @param headAccuracy share of views (inliers and negatives) the head classified correctly
 * @param learningRate learning rate at the last step of the epoch
 * @param seconds wall-clock seconds of the epoch
 * @param imagesPerSecond inlier images per second (each inlier makes four views)
 */
public record EpochStats(int epoch, int epochs, int steps, double loss, double contrastiveLoss,
        double crossEntropyLoss, double headAccuracy, double learningRate, double seconds, double imagesPerSecond) {

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT,
                "epoch %d/%d  loss %.4f (con %.4f, ce %.4f)  head acc %.3f  lr %.4f  %.1f img/s  %.1f s",
                epoch, epochs, loss, contrastiveLoss, crossEntropyLoss, headAccuracy, learningRate,
                imagesPerSecond, seconds);
    }
}
