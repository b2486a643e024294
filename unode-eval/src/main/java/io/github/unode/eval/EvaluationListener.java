package io.github.unode.eval;

import java.io.PrintStream;
import java.util.Locale;

/** Follows a long evaluation: one call per fitted method and per scored task. */
public interface EvaluationListener {

    /** A method starts fitting on a setting ({@code index} of {@code total} fits, 1-based). */
    default void onFit(int index, int total, String dataset, String setting, String method) {}

    /** A task finished. */
    default void onResult(TaskResult result) {}

    /** Progress lines on the stream: one per fit, one per clean result. */
    static EvaluationListener printing(PrintStream out) {
        return new EvaluationListener() {
            private long start = System.nanoTime();

            @Override
            public void onFit(int index, int total, String dataset, String setting, String method) {
                double elapsed = (System.nanoTime() - start) / 1e9;
                String eta = index > 1 ? String.format(Locale.ROOT, ", about %.0f s left",
                        elapsed / (index - 1) * (total - index + 1)) : "";
                out.printf(Locale.ROOT, "[%d/%d] %s, %s: fitting %s (%.0f s elapsed%s)%n", index, total, dataset,
                        setting, method, elapsed, eta);
            }

            @Override
            public void onResult(TaskResult r) {
                if (r.clean()) {
                    out.printf(Locale.ROOT, "        %-28s AUROC %6.2f%n", r.method(), 100 * r.metrics().auroc());
                }
            }
        };
    }
}
