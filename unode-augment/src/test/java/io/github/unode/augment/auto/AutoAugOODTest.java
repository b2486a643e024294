package io.github.unode.augment.auto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import io.github.unode.augment.Augmentation;
import io.github.unode.augment.AugmentationPool;
import io.github.unode.augment.Blur;
import io.github.unode.augment.Invert;
import io.github.unode.augment.Rotate;
import io.github.unode.core.EmptyDataException;
import io.github.unode.core.RandomSource;
import io.github.unode.data.ImageSet;
import io.github.unode.data.ImageSets;
import io.github.unode.data.Split;
import io.github.unode.model.FeatureExtractor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutoAugOODTest {

    /** Raw pixels as features: deterministic, fast, and enough to tell the augmentations apart. */
    static final FeatureExtractor PIXELS = new FeatureExtractor() {
        @Override
        public String id() {
            return "pixels";
        }

        @Override
        public String description() {
            return "raw pixels";
        }

        @Override
        public NDArray extract(NDArray batch) {
            return batch.reshape(batch.getShape().get(0), -1);
        }
    };

    /** Changes nothing: its images lie exactly on the inliers. */
    static final Augmentation IDENTITY = new Augmentation() {
        @Override
        public String name() {
            return "identity";
        }

        @Override
        public NDArray apply(NDArray batch, RandomSource random) {
            return batch.duplicate();
        }

        @Override
        public String toString() {
            return "identity";
        }
    };

    private static AutoAugOOD small(Path cache) {
        return AutoAugOOD.builder().maxImages(300).seed(5).cacheDirectory(cache)
                .tsne(TSne1D.Options.defaults().withIterations(250, 250)).build();
    }

    @Test
    void farAugmentationsWeighMoreThanAnAugmentationThatChangesNothing(@TempDir Path cache) throws Exception {
        AugmentationPool pool = AugmentationPool.of(IDENTITY, new Invert(), new Rotate(), new Blur());
        try (ImageSet train = ImageSets.bundledFashionMnist(Split.TRAIN); ImageSet shirts = train.onlyLabel(6)) {
            AugmentationReport r = small(cache).weigh(shirts, pool, PIXELS);
            assertThat(r.images()).isEqualTo(300);
            assertThat(r.featureSource()).isEqualTo("raw pixels");
            assertThat(r.entries()).extracting(AugmentationReport.Entry::augmentation)
                    .containsExactly("identity", "invert", "rotate", "blur");
            double sum = r.entries().stream().mapToDouble(AugmentationReport.Entry::weight).sum();
            assertThat(sum).isCloseTo(1, within(1e-12));
            Map<String, Double> w = r.weights();
            AugmentationReport.Entry id = r.entries().get(0);
            assertThat(id.divergence()).isLessThan(0.5);
            // inverting dark-background clothes moves them far away: the hazard METHOD 3.6 names
            assertThat(w.get("invert")).isGreaterThan(w.get("identity"));
            assertThat(r.entries().get(1).divergence()).isGreaterThan(id.divergence() * 10);
            // weights follow the divergences through the softmax
            for (AugmentationReport.Entry e : r.entries()) {
                assertThat(e.weight() / id.weight()).isCloseTo(Math.exp(e.divergence() - id.divergence()),
                        within(1e-6 * Math.exp(e.divergence() - id.divergence())));
            }
            assertThat(r.toText()).contains("invert").contains("raw pixels");
            assertThat(AugmentationReport.fromJson(r.toJson())).isEqualTo(r);
        }
    }

    @Test
    void resultsAreCachedAndKeyedByDataPoolAndSettings(@TempDir Path cache) throws Exception {
        AugmentationPool pool = AugmentationPool.of(new Invert(), new Rotate());
        try (ImageSet train = ImageSets.bundledFashionMnist(Split.TRAIN); ImageSet bags = train.onlyLabel(8)) {
            AugmentationReport first = small(cache).weigh(bags, pool, PIXELS);
            assertThat(first.cached()).isFalse();
            List<String> files;
            try (Stream<Path> s = Files.list(cache)) {
                files = s.map(p -> p.getFileName().toString()).sorted().toList();
            }
            assertThat(files).hasSize(2).anyMatch(f -> f.startsWith("features-")).anyMatch(f -> f.startsWith("report-"));
            AugmentationReport second = small(cache).weigh(bags, pool, PIXELS);
            assertThat(second.cached()).isTrue();
            assertThat(second.weights()).isEqualTo(first.weights());
            // another temperature reuses the features but makes a new report
            AugmentationReport hot = AutoAugOOD.builder().maxImages(300).seed(5).cacheDirectory(cache).temperature(100)
                    .tsne(TSne1D.Options.defaults().withIterations(250, 250)).build().weigh(bags, pool, PIXELS);
            assertThat(hot.cached()).isFalse();
            // the same divergences through softmax(j / 100): flatter than at tau = 1
            double dInvert = hot.entries().get(0).divergence();
            double dRotate = hot.entries().get(1).divergence();
            assertThat(hot.weights().get("invert") / hot.weights().get("rotate"))
                    .isCloseTo(Math.exp((dInvert - dRotate) / 100), within(1e-9));
            assertThat(Math.abs(hot.weights().get("invert") - 0.5))
                    .isLessThan(Math.abs(first.weights().get("invert") - 0.5));
            try (Stream<Path> s = Files.list(cache)) {
                assertThat(s.count()).isEqualTo(3);
            }
            // other data: not the cached result
            try (ImageSet shirts = train.onlyLabel(6)) {
                assertThat(small(cache).weigh(shirts, pool, PIXELS).cached()).isFalse();
            }
            // a damaged cache entry is recomputed, not trusted
            try (Stream<Path> s = Files.list(cache)) {
                for (Path p : s.filter(p -> p.getFileName().toString().startsWith("report-")).toList()) {
                    Files.writeString(p, "{ damaged");
                }
            }
            AugmentationReport again = small(cache).weigh(bags, pool, PIXELS);
            assertThat(again.cached()).isFalse();
            assertThat(again.weights()).isEqualTo(first.weights());
        }
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> AutoAugOOD.builder().temperature(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("temperature");
        assertThatThrownBy(() -> AutoAugOOD.builder().maxImages(1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxImages");
        try (ImageSet one = ImageSet.fromPixels(new float[784], io.github.unode.core.ImageShape.grey(28), null, "one")) {
            assertThatThrownBy(() -> small(null).weigh(one, AugmentationPool.standard(), PIXELS))
                    .isInstanceOf(EmptyDataException.class).hasMessageContaining("at least 2");
        }
    }
}
