package io.github.unode.train;

/**
 * What one training step measured, before its update.
 *
 * @param loss the total loss that was minimised
 * @param contrastive the contrastive loss (NT-Xent, SupCon or the paper's form)
 * @param crossEntropy the head's cross-entropy (0 in a step without negatives)
 * @param headAccuracy the share of the 4B views the head classified correctly (0 without negatives)
 */
public record StepResult(float loss, float contrastive, float crossEntropy, float headAccuracy) {}
