package io.github.unode.train;

/**
 * What a run is about to do, given to listeners before the first step.
 *
 * @param backbone description of the encoder
 * @param device the device the run uses
 * @param trainImages inliers that are trained on
 * @param heldOutImages inliers kept out for calibration
 * @param epochs number of epochs
 * @param stepsPerEpoch optimiser steps per epoch
 * @param batchSize inliers per step (each makes four views)
 * @param augmentations the hard augmentations and their weights, as text
 */
public record TrainingPlan(String backbone, String device, int trainImages, int heldOutImages, int epochs,
        int stepsPerEpoch, int batchSize, String augmentations) {

    @Override
    public String toString() {
        return "training " + backbone + " on " + device + ": " + trainImages + " inliers (+" + heldOutImages
                + " held out), " + epochs + " epochs x " + stepsPerEpoch + " steps of " + batchSize
                + " (x4 views); negatives: " + augmentations;
    }
}
