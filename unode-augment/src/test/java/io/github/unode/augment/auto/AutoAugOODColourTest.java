package io.github.unode.augment.auto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.unode.augment.AugmentationPool;
import io.github.unode.augment.Invert;
import io.github.unode.core.ImageShape;
import io.github.unode.data.ImageSet;
import io.github.unode.model.Backbone;
import io.github.unode.model.ModelFeatures;
import io.github.unode.testing.TestImages;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * AutoAugOOD on colour images of 32, 64 and 128 px: the features of the whole standard pool
 * through a network that takes colour, the joint t-SNE and the weights.
 */
class AutoAugOODColourTest {

    private static final int IMAGES = 12;

    /** The standard pool and an augmentation that changes nothing, whose images lie on the inliers. */
    private static AugmentationPool poolWithIdentity() {
        List<io.github.unode.augment.Augmentation> augs = new ArrayList<>(AugmentationPool.standard().augmentations());
        augs.add(AutoAugOODTest.IDENTITY);
        return AugmentationPool.of(augs);
    }

    /** Uncached, so that every call computes. */
    private static AutoAugOOD auto(long seed) {
        return AutoAugOOD.builder().maxImages(IMAGES).seed(seed).cacheDirectory(null)
                .tsne(TSne1D.Options.defaults().withIterations(100, 100)).build();
    }

    private static ModelFeatures untrained(int side) {
        return ModelFeatures.initialised(Backbone.resNet18(ImageShape.rgb(side), 0.125), 1);
    }

    @ParameterizedTest(name = "colour, {0} px")
    @ValueSource(ints = {32, 64, 128})
    void weighsTheStandardPoolOnColourImages(int side) throws Exception {
        AugmentationPool pool = poolWithIdentity();
        try (ImageSet bags = TestImages.fashion(8, IMAGES + 4, 3, side); ModelFeatures psi = untrained(side)) {
            AugmentationReport r = auto(3).weigh(bags, pool, psi);
            assertThat(r.images()).isEqualTo(IMAGES);
            assertThat(r.entries()).extracting(AugmentationReport.Entry::augmentation).isEqualTo(pool.names());
            double sum = 0;
            for (AugmentationReport.Entry e : r.entries()) {
                // the unfloored divergence can round a far-behind augmentation's weight to exactly 0
                assertThat(e.weight()).as(e.augmentation()).isFinite().isGreaterThanOrEqualTo(0);
                assertThat(e.divergence()).as(e.augmentation()).isFinite().isGreaterThanOrEqualTo(0);
                assertThat(e.mean()).isFinite();
                sum += e.weight();
            }
            assertThat(sum).isCloseTo(1, within(1e-9));
            AugmentationReport.Entry identity = r.entries().get(pool.size() - 1);
            assertThat(r.entries()).allSatisfy(e -> assertThat(e.divergence()).as(e.augmentation())
                    .isGreaterThanOrEqualTo(identity.divergence()));
            assertThat(r.entries().get(pool.names().indexOf(new Invert().name())).divergence())
                    .isGreaterThan(identity.divergence());
            // the weights are softmax(j / tau) of the divergences
            double[] j = r.entries().stream().mapToDouble(AugmentationReport.Entry::divergence).toArray();
            double[] w = SoftmaxWeights.softmax(j, r.temperature());
            for (int k = 0; k < j.length; k++) {
                assertThat(r.entries().get(k).weight()).isCloseTo(w[k], within(1e-12));
            }
        }
    }

    @org.junit.jupiter.api.Test
    void theSameSeedGivesTheSameWeightsOnColourImages() throws Exception {
        AugmentationPool pool = AugmentationPool.standard();
        try (ImageSet bags = TestImages.fashion(8, IMAGES + 4, 3, 32); ModelFeatures psi = untrained(32)) {
            AugmentationReport a = auto(3).weigh(bags, pool, psi);
            AugmentationReport b = auto(3).weigh(bags, pool, psi);
            assertThat(b.weights()).isEqualTo(a.weights()).hasSize(pool.size());
            // weights can be one-hot for both seeds; the divergences show the other draw
            assertThat(auto(4).weigh(bags, pool, psi).entries()).as("another seed samples other augmentations")
                    .extracting(AugmentationReport.Entry::divergence)
                    .isNotEqualTo(a.entries().stream().map(AugmentationReport.Entry::divergence).toList());
        }
    }
}
