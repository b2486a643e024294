package io.github.unode.augment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The augmentations' blur kernel, pinned to the bits it had before the Gaussian was shared (issue
 * 15): its last bits steer training, so the demo's figures depend on them. Each figure is
 * {@link Arrays#hashCode(float[])} of the kernel (it hashes every weight's bits).
 */
class BlurKernelBitsTest {

    @Test
    void theKernelGivesThePinnedBits() {
        // sigmas of the standard pool: elastic at 28 px (7 * 28 / 224), blur at 28 and 32 px (H / 16), ...
        double[] sigmas = {0.4375, 0.875, 1.0, 1.75, 2.0, 14.0};
        int[] expected = {2077949184, 305007078, -1508693654, -73206764, 4859962, 881840540};
        int[] got = new int[sigmas.length];
        for (int s = 0; s < sigmas.length; s++) {
            got[s] = Arrays.hashCode(ImageOps.gaussianKernel(sigmas[s]));
        }
        assertThat(got).containsExactly(expected);
        assertThat(ImageOps.gaussianKernel(1.75)).containsExactly(6.3878775E-4f, 0.0038486999f, 0.016728655f, 0.05245629f,
                0.11866528f, 0.19365974f, 0.2280051f, 0.19365974f, 0.11866528f, 0.05245629f, 0.016728655f, 0.0038486999f,
                6.3878775E-4f);
    }
}
