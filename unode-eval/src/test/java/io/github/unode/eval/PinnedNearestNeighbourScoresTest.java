package io.github.unode.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.unode.core.ImageShape;
import io.github.unode.data.ImageSet;
import io.github.unode.eval.baselines.CosineNearestNeighbour;
import io.github.unode.eval.baselines.PatchNearestNeighbour;
import io.github.unode.eval.baselines.PixelNearestNeighbour;
import io.github.unode.internal.NearestSearch;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The nearest-neighbour baselines' scores, pinned as computed before they shared one search
 * (issue 15: "behaviour unchanged"), to float precision (the engine's last bits depend on the
 * machine; they were compared before and after on one machine). Banks of 4,500 images and 9,000
 * rows cross the searches' blocks.
 */
class PinnedNearestNeighbourScoresTest {

    private static float[] uniforms(long seed, int n) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextFloat();
        }
        return v;
    }

    @Test
    void theBaselinesGiveThePinnedScores() {
        ImageShape s = new ImageShape(1, 12, 12);
        try (ImageSet tr = ImageSet.fromPixels(uniforms(1, 4500 * 144), s, null, "tr");
                ImageSet te = ImageSet.fromPixels(uniforms(2, 70 * 144), s, null, "te");
                CosineNearestNeighbour c = CosineNearestNeighbour.fit(tr);
                PatchNearestNeighbour p = PatchNearestNeighbour.fit(tr, 8, 4, 9000, 1);
                PixelNearestNeighbour px = PixelNearestNeighbour.fit(tr)) {
            assertThat(c.score(te)[0]).isCloseTo(0.17317867279052734, within(1e-6));
            assertThat(p.score(te)[0]).isCloseTo(2.4116709232330322, within(1e-5));
            assertThat(px.score(te)[0]).isCloseTo(4.10037088394165, within(1e-5));
        }
    }

    @Test
    void theMeanDistanceToTheKNearestGivesThePinnedFigures() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray bank = m.create(uniforms(3, 9000 * 20), new Shape(9000, 20));
            NDArray q = m.create(uniforms(4, 33 * 20), new Shape(33, 20));
            NearestSearch search = NearestSearch.over(bank, NearestSearch.Measure.EUCLIDEAN).bankBlock(8192);
            int[] ks = {1, 2, 3, 7};
            double[] expected = {0.786940336227417, 0.902694582939148, 0.9539335370063782, 1.021099328994751};
            for (int i = 0; i < ks.length; i++) {
                assertThat(Methods.kNearestMeanDistance(q, search, ks[i])[0]).as("k = %d", ks[i])
                        .isCloseTo(expected[i], within(1e-6));
            }
        }
    }
}
