package io.github.unode.benchmarks;

import io.github.unode.model.ConvolutionCheck;
import java.util.Locale;

/**
 * Which convolutions the engine gets wrong on this CPU under the current
 * {@code ONEDNN_MAX_CPU_ISA}: {@link ConvolutionCheck} (8 runs against a float64 reference) on
 * 3x3 kernels with 8 input channels and 1 to 48 output channels (the input gradient's fault) and
 * with 16 output channels and 8 to 48 input channels (the forward pass's fault). The table in
 * docs/user-guide.md ("CPUs and the engine") comes from these runs.
 *
 * <pre>ONEDNN_MAX_CPU_ISA=ALL unode-benchmarks/scripts/bench ConvolutionFaults   (or AVX2, SSE41)</pre>
 */
public final class ConvolutionFaults {
    private ConvolutionFaults() {}

    public static void main(String[] args) {
        System.out.println("ONEDNN_MAX_CPU_ISA=" + System.getenv("ONEDNN_MAX_CPU_ISA") + ", probe (8x8x3x3) faulty: "
                + ConvolutionCheck.engineFaulty());
        System.out.println("kernel (out x in x 3 x 3)  batch x size  wrong runs of 8: output / input grad / weight grad");
        int[] counts = {1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 16, 20, 24, 32, 40, 48};
        for (int out : counts) {
            print(ConvolutionCheck.check(new ConvolutionCheck.Kernel(out, 8, 3, 3)));
        }
        for (int in : counts) {
            if (in > 8) {
                print(ConvolutionCheck.check(new ConvolutionCheck.Kernel(16, in, 3, 3)));
            }
        }
    }

    private static void print(ConvolutionCheck.Result r) {
        System.out.printf(Locale.ROOT, "%-26s %3d x %-3d      %d / %d / %d   (largest relative error %.3g)%n", r.kernel(),
                r.batch(), r.size(), r.wrongForward(), r.wrongInputGradient(), r.wrongWeightGradient(), r.maxError());
    }
}
