package io.github.unode.augment;

import static io.github.unode.augment.ShapeCases.assertChangesEveryImage;
import static io.github.unode.augment.ShapeCases.assertImages;
import static io.github.unode.augment.ShapeCases.maxDiff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import io.github.unode.core.RandomSource;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Negatives from the standard pool on real grey and colour images of 32, 64 and 128 px ({@link ShapeCases}). */
class NegativeSamplerShapesTest extends ManagedTest {
    @ParameterizedTest(name = "{0} channels, {1} px")
    @MethodSource("io.github.unode.augment.ShapeCases#shapes")
    void negativesKeepTheContractAndDifferFromTheirInliers(int channels, int side) {
        NDArray x = ShapeCases.images(m, channels, side);
        NegativeSampler sampler = new NegativeSampler(AugmentationPool.standard(), 2);
        String what = "negatives of " + ShapeCases.describe(channels, side);
        NegativeSampler.Sample s = sampler.sampleWithCompositions(x, new RandomSource(12));
        assertImages(s.negatives(), x, what);
        assertChangesEveryImage(s.negatives(), x, what);
        assertThat(s.compositions()).hasSize(ShapeCases.BATCH).allSatisfy(c -> {
            assertThat(c).hasSizeBetween(1, 2);
            assertThat(new HashSet<>(c)).hasSameSizeAs(c);
        });
        NegativeSampler.Sample again = sampler.sampleWithCompositions(x, new RandomSource(12));
        assertThat(again.compositions()).isEqualTo(s.compositions());
        assertArrayEquals(s.negatives().toFloatArray(), again.negatives().toFloatArray(), "deterministic");
    }

    @ParameterizedTest(name = "{0} channels, {1} px")
    @MethodSource("io.github.unode.augment.ShapeCases#shapes")
    void aCompositionIsItsAugmentationsAppliedInOrder(int channels, int side) {
        NDArray x = ShapeCases.images(m, channels, side);
        AugmentationPool pool = AugmentationPool.standard().only("vflip", "invert");
        // both, always: every negative is 1 - vflip(x), whichever order they were drawn in
        NegativeSampler s = new NegativeSampler(pool, 2);
        NegativeSampler.Sample both = s.sampleWithCompositions(x, new RandomSource(1));
        assertThat(both.compositions()).allSatisfy(c -> assertThat(c).isIn(List.of("vflip", "invert"),
                List.of("invert", "vflip"), List.of("vflip"), List.of("invert")));
        for (int b = 0; b < ShapeCases.BATCH; b++) {
            List<String> c = both.compositions().get(b);
            NDArray expected = x.get(b + ":" + (b + 1));
            if (c.contains("vflip")) {
                expected = expected.flip(2);
            }
            if (c.contains("invert")) {
                expected = expected.neg().add(1f);
            }
            assertThat(maxDiff(both.negatives().get(b + ":" + (b + 1)), expected)).as("image %d, %s", b, c)
                    .isLessThan(1e-6f);
        }
    }
}
