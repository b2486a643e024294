package io.github.unode.train;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listener behind {@link TrainingListener#slf4j()}: the lines of {@link LoggingListener}
 * through SLF4J, progress at INFO and warnings at WARN.
 */
final class Slf4jListener implements TrainingListener {
    private final Logger log;

    Slf4jListener(Logger log) {
        this.log = log;
    }

    Slf4jListener() {
        this(LoggerFactory.getLogger(UnodeTrainer.class));
    }

    @Override
    public void onStart(TrainingPlan plan) {
        log.info("{}", plan);
    }

    @Override
    public void onEpoch(EpochStats stats) {
        log.info("{}", stats);
    }

    @Override
    public void onPhase(String description) {
        log.info("{}", description);
    }

    @Override
    public void onWarning(String message) {
        log.warn("{}", message);
    }

    @Override
    public void onEnd(double totalSeconds) {
        if (log.isInfoEnabled()) {
            log.info(String.format(Locale.ROOT, "done in %.1f s", totalSeconds));
        }
    }
}
