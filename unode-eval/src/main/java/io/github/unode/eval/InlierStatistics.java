package io.github.unode.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.github.unode.core.RandomSource;
import io.github.unode.augment.NegativeSampler;
import io.github.unode.data.ImageSet;
import io.github.unode.internal.AtomicFiles;
import io.github.unode.internal.Engines;
import io.github.unode.score.NoveltyDetector;
import io.github.unode.train.Recipe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Copies of a trained detector whose encoder's batch-norm running statistics are re-estimated on
 * another reference population (issue 16; not the paper's, and not part of {@link
 * NoveltyDetector}'s score). Training leaves in every batch-norm layer the running mean and
 * variance of its training batches: positive views (random crops and flips) of the inliers and
 * of the hard negatives drawn beside them, half and half, so that at scoring an inlier is
 * normalised by statistics half of which come from rotated, inverted, cut and pasted images.
 * Here a copy's statistics are re-estimated, by forward passes in training mode without
 * gradients and nothing else changed, on a {@link Reference} built from the plain images of the
 * training part of the fit's split (the part its bank holds); its similarity term, head and
 * recipe's score are then read through {@link SimilaritySpaces} (the last stage, nearest
 * neighbour: the detector's own space), balanced on the fit's held-out inliers as the detector's are.
 *
 * <p>The question it answers: how much of what the similarity term reads is the normalisation
 * that training's batches leave behind, rather than the weights?
 */
final class InlierStatistics {
    /** Forward passes: batch norm's running average keeps 0.9 of its last value a pass, so 0.9^48 < 0.01 of the training batches' statistics is left. */
    static final int PASSES = 48;
    /** Inliers a pass, as the recipe's batches. */
    static final int BATCH = 64;

    /** What a pass's batch is, for its {@code B} plain training inliers {@code x}. */
    enum Reference {
        /** {@code x} alone. */
        INLIERS("BN on inliers"),
        /**
         * Training's composition without its views: {@code [x, n1, x, n2]}, two independent draws
         * of negatives of {@code x} from the recipe's pool (uniform weights, up to its {@code rMax}
         * compositions). Against {@link #INLIERS} it separates what the negatives leave in the
         * statistics from what the random crops and flips do.
         */
        INLIERS_AND_NEGATIVES("BN on inliers + negatives"),
        /** The negatives alone, {@code [n1, n2]}. */
        NEGATIVES("BN on negatives");

        private final String label;

        Reference(String label) {
            this.label = label;
        }

        /** The space a copy of this reference is read in: the detector's own, named for the reference. */
        SimilaritySpaces.Space space() {
            return new SimilaritySpaces.Space(label, new int[] {4}, 1);
        }
    }

    private InlierStatistics() {}

    /**
     * A copy of {@code d} (saved and loaded, so that {@code d} is untouched) with its encoder's
     * batch-norm statistics re-estimated on {@code reference} of the training part of the
     * recipe's split of {@code inliers}: {@link #PASSES} batches of {@link #BATCH} inliers each,
     * drawn without replacement from a seeded permutation that starts again when it runs out.
     *
     * @throws IllegalStateException if the recipe's split does not give the detector's held-out count
     */
    static NoveltyDetector copy(NoveltyDetector d, Recipe recipe, ImageSet inliers, long seed, Reference reference) {
        NoveltyDetector c = savedCopy(d);
        try (ImageSet.Partition parts = LocalTerm.detectorSplit(d, recipe, inliers)) {
            reestimate(c, parts.first(), seed, reference, reference == Reference.INLIERS ? null
                    : new NegativeSampler(recipe.negatives().pool(), recipe.negatives().maxCompositions()));
            return c;
        } catch (RuntimeException | Error e) {
            c.close();
            throw e;
        }
    }

    /**
     * Re-estimates {@code d}'s encoder's batch-norm statistics in place on {@code reference}
     * batches of {@code images}, negatives drawn by {@code negatives} (unused, and may be null,
     * for {@link Reference#INLIERS}).
     */
    static void reestimate(NoveltyDetector d, ImageSet images, long seed, Reference reference,
            NegativeSampler negatives) {
        int n = images.size();
        if (n < 2) {
            throw new IllegalArgumentException("batch-norm statistics need at least 2 images, got " + n);
        }
        if (reference != Reference.INLIERS && negatives == null) {
            throw new IllegalArgumentException(reference + " needs a negative sampler");
        }
        int b = Math.min(BATCH, n);
        RandomSource random = new RandomSource(seed * 31 + 11);
        int[] order = random.permutation(n);
        int at = 0;
        try (NDManager scope = NDManager.newBaseManager(); Engines.GradMode g = Engines.noGrad()) {
            ParameterStore ps = new ParameterStore(scope, false);
            for (int p = 0; p < PASSES; p++) {
                if (at + b > n) {
                    order = random.permutation(n);
                    at = 0;
                }
                try (NDManager step = scope.newSubManager()) {
                    NDArray x = images.batch(java.util.Arrays.copyOfRange(order, at, at + b), step);
                    NDArray batch = switch (reference) {
                        case INLIERS -> x;
                        case INLIERS_AND_NEGATIVES -> NDArrays.concat(
                                new NDList(x, negatives.sample(x, random), x, negatives.sample(x, random)), 0);
                        case NEGATIVES -> NDArrays.concat(
                                new NDList(negatives.sample(x, random), negatives.sample(x, random)), 0);
                    };
                    d.network().encoder().forward(ps, new NDList(batch), true).close();
                }
                at += b;
            }
        }
    }

    /** {@code SimilaritySpaces} of a copy of {@code reference}, in its {@link Reference#space()} only. */
    static SimilaritySpaces spaces(NoveltyDetector copy, Recipe recipe, ImageSet inliers, Reference reference) {
        return SimilaritySpaces.fit(copy, recipe, inliers, List.of(reference.space()));
    }

    private static NoveltyDetector savedCopy(NoveltyDetector d) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("unode-copy-");
            Path at = dir.resolve("detector");
            d.save(at);
            return NoveltyDetector.load(at);
        } catch (IOException e) {
            throw new UncheckedIOException("could not copy the detector through " + dir, e);
        } finally {
            if (dir != null) {
                try {
                    AtomicFiles.deleteRecursively(dir);
                } catch (IOException e) {
                    throw new UncheckedIOException("could not delete the temporary copy " + dir, e);
                }
            }
        }
    }
}
