package io.github.unode.eval.baselines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.unode.core.EmptyDataException;
import io.github.unode.core.ImageShape;
import io.github.unode.core.ImageShapeException;
import io.github.unode.data.ImageSet;
import org.junit.jupiter.api.Test;

class CosineNearestNeighbourTest {
    private static final ImageShape GREY2 = ImageShape.grey(2);

    @Test
    void scoresOneMinusTheBestCosineByHand() {
        float[] train = {1, 0, 0, 0, 0, 0, 1, 1};
        float[] test = {
            0.5f, 0, 0, 0, // a darker copy of inlier 0: cosine 1 -> 0
            1, 1, 0, 0, // 45 degrees from inlier 0, orthogonal to inlier 1: 1 - 1/sqrt(2)
            1, 0, 1, 0, // cos 1/sqrt(2) to inlier 0, 1/2 to inlier 1: the best is 1/sqrt(2)
            0, 0, 0, 0, // no direction: 1
            0, 1, 0, 0, // orthogonal to both: 1
        };
        try (ImageSet tr = ImageSet.fromPixels(train, GREY2, null, "train");
                ImageSet te = ImageSet.fromPixels(test, GREY2, null, "test");
                CosineNearestNeighbour nn = CosineNearestNeighbour.fit(tr)) {
            double[] s = nn.score(te);
            assertThat(s).hasSize(5);
            assertThat(s[0]).isCloseTo(0, within(1e-6));
            assertThat(s[1]).isCloseTo(1 - Math.sqrt(0.5), within(1e-6));
            assertThat(s[2]).isCloseTo(1 - Math.sqrt(0.5), within(1e-6)); // max(1/sqrt2, (1,0,1,0).(0,0,1,1) / 2 = 1/2)
            assertThat(s[3]).isCloseTo(1, within(1e-6));
            assertThat(s[4]).isCloseTo(1, within(1e-6));
        }
    }

    @Test
    void refusesEmptyInliersAndOtherShapes() {
        try (ImageSet tr = ImageSet.fromPixels(new float[] {1, 0, 0, 0}, GREY2, null, "train");
                ImageSet empty = tr.first(0);
                ImageSet other = ImageSet.fromPixels(new float[9], ImageShape.grey(3), null, "3x3");
                CosineNearestNeighbour nn = CosineNearestNeighbour.fit(tr)) {
            assertThatThrownBy(() -> CosineNearestNeighbour.fit(empty)).isInstanceOf(EmptyDataException.class);
            assertThatThrownBy(() -> nn.score(other)).isInstanceOf(ImageShapeException.class);
        }
    }
}
