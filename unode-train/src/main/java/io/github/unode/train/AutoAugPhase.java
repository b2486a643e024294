package io.github.unode.train;

import io.github.unode.augment.AugmentationPool;
import io.github.unode.augment.auto.AugmentationReport;
import io.github.unode.augment.auto.AutoAugOOD;
import io.github.unode.data.ImageSet;
import io.github.unode.model.Backbone;
import io.github.unode.model.FeatureExtractor;
import io.github.unode.model.ModelFeatures;
import java.util.List;

/**
 * The AutoAugOOD phase of a run (METHOD 3): a self-supervised warm-up of the encoder when no
 * feature extractor is given (checkpointed like any phase), then AutoAugOOD's weights of the pool
 * for the training inliers, measured with the warmed-up encoder or the given extractor.
 */
final class AutoAugPhase {
    static final String PHASE = "warm-up";

    private final AutoAugOOD autoAugOOD;
    private final AugmentationPool pool;
    private final FeatureExtractor featureExtractor;
    private final int warmupEpochs;
    private final String recipeFingerprint;
    private final List<TrainingListener> listeners;

    AutoAugPhase(AutoAugOOD autoAugOOD, AugmentationPool pool, FeatureExtractor featureExtractor, int warmupEpochs,
            String recipeFingerprint, List<TrainingListener> listeners) {
        this.autoAugOOD = autoAugOOD;
        this.pool = pool;
        this.featureExtractor = featureExtractor;
        this.warmupEpochs = warmupEpochs;
        this.recipeFingerprint = recipeFingerprint;
        this.listeners = listeners;
    }

    /**
     * AutoAugOOD on the loop's training inliers, after the warm-up when no feature extractor is
     * given; the warm-up resumes at {@code resume} and writes to {@code checkpoints} when not null.
     */
    AugmentationReport weigh(EpochLoop loop, Backbone net, ImageSet inliers, Checkpoints checkpoints,
            EpochLoop.Resume resume) {
        FeatureExtractor psi = featureExtractor;
        if (psi == null) {
            if (warmupEpochs > 0) {
                listeners.forEach(l -> l.onPhase("self-supervised warm-up (" + warmupEpochs
                        + " epochs, no negatives) for AutoAugOOD's features"));
                loop.run(PHASE, null, warmupEpochs, resume,
                        checkpoints == null ? null : (lars, done, updates) ->
                                checkpoints.save(loop.model(), lars, PHASE, done, updates, null));
            }
            // the cache key: these inliers, this network, this recipe (the fingerprint holds the warm-up)
            psi = new ModelFeatures(loop.model(), "warmup:" + inliers.fingerprint() + ":" + net.spec().id() + ":"
                    + recipeFingerprint, "the encoder after a " + warmupEpochs
                    + "-epoch self-supervised warm-up on the inliers", false);
        }
        FeatureExtractor source = psi;
        listeners.forEach(l -> l.onPhase("AutoAugOOD: weighing " + pool.size() + " augmentations with "
                + source.description()));
        AugmentationReport report = autoAugOOD.weigh(loop.train(), pool, psi);
        listeners.forEach(l -> l.onPhase(report.toText()));
        return report;
    }
}
