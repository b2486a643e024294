/** Training: {@link io.github.unode.train.UnodeTrainer}, LARS, learning-rate schedules, the losses, checkpoints and progress listeners. */
package io.github.unode.train;
