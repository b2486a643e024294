package io.github.unode.eval.corrupt;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.unode.core.RandomSource;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The exact bits of the corruptions built on a Gaussian (defocus's alias blur, glass, motion,
 * snow's motion-blurred layer, elastic, frost's texture), pinned as computed before the Gaussian
 * kernel was shared (issue 15: "behaviour unchanged"). Each figure is
 * {@link Arrays#hashCode(float[])} of the corrupted image: it hashes every value's bits. The
 * corruptions are plain Java, so the bits do not depend on the machine.
 */
class PinnedBlurBitsTest {

    private static float[] image(int n) {
        Random r = new Random(21);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextFloat();
        }
        return v;
    }

    @Test
    void theGaussianCorruptionsGiveThePinnedBits() {
        Corruption[] blurs = {Corruption.DEFOCUS_BLUR, Corruption.GLASS_BLUR, Corruption.MOTION_BLUR, Corruption.SNOW,
            Corruption.ELASTIC, Corruption.FROST};
        int[][] expected = {{-916506082, 1957273565}, {363012524, 1622993492}, {-928744737, 1677692518},
            {843912710, -1652603205}, {-547078828, -1672967755}, {1691567007, -1073094783}};
        int[][] got = new int[blurs.length][2];
        for (int b = 0; b < blurs.length; b++) {
            int k = 0;
            for (int severity : new int[] {1, 5}) {
                float[] out = blurs[b].apply(image(3 * 32 * 32), 3, 32, 32, severity, new RandomSource(4));
                got[b][k++] = Arrays.hashCode(out);
            }
        }
        assertThat(got).isDeepEqualTo(expected);
    }

    @Test
    void theRasterKernelGivesThePinnedBits() {
        double[] sigmas = {0.3, 1.0, 1.75, 2.5};
        int[] expected = {1287033021, 1452682476, 1212418338, -1193598444};
        int[] got = new int[sigmas.length];
        for (int s = 0; s < sigmas.length; s++) {
            got[s] = Arrays.hashCode(Raster.gaussianKernel(sigmas[s]));
        }
        assertThat(got).containsExactly(expected);
    }
}
