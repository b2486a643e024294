package io.github.unode.train;

import ai.djl.Model;
import io.github.unode.data.ImageSet;
import io.github.unode.score.Calibrator;
import io.github.unode.score.NoveltyScorer;
import io.github.unode.score.ScoreRecipe;
import java.util.List;

/**
 * The last phase of training (METHOD section 6): the trained network becomes a scorer calibrated
 * on the held-out inliers by {@link Calibrator}, driven by the recipe's score part. A calibration
 * warning (e.g. too few held-out inliers for the target false-positive rate) goes to the
 * listeners, or to the application's logging when there are none.
 */
final class CalibrationPhase {
    private final ScoreRecipe score;
    private final List<TrainingListener> listeners;

    CalibrationPhase(ScoreRecipe score, List<TrainingListener> listeners) {
        this.score = score;
        this.listeners = listeners;
    }

    /** The scorer of {@code model} with {@code train}'s bank, calibrated on {@code heldOut}. */
    NoveltyScorer calibrate(Model model, ImageSet train, ImageSet heldOut) {
        listeners.forEach(l -> l.onPhase("calibrating on " + heldOut.size() + " held-out inliers"));
        NoveltyScorer scorer = Calibrator.of(score).calibrate(model, train, heldOut);
        scorer.calibrationWarning().ifPresent(this::warn);
        return scorer;
    }

    /** To every listener's {@link TrainingListener#onWarning}, or to the application's logging when there is none. */
    private void warn(String message) {
        if (listeners.isEmpty()) {
            org.slf4j.LoggerFactory.getLogger(UnodeTrainer.class).warn("{}", message);
        } else {
            listeners.forEach(l -> l.onWarning(message));
        }
    }
}
