package io.github.unode.eval.baselines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.unode.core.EmptyDataException;
import io.github.unode.core.ImageShape;
import io.github.unode.core.ImageShapeException;
import io.github.unode.core.RandomSource;
import io.github.unode.data.ImageSet;
import org.junit.jupiter.api.Test;

class PixelNearestNeighbourTest {

    @Test
    void distancesMatchBruteForceAndCopiesScoreZero() {
        ImageShape shape = ImageShape.grey(6);
        int m = 9000; // more than one bank block
        float[] train = new RandomSource(1).uniforms(m * 36);
        float[] test = new RandomSource(2).uniforms(700 * 36); // more than one query block
        System.arraycopy(train, 5 * 36, test, 3 * 36, 36); // test image 3 = training image 5
        try (ImageSet tr = ImageSet.fromPixels(train, shape, null, "train");
                ImageSet te = ImageSet.fromPixels(test, shape, null, "test");
                PixelNearestNeighbour nn = PixelNearestNeighbour.fit(tr)) {
            double[] d = nn.score(te);
            assertThat(d).hasSize(700);
            assertThat(d[3]).isCloseTo(0, within(2e-3)); // float rounding of |a|^2 + |b|^2 - 2ab
            for (int q : new int[] {0, 1, 699}) {
                double best = Double.MAX_VALUE;
                for (int j = 0; j < m; j++) {
                    double s = 0;
                    for (int k = 0; k < 36; k++) {
                        double diff = test[q * 36 + k] - train[j * 36 + k];
                        s += diff * diff;
                    }
                    best = Math.min(best, s);
                }
                assertThat(d[q]).isCloseTo(Math.sqrt(best), within(1e-3));
            }
        }
    }

    @Test
    void badInputIsRefused() {
        try (ImageSet empty = ImageSet.fromPixels(new float[0], ImageShape.grey(4), null, "empty")) {
            assertThatThrownBy(() -> PixelNearestNeighbour.fit(empty)).isInstanceOf(EmptyDataException.class);
        }
        try (ImageSet a = ImageSet.fromPixels(new float[16], ImageShape.grey(4), null, "a");
                ImageSet b = ImageSet.fromPixels(new float[25], ImageShape.grey(5), null, "b");
                PixelNearestNeighbour nn = PixelNearestNeighbour.fit(a)) {
            assertThatThrownBy(() -> nn.score(b)).isInstanceOf(ImageShapeException.class).hasMessageContaining("1x4x4");
        }
    }
}
