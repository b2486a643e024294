package io.github.unode.train;

import ai.djl.Device;
import io.github.unode.augment.NegativeSampler;
import io.github.unode.augment.PositiveAugmentation;
import io.github.unode.augment.auto.AugmentationReport;
import io.github.unode.data.ImageSet;
import io.github.unode.model.Backbone;
import io.github.unode.score.NoveltyScorer;
import io.github.unode.score.Provenance;
import io.github.unode.score.ScoreRecipe;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a trained detector records beside its recipe: the configuration as the user reads it in
 * {@code unode info} (a flat map of settings, kept for detectors read by older tools) and the
 * provenance of the run (data, machine, time, calibration interval).
 */
final class DetectorRecord {
    private final Recipe recipe;
    private final Device device;

    DetectorRecord(Recipe recipe, Device device) {
        this.recipe = recipe;
        this.device = device;
    }

    /**
     * The flat configuration map: the recipe's settings under the names older tools read, then
     * what was built from them.
     *
     * @param sampler the negatives' sampler, or null when training used no negatives
     * @param epochs the main phase's epochs
     */
    Map<String, String> configuration(Backbone net, NegativeSampler sampler, PositiveAugmentation views, int epochs) {
        ScoreRecipe score = recipe.score();
        Map<String, String> cfg = new LinkedHashMap<>();
        cfg.put("epochs", Integer.toString(epochs));
        cfg.put("batchSize", Integer.toString(recipe.budget().batchSize()));
        Optimiser o = recipe.optimiser();
        cfg.put("learningRate", Float.toString(o.learningRate()));
        cfg.put("peakMultiplier", Float.toString(o.peakMultiplier()));
        if (o.warmupSteps() != null) {
            cfg.put("warmupSteps", Integer.toString(o.warmupSteps()));
        } else {
            cfg.put("warmupFraction", Double.toString(o.warmupFraction()));
        }
        Loss l = recipe.loss();
        cfg.put("temperature", Float.toString(l.temperature()));
        cfg.put("crossEntropyWeight", Float.toString(l.crossEntropyWeight()));
        cfg.put("contrastiveWeight", Float.toString(l.contrastiveWeight()));
        cfg.put("contrastiveForm", l.contrastiveForm().name());
        cfg.put("crossEntropyReduction", l.crossEntropyReduction().name());
        cfg.put("negativeDraw", recipe.negatives().draw().name());
        cfg.put("momentum", Float.toString(o.momentum()));
        cfg.put("weightDecay", Float.toString(o.weightDecay()));
        cfg.put("trustCoefficient", Float.toString(o.trustCoefficient()));
        cfg.put("larsExcludeBiasAndNorm", Boolean.toString(o.excludeBiasAndNorm()));
        cfg.put("maxCompositions", Integer.toString(recipe.negatives().maxCompositions()));
        cfg.put("holdOutFraction", Double.toString(score.holdOutFraction()));
        cfg.put("scoreSpace", score.space().name());
        cfg.put("targetFpr", Double.toString(score.targetFpr()));
        cfg.put("seed", Long.toString(recipe.seed()));
        cfg.put("backbone", net.toString());
        cfg.put("augmentations", sampler != null ? sampler.toString() : "none (no negatives)");
        cfg.put("positiveViews", views.config().toString());
        cfg.put("bankPrecision", score.bankPrecision().name());
        cfg.put("headScore", score.head().name());
        ScoreRecipe.PixelTerm pixel = score.pixelTerm();
        cfg.put("pixelTerm", Boolean.toString(pixel != null));
        if (pixel != null) {
            cfg.put("pixelBlur", Double.toString(pixel.blur()));
            cfg.put("pixelCentre", Boolean.toString(pixel.centre()));
            cfg.put("pixelWeight", Double.toString(pixel.weight()));
        }
        if (recipe.budget() instanceof Budget.Steps st) {
            cfg.put("steps", Integer.toString(st.steps()));
        }
        return cfg;
    }

    /** How the augmentations were weighted, in words: fixed by the user, AutoAugOOD's (and its features) or uniform. */
    static String weighting(boolean fixed, AugmentationReport report) {
        return fixed ? "fixed by the user" : report != null ? "AutoAugOOD (" + report.featureSource() + ")" : "uniform";
    }

    /**
     * The run's provenance.
     *
     * @param weighting how the augmentations were weighted, in words
     * @param seconds the training's wall time
     */
    Provenance provenance(ImageSet inliers, ImageSet train, ImageSet heldOut, NoveltyScorer scorer, String weighting,
            double seconds) {
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("device", device.toString());
        extra.put("trainImages", Integer.toString(train.size()));
        extra.put("heldOutImages", Integer.toString(heldOut.size()));
        NoveltyScorer.FprInterval fpr = scorer.fprInterval();
        extra.put("thresholdFprInterval90", String.format(Locale.ROOT, "%.4f..%.4f", fpr.low(), fpr.high()));
        extra.put("augmentationWeights", weighting);
        return Provenance.now(recipe.seed(), inliers.name(), inliers.fingerprint(), inliers.size(), seconds, extra);
    }
}
