package io.github.unode.eval.baselines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import io.github.unode.core.EmptyDataException;
import io.github.unode.core.ImageShape;
import io.github.unode.core.ImageShapeException;
import io.github.unode.core.RandomSource;
import io.github.unode.data.ImageSet;
import org.junit.jupiter.api.Test;

class FeaturePatchNearestNeighbourTest {
    private static final ImageShape GREY4 = ImageShape.grey(4);

    /** "Stage 1" is the image itself, "stage 2" its 2x2 average (a 2x2 map): maps small enough to compute by hand. */
    private static final FeaturePatchNearestNeighbour.Maps MAPS = (batch, stage, target) -> {
        NDArray out = stage == 1 ? batch.duplicate()
                : Pool.avgPool2d(batch, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false, false);
        out.attach(target);
        return out;
    };

    /** 3x3 mean around (y, x) over the positions inside the map (padding not counted). */
    private static double localMean(double[][] map, int y, int x) {
        double sum = 0;
        int n = 0;
        for (int yy = y - 1; yy <= y + 1; yy++) {
            for (int xx = x - 1; xx <= x + 1; xx++) {
                if (yy >= 0 && xx >= 0 && yy < map.length && xx < map[0].length) {
                    sum += map[yy][xx];
                    n++;
                }
            }
        }
        return sum / n;
    }

    /** The joined features of one 4x4 image written out by hand: [position][2]. */
    private static double[][] features(float[] img, int offset) {
        double[][] full = new double[4][4];
        double[][] half = new double[2][2];
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                full[y][x] = img[offset + y * 4 + x];
                half[y / 2][x / 2] += img[offset + y * 4 + x] / 4.0;
            }
        }
        double[][] f = new double[16][2];
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                f[y * 4 + x][0] = localMean(full, y, x);
                f[y * 4 + x][1] = localMean(half, y / 2, x / 2); // stage 2 repeated up to 4x4
            }
        }
        return f;
    }

    @Test
    void scoresAreTheWorstPositionsNearestDistanceComputedByHand() {
        RandomSource r = new RandomSource(3);
        float[] train = new float[3 * 16];
        float[] test = new float[4 * 16];
        for (int i = 0; i < train.length; i++) {
            train[i] = (float) r.nextDouble();
        }
        for (int i = 0; i < test.length; i++) {
            test[i] = (float) r.nextDouble();
        }
        System.arraycopy(train, 16, test, 0, 16); // test image 0 is training image 1: score 0
        double[][] bank = new double[48][];
        for (int i = 0; i < 3; i++) {
            System.arraycopy(features(train, i * 16), 0, bank, i * 16, 16);
        }
        try (ImageSet tr = ImageSet.fromPixels(train, GREY4, null, "train");
                ImageSet te = ImageSet.fromPixels(test, GREY4, null, "test");
                FeaturePatchNearestNeighbour nn = FeaturePatchNearestNeighbour.fit(tr, MAPS, new int[] {1, 2}, 1000, 1)) {
            assertThat(nn.bankSize()).isEqualTo(48);
            assertThat(nn.dimensions()).isEqualTo(2);
            double[] s = nn.score(te);
            assertThat(s).hasSize(4);
            assertThat(s[0]).isCloseTo(0, within(1e-3));
            for (int i = 0; i < 4; i++) {
                double worst = 0;
                for (double[] f : features(test, i * 16)) {
                    double best = Double.MAX_VALUE;
                    for (double[] b : bank) {
                        best = Math.min(best, Math.hypot(f[0] - b[0], f[1] - b[1]));
                    }
                    worst = Math.max(worst, best);
                }
                assertThat(s[i]).as("image %d", i).isCloseTo(worst, within(2e-3));
            }
            assertThat(s[1]).isGreaterThan(0.01);
        }
    }

    @Test
    void aLargeBankIsCutToASeededSubsetOfItsRows() {
        RandomSource r = new RandomSource(4);
        float[] train = new float[5 * 16];
        for (int i = 0; i < train.length; i++) {
            train[i] = (float) r.nextDouble();
        }
        try (ImageSet tr = ImageSet.fromPixels(train, GREY4, null, "train");
                FeaturePatchNearestNeighbour a = FeaturePatchNearestNeighbour.fit(tr, MAPS, new int[] {1}, 20, 9);
                FeaturePatchNearestNeighbour b = FeaturePatchNearestNeighbour.fit(tr, MAPS, new int[] {1}, 20, 9);
                FeaturePatchNearestNeighbour c = FeaturePatchNearestNeighbour.fit(tr, MAPS, new int[] {1}, 20, 10)) {
            assertThat(a.bankSize()).isEqualTo(20);
            assertThat(a.dimensions()).isEqualTo(1);
            assertThat(a.score(tr)).containsExactly(b.score(tr));
            assertThat(a.score(tr)).isNotEqualTo(c.score(tr));
        }
        float[] rows = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        float[] kept = PatchNearestNeighbour.uniformSubset(rows, 2, 3, 5);
        assertThat(kept).hasSize(6);
        for (int i = 0; i < 6; i += 2) { // whole rows, each a row of the input
            assertThat(kept[i + 1]).isEqualTo(kept[i] + 1);
            assertThat((int) kept[i] % 2).isZero();
        }
        assertThat(PatchNearestNeighbour.uniformSubset(rows, 2, 5, 5)).isSameAs(rows);
    }

    @Test
    void badInputIsRefused() {
        try (ImageSet empty = ImageSet.fromPixels(new float[0], GREY4, null, "none");
                ImageSet one = ImageSet.fromPixels(new float[16], GREY4, null, "one");
                ImageSet other = ImageSet.fromPixels(new float[25], ImageShape.grey(5), null, "other")) {
            assertThatThrownBy(() -> FeaturePatchNearestNeighbour.fit(empty, MAPS, new int[] {1}, 10, 1))
                    .isInstanceOf(EmptyDataException.class);
            assertThatThrownBy(() -> FeaturePatchNearestNeighbour.fit(one, MAPS, new int[0], 10, 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stage");
            assertThatThrownBy(() -> FeaturePatchNearestNeighbour.fit(one, MAPS, new int[] {1}, 0, 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBank");
            try (FeaturePatchNearestNeighbour nn = FeaturePatchNearestNeighbour.fit(one, MAPS, new int[] {1}, 10, 1)) {
                assertThatThrownBy(() -> nn.score(other)).isInstanceOf(ImageShapeException.class);
            }
        }
    }
}
