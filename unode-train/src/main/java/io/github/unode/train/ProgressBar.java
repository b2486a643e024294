package io.github.unode.train;

import java.io.PrintStream;
import java.util.Locale;

/** The listener behind {@link TrainingListener#progressBar()}. */
final class ProgressBar extends LoggingListener {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private long epochStart;
    private long lastDraw;
    private int epochs;

    private final boolean interactive;

    ProgressBar(PrintStream out) {
        super(out);
        this.out = out;
        // redrawing in place only makes sense on a terminal; in logs, one line per epoch
        this.interactive = terminal();
    }

    /**
     * Whether a person watches: {@link System#console()} alone is not enough, since from JDK 22 on
     * it returns a console even when the output is redirected; {@code Console.isTerminal()} (JDK 22)
     * tells.
     */
    private static boolean terminal() {
        java.io.Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (NoSuchMethodException e) {
            return true; // JDK 17-21: a console means a terminal
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void onStart(TrainingPlan plan) {
        epochs = plan.epochs();
        super.onStart(plan);
        epochStart = System.nanoTime();
    }

    @Override
    public void onStep(int epoch, int step, int stepsPerEpoch, double loss) {
        long now = System.nanoTime();
        if (step == 1) {
            epochStart = now;
        }
        if (!interactive || (now - lastDraw < 200_000_000L && step != stepsPerEpoch)) {
            return; // at most five redraws a second
        }
        lastDraw = now;
        double elapsed = (now - epochStart) / 1e9;
        double left = elapsed / step * (stepsPerEpoch - step);
        int filled = (int) Math.round((double) WIDTH * step / stepsPerEpoch);
        out.printf(Locale.ROOT, "\repoch %d/%d [%s%s] %d/%d loss %.4f  %.0f s left ", epoch, epochs,
                "=".repeat(filled), " ".repeat(WIDTH - filled), step, stepsPerEpoch, loss, left);
        out.flush();
    }

    @Override
    public void onEpoch(EpochStats stats) {
        if (interactive) {
            out.print("\r" + " ".repeat(WIDTH + 60) + "\r");
        }
        super.onEpoch(stats);
    }
}
