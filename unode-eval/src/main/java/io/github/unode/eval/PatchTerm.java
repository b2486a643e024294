package io.github.unode.eval;

import io.github.unode.data.ImageSet;
import io.github.unode.eval.baselines.PatchNearestNeighbour;
import io.github.unode.score.NoveltyDetector;
import io.github.unode.score.ScoreBatch;
import io.github.unode.score.ScoreRecipe;
import io.github.unode.train.Recipe;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A raw-patch term beside a trained detector's score, measured from the same fit (issue 16; not
 * the paper's, and not part of {@link NoveltyDetector}'s score): a {@link PatchNearestNeighbour}
 * ({@value #PATCH}x{@value #PATCH} patches centred on their own mean, stride {@value #STRIDE},
 * at most {@value #MAX_BANK} of them, seeded) whose bank holds the patches of the fit's own
 * training part of the inliers (the trainer's {@code holdOutFraction} and seed, as the detector's
 * banks), at the detector's own resolution, balanced on the held-out part like the detector's
 * pixel term, {@code nu = std(O_sim) / std(P)} ({@link ScoreTerms#balance}). The weight it is
 * added at is fixed, not chosen on the test set: 1 weighs it as the head is weighed; 2 is
 * reported beside it to show how much the figure depends on that choice.
 *
 * <p>It is a pixel term: the "trained parts" figures are those without it.
 */
final class PatchTerm implements AutoCloseable {
    /** Side of a patch in pixels, as the suite's patch-bank baseline. */
    static final int PATCH = 8;
    /** Step between patch positions. */
    static final int STRIDE = 4;
    /** Most patches in the bank. */
    static final int MAX_BANK = 16384;

    private final PatchNearestNeighbour bank;
    private final double nu;
    private final double pixelWeight;

    private PatchTerm(PatchNearestNeighbour bank, double nu, double pixelWeight) {
        this.bank = bank;
        this.nu = nu;
        this.pixelWeight = pixelWeight;
    }

    /**
     * Fits the bank on the detector's training part of {@code inliers} and balances it on the held-out part.
     *
     * @param d the detector trained on {@code inliers} with {@code recipe}
     * @throws IllegalStateException if the recipe's split does not give the detector's held-out count
     * @throws IllegalArgumentException if the images are smaller than a patch, or the term is
     *     constant on the held-out inliers
     */
    static PatchTerm fit(NoveltyDetector d, Recipe recipe, ImageSet inliers, long seed) {
        try (ImageSet.Partition parts = LocalTerm.detectorSplit(d, recipe, inliers)) {
            PatchNearestNeighbour bank = PatchNearestNeighbour.fit(parts.first(), PATCH, STRIDE, MAX_BANK, seed);
            try {
                ScoreBatch h = d.score(parts.second());
                return new PatchTerm(bank, ScoreTerms.balance(h.similarity(), bank.score(parts.second())),
                        recipe.score().pixel().map(ScoreRecipe.PixelTerm::weight).orElse(0.0));
            } catch (RuntimeException | Error e) {
                bank.close();
                throw e;
            }
        }
    }

    /**
     * The variants this term adds: the term alone, the detector's score with it at weights 1 and
     * 2, and similarity + head with it at weight 1 (no image-level pixel term).
     *
     * @param s the detector's scores of {@code images}
     */
    Map<String, double[]> variants(ScoreBatch s, ImageSet images) {
        double[] p = bank.score(images);
        ScoreTerms t = ScoreTerms.of(s, pixelWeight, p, nu);
        Map<String, double[]> out = new LinkedHashMap<>();
        out.put("raw patches", p);
        out.put("recipe + raw patches", t.novelty(pixelWeight, 1));
        out.put("recipe + raw patches x2", t.novelty(pixelWeight, 2));
        out.put("similarity + head + raw patches", t.novelty(0, 1));
        return out;
    }

    /** The balance, for the report. */
    Map<String, String> notes() {
        return Map.of("raw patch balance nu", String.format(Locale.ROOT, "%.6g", nu));
    }

    @Override
    public void close() {
        bank.close();
    }
}
