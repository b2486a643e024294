package io.github.unode.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.unode.augment.Augmentation;
import io.github.unode.augment.AugmentationPool;
import io.github.unode.augment.NegativeSampler;
import io.github.unode.augment.PositiveAugmentation;
import io.github.unode.core.RandomSource;
import io.github.unode.score.ScoreSpace;
import org.junit.jupiter.api.Test;

/**
 * The 4B batch {@code [t(x), t(n1) | t'(x), t'(n2)]} that a step builds, the NT-Xent positives
 * and the head's labels, checked to line up, with hand-made augmentations and identity views.
 */
class BatchLayoutTest {
    private static final int B = 6;

    private record Affine(String name, float a, float b) implements Augmentation {
        @Override
        public NDArray apply(NDArray batch, RandomSource random) {
            return batch.mul(a).add(b);
        }
    }

    private static TrainingStep step(NegativeDraw draw) {
        NegativeSampler sampler = new NegativeSampler(AugmentationPool.of(new Affine("plus", 1, 0.25f),
                new Affine("twice", 2, 0)), 2);
        return new TrainingStep(null, sampler, new PositiveAugmentation(PositiveAugmentation.Config.identity()),
                Recipe.method().loss(), draw, null);
    }

    /** Constant 4x4 grey images of value 0.01 (i + 1). */
    private static NDArray images(NDManager m) {
        float[] v = new float[B * 16];
        for (int i = 0; i < B; i++) {
            java.util.Arrays.fill(v, i * 16, (i + 1) * 16, 0.01f * (i + 1));
        }
        return m.create(v, new Shape(B, 1, 4, 4));
    }

    private static float value(NDArray batch, int row) {
        return batch.get(row).toFloatArray()[0];
    }

    /** The four things a composition of plus (v + 0.25) and twice (2v) can do to v. */
    private static int whichComposition(float v, float out) {
        float[] candidates = {v + 0.25f, 2 * v, 2 * (v + 0.25f), 2 * v + 0.25f};
        for (int c = 0; c < 4; c++) {
            if (Math.abs(candidates[c] - out) < 1e-6) {
                return c;
            }
        }
        throw new AssertionError("no composition maps " + v + " to " + out);
    }

    @Test
    void theBatchIsInliersThenTheirNegativesInBothViews() {
        for (NegativeDraw draw : NegativeDraw.values()) {
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray x = images(m);
                NDArray batch = step(draw).views(x, new RandomSource(3));
                assertThat(batch.getShape()).isEqualTo(new Shape(4 * B, 1, 4, 4));
                int[] view1 = new int[B];
                int[] view2 = new int[B];
                for (int i = 0; i < B; i++) {
                    float v = 0.01f * (i + 1);
                    assertThat(value(batch, i)).as("t(x_%d)", i).isCloseTo(v, within(1e-6f));
                    assertThat(value(batch, 2 * B + i)).as("t'(x_%d)", i).isCloseTo(v, within(1e-6f));
                    view1[i] = whichComposition(v, value(batch, B + i));   // n1 of x_i
                    view2[i] = whichComposition(v, value(batch, 3 * B + i)); // n2 of x_i
                }
                switch (draw) {
                    case PER_IMAGE -> assertThat(view2).containsExactly(view1);
                    case PER_BATCH -> {
                        assertThat(view2).containsExactly(view1);
                        assertThat(java.util.Arrays.stream(view1).distinct().count()).isEqualTo(1);
                    }
                    case INDEPENDENT -> assertThat(view2).isNotEqualTo(view1);
                    default -> throw new AssertionError(draw);
                }
            }
        }
    }

    @Test
    void headLabelsMarkTheInlierRowsOfThatLayout() {
        long[] l = UnodeTrainer.headLabels(B);
        for (int r = 0; r < 4 * B; r++) {
            boolean inlier = r < B || (r >= 2 * B && r < 3 * B);
            assertThat(l[r]).as("row %d", r).isEqualTo(inlier ? 1L : 0L);
        }
    }

    @Test
    void ntXentPairsEachRowWithItsTwinInTheOtherView() {
        // embeddings = the images themselves plus a per-image code: twins (same image, same
        // negative in both views) are identical, so NT-Xent at a low temperature is near 0 only
        // if its positives are those twins
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new RandomSource(4).uniforms(B * 16), new Shape(B, 1, 4, 4));
            NDArray batch = step(NegativeDraw.PER_IMAGE).views(x, new RandomSource(5));
            NDArray z = batch.reshape(4 * B, 16).sub(0.5f);
            float paired = Losses.contrastive(z, 0.02f, B, Losses.ContrastiveForm.ALL_ANCHORS).getFloat();
            // the same rows with view 2's negatives swapped between images: positives no longer twins
            NDArray swapped = z.get("0:" + 3 * B).concat(z.get((3 * B + 1) + ":").concat(z.get(3 * B + ":" + (3 * B + 1)), 0), 0);
            float broken = Losses.contrastive(swapped, 0.02f, B, Losses.ContrastiveForm.ALL_ANCHORS).getFloat();
            assertThat(paired).isLessThan(0.05f);
            assertThat(broken).isGreaterThan(1f);
        }
    }
}
