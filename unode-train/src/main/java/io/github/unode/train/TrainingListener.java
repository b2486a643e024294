package io.github.unode.train;

import java.io.PrintStream;
import java.util.Locale;

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

    /** After calibration, when the detector is ready. */
    default void onEnd(double totalSeconds) {}

    /** One line per epoch on {@code System.err}. */
    static TrainingListener logging() {
        return logging(System.err);
    }

    /** One line per epoch on the given stream. */
    static TrainingListener logging(PrintStream out) {
        return new TrainingListener() {
            @Override
            public void onStart(TrainingPlan plan) {
                out.println(plan);
            }

            @Override
            public void onEpoch(EpochStats stats) {
                out.println(stats);
            }

            @Override
            public void onPhase(String description) {
                out.println(description);
            }

            @Override
            public void onEnd(double totalSeconds) {
                out.printf(Locale.ROOT, "done in %.1f s%n", totalSeconds);
            }
        };
    }

    /**
     * A progress bar redrawn in place on {@code System.err} after each step, with the epoch's
     * running loss and the time left; one permanent line per epoch.
     */
    static TrainingListener progressBar() {
        return new ProgressBar(System.err);
    }
}
