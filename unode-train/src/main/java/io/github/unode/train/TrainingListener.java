package io.github.unode.train;

import java.io.PrintStream;

/**
 * Follows a training run. Every method has an empty default, so a listener implements only what
 * it needs. Called on the training thread; keep the work light.
 */
public interface TrainingListener {

    /** Before the first step. */
    default void onStart(TrainingPlan plan) {}

    /** After every optimiser step. */
    default void onStep(int epoch, int step, int stepsPerEpoch, double loss) {}

    /** After every epoch. */
    default void onEpoch(EpochStats stats) {}

    /** A phase that is not an epoch (calibration, AutoAugOOD): a short description. */
    default void onPhase(String description) {}

    /**
     * Something the user should know about the run that does not stop it (for example a
     * threshold calibrated on too few held-out inliers). Each warning comes once. Without any
     * listener the trainer logs warnings through SLF4J instead (logger {@code io.github.unode.train.UnodeTrainer}).
     */
    default void onWarning(String message) {}

    /** After calibration, when the detector is ready. */
    default void onEnd(double totalSeconds) {}

    /**
     * The run through SLF4J, under the logger {@code io.github.unode.train.UnodeTrainer}: the plan,
     * one line per epoch and phase, and the end at INFO, warnings at WARN. What shows, and where,
     * is the application's logging configuration; without an SLF4J binding nothing does.
     */
    static TrainingListener slf4j() {
        return new Slf4jListener();
    }

    /** One line per epoch on {@code System.err}. */
    static TrainingListener logging() {
        return logging(System.err);
    }

    /** One line per epoch on the given stream. */
    static TrainingListener logging(PrintStream out) {
        return new LoggingListener(out);
    }

    /**
     * A progress bar redrawn in place on {@code System.err} after each step, with the epoch's
     * running loss and the time left; one permanent line per epoch.
     */
    static TrainingListener progressBar() {
        return new ProgressBar(System.err);
    }
}
