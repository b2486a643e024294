package io.github.unode.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.unode.core.EmptyDataException;
import io.github.unode.core.ImageShape;
import io.github.unode.core.ImageShapeException;
import io.github.unode.core.InvalidPixelException;
import io.github.unode.core.LabelMismatchException;
import io.github.unode.core.RandomSource;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ImageSetTest {
    private static final ImageShape S = ImageShape.grey(2);

    private static ImageSet numbered(int n) {
        float[] p = new float[n * 4];
        for (int i = 0; i < n; i++) {
            p[4 * i] = i / (float) n; // first pixel identifies the image
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
        }
        return ImageSet.fromPixels(p, S, labels, "numbered");
    }

    @Test
    void bytesAreScaledToTheUnitInterval() {
        try (ImageSet s = ImageSet.fromBytes(new byte[] {0, (byte) 255, (byte) 128, 1}, S, null, "b")) {
            assertThat(s.toFloatArray()).containsExactly(0f, 1f, 128 / 255f, 1 / 255f);
        }
    }

    @Test
    void atMostSamplesLargerSetsAndCopiesSmallerOnes() {
        try (ImageSet s = numbered(30); ImageSet five = s.atMost(5, 7); ImageSet sampled = s.sample(5, 7);
                ImageSet all = s.atMost(30, 7); ImageSet unlimited = s.atMost(0, 7)) {
            // more images than n: exactly sample(n, seed), the draw the copies it replaced made
            assertThat(five.fingerprint()).isEqualTo(sampled.fingerprint());
            // n or fewer, or no limit: all of them in their order, as first(size()) gave
            assertThat(all.fingerprint()).isEqualTo(s.fingerprint());
            assertThat(unlimited.fingerprint()).isEqualTo(s.fingerprint());
        }
    }

    @Test
    void selectionsKeepImagesAndLabelsTogether() {
        try (ImageSet s = numbered(30); ImageSet twos = s.onlyLabel(2); ImageSet rest = s.exceptLabel(2)) {
            assertThat(twos.size()).isEqualTo(10);
            assertThat(rest.size()).isEqualTo(20);
            for (int i = 0; i < twos.size(); i++) {
                assertThat(twos.label(i)).isEqualTo(2);
                assertThat(twos.toFloatArray()[4 * i] * 30).isCloseTo(3 * i + 2, org.assertj.core.data.Offset.offset(1e-4f));
            }
            assertThat(s.classes()).containsExactly(0, 1, 2);
            assertThatThrownBy(() -> s.onlyLabel(7)).isInstanceOf(LabelMismatchException.class)
                    .hasMessageContaining("[0, 1, 2]");
        }
    }

    @Test
    void splitsAreDisjointCompleteAndSeeded() {
        try (ImageSet s = numbered(50); ImageSet.Partition p = s.split(0.8, 9); ImageSet.Partition q = s.split(0.8, 9);
                ImageSet.Partition r = s.split(0.8, 10)) {
            assertThat(p.first().size()).isEqualTo(40);
            assertThat(p.second().size()).isEqualTo(10);
            Set<Float> ids = new HashSet<>();
            for (ImageSet part : new ImageSet[] {p.first(), p.second()}) {
                float[] v = part.toFloatArray();
                for (int i = 0; i < part.size(); i++) {
                    assertThat(ids.add(v[4 * i])).isTrue();
                }
            }
            assertThat(ids).hasSize(50);
            assertThat(q.second().toFloatArray()).containsExactly(p.second().toFloatArray());
            assertThat(r.second().toFloatArray()).isNotEqualTo(p.second().toFloatArray());
            assertThatThrownBy(() -> s.split(1.0, 1)).isInstanceOf(IllegalArgumentException.class);
        }
        try (ImageSet one = numbered(1)) {
            assertThatThrownBy(() -> one.split(0.5, 1)).isInstanceOf(EmptyDataException.class);
        }
    }

    @Test
    void fingerprintsIdentifyContent() {
        try (ImageSet a = numbered(10); ImageSet b = numbered(10); ImageSet c = numbered(11)) {
            assertThat(a.fingerprint()).isEqualTo(b.fingerprint()).hasSize(64);
            assertThat(c.fingerprint()).isNotEqualTo(a.fingerprint());
            try (ImageSet relabelled = a.withLabels(new int[10])) {
                assertThat(relabelled.fingerprint()).isNotEqualTo(a.fingerprint());
            }
        }
    }

    @Test
    void badPixelsShapesAndLabelsAreRefused() {
        assertThatThrownBy(() -> ImageSet.fromPixels(new float[] {0, 0.5f, Float.NaN, 1}, S, null, "cam"))
                .isInstanceOf(InvalidPixelException.class).hasMessageContaining("cam").hasMessageContaining("NaN");
        assertThatThrownBy(() -> ImageSet.fromPixels(new float[] {0, Float.POSITIVE_INFINITY, 0, 0}, S, null, "cam"))
                .isInstanceOf(InvalidPixelException.class).hasMessageContaining("infinite");
        assertThatThrownBy(() -> ImageSet.fromPixels(new float[] {0, 255, 0, 0}, S, null, "cam"))
                .isInstanceOf(InvalidPixelException.class).hasMessageContaining("[0, 1]").hasMessageContaining("255");
        assertThatThrownBy(() -> ImageSet.fromPixels(new float[5], S, null, "cam"))
                .isInstanceOf(ImageShapeException.class).hasMessageContaining("whole images");
        assertThatThrownBy(() -> ImageSet.fromPixels(new float[8], S, new int[] {1}, "cam"))
                .isInstanceOf(LabelMismatchException.class).hasMessageContaining("1 labels given for 2 images");
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> ImageSet.of(m.zeros(new Shape(2, 2)), null, "flat"))
                    .isInstanceOf(ImageShapeException.class).hasMessageContaining("(N, C, H, W)");
        }
        try (ImageSet s = ImageSet.fromPixels(new float[4], S, null, "unlabelled")) {
            assertThatThrownBy(() -> s.onlyLabel(0)).isInstanceOf(LabelMismatchException.class)
                    .hasMessageContaining("no labels");
        }
    }

    @Test
    void resizingAndConcatenation() {
        try (ImageSet s = ImageSet.fromPixels(new RandomSource(1).uniforms(3 * 16), ImageShape.grey(4), new int[] {0, 1, 2}, "r");
                ImageSet big = s.resized(ImageShape.grey(8));
                ImageSet both = ImageSet.concat(s, s, "twice")) {
            assertThat(big.shape()).isEqualTo(ImageShape.grey(8));
            assertThat(big.labels().orElseThrow()).containsExactly(0, 1, 2);
            for (float v : big.toFloatArray()) {
                assertThat(v).isBetween(0f, 1f);
            }
            assertThat(both.size()).isEqualTo(6);
            assertThat(both.labels().orElseThrow()).containsExactly(0, 1, 2, 0, 1, 2);
            assertThatThrownBy(() -> s.resized(ImageShape.rgb(8))).isInstanceOf(ImageShapeException.class);
        }
    }
}
