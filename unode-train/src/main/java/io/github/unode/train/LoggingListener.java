package io.github.unode.train;

import java.io.PrintStream;
import java.util.Locale;

/** The listener behind {@link TrainingListener#logging(PrintStream)}: one line per epoch and phase. */
class LoggingListener implements TrainingListener {
    private final PrintStream out;

    LoggingListener(PrintStream out) {
        this.out = out;
    }

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
    public void onWarning(String message) {
        out.println("warning: " + message);
    }

    @Override
    public void onEnd(double totalSeconds) {
        out.printf(Locale.ROOT, "done in %.1f s%n", totalSeconds);
    }
}
