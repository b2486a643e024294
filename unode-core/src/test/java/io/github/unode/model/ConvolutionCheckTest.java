package io.github.unode.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.Model;
import io.github.unode.core.ImageShape;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The convolution self-check: its float64 reference against hand-computed gradients, its
 * comparison, the kernels it finds in a network, and its verdict on the engine in this JVM (the
 * test JVM runs with ONEDNN_MAX_CPU_ISA=AVX2, where libtorch's kernels are right). The verdict
 * without that variable, on whatever CPU runs the suite, is checked in a child process by
 * unode-train's EngineGuardTest.
 */
class ConvolutionCheckTest {

    @Test
    void theReferenceMatchesHandComputedOutputsAndGradients() {
        ConvolutionCheck.Kernel one = new ConvolutionCheck.Kernel(1, 1, 3, 3);
        // one 3x3 image of ones, kernel 1..9: the centre output sees the whole kernel (45), a
        // corner output its 2x2 quarter (top-left: 5 + 6 + 8 + 9 = 28)
        float[] ones = {1, 1, 1, 1, 1, 1, 1, 1, 1};
        float[] w = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        float[] centre = {0, 0, 0, 0, 1, 0, 0, 0, 0};
        ConvolutionCheck.Reference r = ConvolutionCheck.reference(ones, w, centre, 1, one, 3, 3, 3, 3);
        assertThat(r.output()[4]).isEqualTo(45);
        assertThat(r.output()[0]).isEqualTo(28);
        assertThat(r.output()[8]).isEqualTo(1 + 2 + 4 + 5);
        // upstream 1 at the centre only: d/dx of sum(conv * g) is the kernel laid over the input,
        // and d/dw the input patch under the centre (all ones)
        assertThat(r.inputGradient()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(r.weightGradient()).containsOnly(1.0);
        // upstream 1 at the top-left output: only the kernel's lower-right 2x2 reaches the input
        float[] corner = {1, 0, 0, 0, 0, 0, 0, 0, 0};
        float[] ramp = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        ConvolutionCheck.Reference c = ConvolutionCheck.reference(ramp, w, corner, 1, one, 3, 3, 3, 3);
        assertThat(c.inputGradient()).containsExactly(5, 6, 0, 8, 9, 0, 0, 0, 0);
        // and the weights see the input shifted: w[ky][kx] pairs with x[ky - 1][kx - 1]
        assertThat(c.weightGradient()).containsExactly(0, 0, 0, 0, 1, 2, 0, 4, 5);
        // two output channels add up in the input gradient; the input channel is the kernel's second axis
        float[] w2 = {1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2};
        float[] g2 = {0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0};
        ConvolutionCheck.Reference two = ConvolutionCheck.reference(ones, w2, g2, 1,
                new ConvolutionCheck.Kernel(2, 1, 3, 3), 3, 3, 3, 3);
        assertThat(two.inputGradient()).containsOnly(3.0);
        assertThat(two.output()[4]).isEqualTo(9);
        assertThat(two.output()[9 + 4]).isEqualTo(18);
    }

    @Test
    void aNaNOrAWrongValueFailsTheComparisonAndRoundingDoesNot() {
        double[] ref = {1.0, -2.0, 4.0};
        assertThat(ConvolutionCheck.relativeError(ref, new float[] {1f, -2f, Float.NaN})).isInfinite();
        assertThat(ConvolutionCheck.relativeError(ref, new float[] {1f, Float.POSITIVE_INFINITY, 4f})).isInfinite();
        assertThat(ConvolutionCheck.relativeError(ref, new float[] {1f, -2f})).isInfinite();
        double off = ConvolutionCheck.relativeError(ref, new float[] {1f, -2f, 4.1f});
        assertThat(off).isCloseTo(0.1 / 4, org.assertj.core.data.Offset.offset(1e-6)); // over the scale 4
        assertThat(off).isGreaterThan(ConvolutionCheck.TOLERANCE);
        double rounding = ConvolutionCheck.relativeError(ref, new float[] {1f, -2f, Math.nextUp(4f)});
        assertThat(rounding).isPositive().isLessThan(ConvolutionCheck.TOLERANCE);
    }

    @Test
    void itFindsEachDistinctConvolutionOfAResNetOnce() {
        try (Model model = Model.newInstance("check")) {
            UnodeModel block = new UnodeModel(Backbone.resNet18(ImageShape.rgb(32), 0.125));
            block.initialize(model.getNDManager(), 1);
            List<ConvolutionCheck.Kernel> kernels = ConvolutionCheck.kernelsOf(block);
            assertThat(kernels).doesNotHaveDuplicates();
            assertThat(kernels.get(0)).isEqualTo(new ConvolutionCheck.Kernel(8, 3, 3, 3));
            assertThat(kernels).contains(new ConvolutionCheck.Kernel(8, 8, 3, 3), new ConvolutionCheck.Kernel(16, 8, 3, 3),
                    new ConvolutionCheck.Kernel(16, 8, 1, 1), new ConvolutionCheck.Kernel(64, 64, 3, 3));
            assertThat(kernels).hasSize(11); // stem, 8-8, and per later stage: 3x3 in, 3x3 same, 1x1 shortcut
        }
    }

    @Test
    void theCheckStaysWithinItsBudgetAndGivesTheProbeItsSize() {
        assertThat(ConvolutionCheck.plan(new ConvolutionCheck.Kernel(8, 8, 3, 3))).containsExactly(64, 32);
        int[] big = ConvolutionCheck.plan(new ConvolutionCheck.Kernel(512, 512, 3, 3));
        assertThat(512L * 512 * 9 * big[0] * big[1] * big[1]).isLessThanOrEqualTo(40_000_000L);
        assertThat(big[0]).isPositive();
    }

    @Test
    void underTheTestsInstructionSetTheProbeAndMultiplesOfEightAreRight() {
        // the suite runs with ONEDNN_MAX_CPU_ISA=AVX2 (pom.xml; or SSE41); there the probe (8
        // channels, wrong under libtorch 2.7.1's AVX-512 kernels) and multiples of 8 must pass
        assertThat(System.getenv("ONEDNN_MAX_CPU_ISA")).isNotBlank();
        assertThat(ConvolutionCheck.engineFaulty()).isFalse();
        for (ConvolutionCheck.Kernel k : List.of(new ConvolutionCheck.Kernel(24, 24, 3, 3),
                new ConvolutionCheck.Kernel(16, 16, 3, 3), new ConvolutionCheck.Kernel(8, 3, 3, 3))) {
            ConvolutionCheck.Result r = ConvolutionCheck.check(k);
            assertThat(r.correct()).as("%s", r).isTrue();
            assertThat(r.runs()).isEqualTo(ConvolutionCheck.REPETITIONS);
            assertThat(r.maxError()).isLessThan(1e-4);
        }
        try (Model model = Model.newInstance("check")) {
            UnodeModel block = new UnodeModel(Backbone.resNet18(ImageShape.grey(28), 0.125));
            block.initialize(model.getNDManager(), 1);
            ConvolutionCheck.requireCorrectGradients(block, Device.cpu()); // 8 to 64 channels: accepted
        }
    }

    @Test
    void aNetworkIsRefusedExactlyWhenOneOfItsKernelsIsWrongHere() {
        // 4 output channels: wrong under libtorch 2.7.1's AVX2 kernels (measured 5 of 5 runs on an
        // AVX-512 EPYC with ONEDNN_MAX_CPU_ISA=AVX2), right under SSE41. Whatever this machine
        // does, the verdict on the network must follow the kernel's own check.
        ai.djl.nn.SequentialBlock net = new ai.djl.nn.SequentialBlock().add(ResNets.conv(8, 3, 1))
                .add(ResNets.conv(4, 3, 1));
        try (Model model = Model.newInstance("check")) {
            net.initialize(model.getNDManager(), ai.djl.ndarray.types.DataType.FLOAT32,
                    new ai.djl.ndarray.types.Shape(2, 8, 8, 8));
            ConvolutionCheck.Result four = ConvolutionCheck.check(new ConvolutionCheck.Kernel(4, 8, 3, 3));
            assertThat(four.forwardCorrect()).isTrue(); // measured: only its input gradient goes wrong
            if (four.correct()) {
                ConvolutionCheck.requireCorrectGradients(net, Device.cpu());
            } else {
                assertThatThrownBy(() -> ConvolutionCheck.requireCorrectGradients(net, Device.cpu()))
                        .isInstanceOf(io.github.unode.core.EngineFaultException.class)
                        .hasMessageContaining("kernel 4x8x3x3: ")
                        .hasMessageContaining("of 8 runs")
                        .hasMessageContaining("ONEDNN_MAX_CPU_ISA is " + System.getenv("ONEDNN_MAX_CPU_ISA"))
                        .hasMessageContaining("SSE41");
            }
        }
    }

    @Test
    void aKernelNeedsPositiveSizes() {
        assertThatThrownBy(() -> new ConvolutionCheck.Kernel(0, 8, 3, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(0, 8, 3, 3)");
    }
}
