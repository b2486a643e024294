package io.github.unode.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import io.github.unode.core.EngineFaultException;
import io.github.unode.internal.Engines;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;

/**
 * A self-check of the engine's convolution input gradients against a float64 reference computed
 * here, run once per kernel shape and JVM before unode trains on the CPU.
 *
 * <p>Why it exists: libtorch 2.7.1's oneDNN 3.7.1 (the engine DJL 0.36.0 ships) returns wrong
 * input gradients from its AVX-512 backward-data kernel ({@code jit:avx512_core}) when a
 * convolution's output-channel count is not a multiple of 16 (measured: 4, 8, 12, 24, 40 wrong;
 * 16, 32, 48, 64 right). The values are sometimes finite and wrong, sometimes NaN or infinite,
 * and vary from run to run; the forward pass and the weight gradients are right. A network with
 * such a layer trains wrongly, or diverges, on such CPUs only. The fix is to cap oneDNN's
 * instruction set, {@code ONEDNN_MAX_CPU_ISA=AVX2}, which must be in the process environment
 * before libtorch loads (a running JVM cannot set it), so the library cannot apply it for an
 * application: it checks instead, and refuses to train a network the engine would get wrong,
 * with a message that names both fixes. The same engine's AVX-512 forward kernel is wrong for
 * more than 16 input channels that are not a multiple of 16 (24, 40: measured), and its AVX2
 * kernels give wrong input gradients for output channels, and wrong outputs for more than 8
 * input channels, that are not a multiple of 8 (4, 12 and 10, 12, 20: measured; SSE41 kernels
 * were right for every count tried; {@code unode-benchmarks ConvolutionFaults} prints the cases),
 * so the check covers all three results, and a detector is checked for its forward pass when it
 * is loaded.
 *
 * <p>What is checked: for every distinct 4-D weight shape {@code (out, in, kh, kw)} of the
 * network (its convolutions), the output, the input gradient and the weight gradient at stride 1
 * with "same" padding, on fixed pseudo-random data, {@value #REPETITIONS} times (the fault is intermittent: 28 of 40 single runs were wrong at two
 * threads on an affected CPU, 40 of 40 at one). When the probe kernel (8 channels in and out, a
 * known bad shape) is wrong, the engine is faulty on this CPU, and every convolution whose
 * output-channel count is not a multiple of 16 is refused even when its own check happened to
 * pass. Results are cached for the life of the JVM (the instruction set cannot change in it).
 * Convolutions on a GPU run through cuDNN and are not checked.
 */
public final class ConvolutionCheck {
    /** Runs of each kernel's check; the kernel is wrong if any run is. */
    public static final int REPETITIONS = 8;
    /** Largest reference cost of one kernel's check, in multiply-adds. */
    private static final long REFERENCE_BUDGET = 20_000_000L;
    private static final Kernel PROBE = new Kernel(8, 8, 3, 3);
    private static final ConcurrentMap<Kernel, Result> CACHE = new ConcurrentHashMap<>();

    private ConvolutionCheck() {}

    /**
     * A convolution's weight shape.
     *
     * @param out output channels
     * @param in input channels
     * @param height kernel height
     * @param width kernel width
     */
    public record Kernel(int out, int in, int height, int width) {
        public Kernel {
            if (out < 1 || in < 1 || height < 1 || width < 1) {
                throw new IllegalArgumentException("a convolution kernel needs positive sizes, got (" + out + ", "
                        + in + ", " + height + ", " + width + ")");
            }
        }

        @Override
        public String toString() {
            return out + "x" + in + "x" + height + "x" + width;
        }
    }

    /**
     * What one kernel's check found.
     *
     * @param kernel the kernel checked
     * @param batch images per run
     * @param size height and width of the images
     * @param runs runs made
     * @param wrongForward runs whose output differed from the reference
     * @param wrongInputGradient runs whose input gradient differed
     * @param wrongWeightGradient runs whose weight gradient differed
     * @param maxError largest difference from the reference over all runs and the three
     *     results, relative to the result's scale (infinite if any value was NaN or infinite)
     */
    public record Result(Kernel kernel, int batch, int size, int runs, int wrongForward, int wrongInputGradient,
            int wrongWeightGradient, double maxError) {
        /** Whether every run's output matched the reference (what scoring needs). */
        public boolean forwardCorrect() {
            return wrongForward == 0;
        }

        /** Whether every run's output and both gradients matched the reference (what training needs). */
        public boolean correct() {
            return wrongForward == 0 && wrongInputGradient == 0 && wrongWeightGradient == 0;
        }

        String describe() {
            List<String> parts = new ArrayList<>();
            if (wrongForward > 0) {
                parts.add("output wrong in " + wrongForward);
            }
            if (wrongInputGradient > 0) {
                parts.add("input gradient wrong in " + wrongInputGradient);
            }
            if (wrongWeightGradient > 0) {
                parts.add("weight gradient wrong in " + wrongWeightGradient);
            }
            return String.format(Locale.ROOT, "kernel %s: %s of %d runs (largest relative error %.3g)", kernel,
                    String.join(", ", parts), runs, maxError);
        }
    }

    /** The convolution weight shapes of an initialised block, each once, in parameter order. */
    public static List<Kernel> kernelsOf(Block block) {
        Set<Kernel> kernels = new LinkedHashSet<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter parameter = p.getValue();
            if (!parameter.isInitialized()) {
                continue;
            }
            Shape s = parameter.getArray().getShape();
            if (s.dimension() == 4) {
                kernels.add(new Kernel((int) s.get(0), (int) s.get(1), (int) s.get(2), (int) s.get(3)));
            }
        }
        return new ArrayList<>(kernels);
    }

    /** Whether the engine's convolution input gradients are wrong on this CPU (the probe kernel's check). */
    public static boolean engineFaulty() {
        return !check(PROBE).correct();
    }

    /** Checks one kernel on the CPU (cached per JVM). Must not run while a gradient collector is open. */
    public static Result check(Kernel kernel) {
        return CACHE.computeIfAbsent(kernel, ConvolutionCheck::run);
    }

    /**
     * Refuses to train {@code block} on {@code device} when the engine computes any of its
     * convolutions (output, input gradient or weight gradient) wrongly here.
     *
     * @param block an initialised network
     * @param device where it will train; GPUs are not checked
     * @throws EngineFaultException naming the faulty kernels and the fixes
     */
    public static void requireCorrectGradients(Block block, Device device) {
        require(block, device, true);
    }

    /**
     * Refuses to score with {@code block} on {@code device} when the engine computes any of its
     * convolutions' outputs wrongly here (measured: libtorch 2.7.1's AVX-512 forward kernel is
     * wrong for more than 16 input channels that are not a multiple of 16, such as 24 or 40).
     *
     * @throws EngineFaultException naming the faulty kernels and the fixes
     */
    public static void requireCorrectForward(Block block, Device device) {
        require(block, device, false);
    }

    private static void require(Block block, Device device, boolean training) {
        if (!Device.Type.CPU.equals(device.getDeviceType())) {
            return;
        }
        List<Kernel> kernels = kernelsOf(block);
        if (kernels.isEmpty()) {
            return;
        }
        boolean faultyEngine = training && engineFaulty();
        List<Result> wrong = new ArrayList<>();
        List<Kernel> suspect = new ArrayList<>();
        for (Kernel k : kernels) {
            Result r = check(k);
            if (training ? !r.correct() : !r.forwardCorrect()) {
                wrong.add(r);
            } else if (faultyEngine && k.out() % 16 != 0) {
                suspect.add(k);
            }
        }
        if (wrong.isEmpty() && suspect.isEmpty()) {
            return;
        }
        throw new EngineFaultException(message(wrong, suspect, training));
    }

    private static String message(List<Result> wrong, List<Kernel> suspect, boolean training) {
        StringBuilder m = new StringBuilder("the engine (libtorch ").append(Engines.engine().getVersion())
                .append(") computes convolutions wrongly on this CPU, so ")
                .append(training ? "training" : "scoring").append(" here would be silently wrong")
                .append(training ? " or diverge. " : ". ");
        if (!wrong.isEmpty()) {
            m.append("Checked against a float64 reference: ").append(wrong.stream().map(Result::describe)
                    .collect(Collectors.joining("; "))).append(". ");
        }
        if (!suspect.isEmpty()) {
            m.append("Also refused, as the same fault's pattern (output channels not a multiple of 16): ")
                    .append(suspect.stream().map(Kernel::toString).collect(Collectors.joining(", "))).append(". ");
        }
        String isa = System.getenv("ONEDNN_MAX_CPU_ISA");
        if (isa == null || isa.isBlank()) {
            m.append("Fix: start the JVM with the environment variable ONEDNN_MAX_CPU_ISA=AVX2 (the ./unode"
                    + " launcher sets it; it must be in the environment before the JVM starts), or use a network"
                    + " whose convolutions have multiples of 16 channels (Backbone.resNet18(shape, 0.25) or wider,"
                    + " CLI --width 0.25).");
        } else {
            m.append("ONEDNN_MAX_CPU_ISA is ").append(isa).append(" in this JVM's environment; start it with")
                    .append(" ONEDNN_MAX_CPU_ISA=SSE41 instead (libtorch 2.7.1's AVX2 kernels are wrong for channel")
                    .append(" counts that are not a multiple of 8), or use a network whose convolutions have")
                    .append(" multiples of 16 channels.");
        }
        return m.toString();
    }

    /**
     * Images per run and their size, the largest whose reference stays within the budget (the
     * probe kernel gets 64 images of 32 x 32, where its fault showed in 28 to 40 of 40 runs).
     */
    static int[] plan(Kernel k) {
        if (k.equals(PROBE)) {
            return new int[] {64, 32};
        }
        long perPixel = (long) k.out() * k.in() * k.height() * k.width();
        for (int size : new int[] {32, 16, 8}) {
            long n = REFERENCE_BUDGET / (perPixel * size * size);
            if (n >= 4) {
                return new int[] {(int) Math.min(64, n), size};
            }
        }
        return new int[] {(int) Math.max(1, Math.min(64, REFERENCE_BUDGET / (perPixel * 16))), 4};
    }

    private static Result run(Kernel k) {
        int[] plan = plan(k);
        int n = plan[0];
        int hw = plan[1];
        int ho = hw + 2 * (k.height() / 2) - k.height() + 1;
        int wo = hw + 2 * (k.width() / 2) - k.width() + 1;
        SplittableRandom random = new SplittableRandom(31L * k.hashCode() + 7);
        float[] x = gaussian(random, n * k.in() * hw * hw, 1.0);
        float[] w = gaussian(random, k.out() * k.in() * k.height() * k.width(), 1.0 / Math.sqrt(k.in() * k.height()
                * k.width()));
        float[] g = gaussian(random, n * k.out() * ho * wo, 1.0);
        Reference ref = reference(x, w, g, n, k, hw, hw, ho, wo);
        double[][] expected = {ref.output(), ref.inputGradient(), ref.weightGradient()};
        double[] scales = {scale(expected[0]), scale(expected[1]), scale(expected[2])};
        int[] wrong = new int[3];
        double maxError = 0;
        for (int r = 0; r < REPETITIONS; r++) {
            float[][] got = engine(x, w, g, n, k, hw, ho, wo);
            for (int part = 0; part < 3; part++) {
                double error = maxAbsError(expected[part], got[part]) / scales[part];
                maxError = Math.max(maxError, error);
                if (!(error <= TOLERANCE)) {
                    wrong[part]++;
                }
            }
        }
        return new Result(k, n, hw, REPETITIONS, wrong[0], wrong[1], wrong[2], maxError);
    }

    /** The engine's output, input gradient and weight gradient of one run. */
    private static float[][] engine(float[] x, float[] w, float[] g, int n, Kernel k, int hw, int ho, int wo) {
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), Engines.ENGINE)) {
            NDArray input = m.create(x, new Shape(n, k.in(), hw, hw));
            input.setRequiresGradient(true);
            NDArray weight = m.create(w, new Shape(k.out(), k.in(), k.height(), k.width()));
            weight.setRequiresGradient(true);
            NDArray upstream = m.create(g, new Shape(n, k.out(), ho, wo));
            NDArray out;
            try (GradientCollector collector = Engines.engine().newGradientCollector()) {
                out = Conv2d.conv2d(input, weight, null, new Shape(1, 1),
                        new Shape(k.height() / 2, k.width() / 2), new Shape(1, 1), 1).singletonOrThrow();
                collector.backward(out.mul(upstream).sum());
            }
            return new float[][] {out.toFloatArray(), input.getGradient().toFloatArray(),
                weight.getGradient().toFloatArray()};
        }
    }

    /** A convolution's output and the gradients of {@code sum(output * g)}, in float64. */
    record Reference(double[] output, double[] inputGradient, double[] weightGradient) {}

    /**
     * A stride-1 convolution with padding (kh/2, kw/2) and no bias, and the gradients of
     * {@code sum(conv(x, w) * g)} with respect to {@code x} and {@code w}, in float64.
     */
    static Reference reference(float[] x, float[] w, float[] g, int n, Kernel k, int h, int wd, int ho, int wo) {
        int ph = k.height() / 2;
        int pw = k.width() / 2;
        int cin = k.in();
        int kh = k.height();
        int kw = k.width();
        double[] y = new double[n * k.out() * ho * wo];
        double[] dx = new double[x.length];
        double[] dw = new double[w.length];
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < k.out(); o++) {
                for (int yo = 0; yo < ho; yo++) {
                    for (int xo = 0; xo < wo; xo++) {
                        int yIndex = ((b * k.out() + o) * ho + yo) * wo + xo;
                        double gv = g[yIndex];
                        double sum = 0;
                        for (int c = 0; c < cin; c++) {
                            int wBase = (o * cin + c) * kh * kw;
                            int xBase = (b * cin + c) * h * wd;
                            for (int ky = 0; ky < kh; ky++) {
                                int yi = yo - ph + ky;
                                if (yi < 0 || yi >= h) {
                                    continue;
                                }
                                for (int kx = 0; kx < kw; kx++) {
                                    int xi = xo - pw + kx;
                                    if (xi >= 0 && xi < wd) {
                                        int xIndex = xBase + yi * wd + xi;
                                        int wIndex = wBase + ky * kw + kx;
                                        sum += (double) x[xIndex] * w[wIndex];
                                        dx[xIndex] += gv * w[wIndex];
                                        dw[wIndex] += gv * x[xIndex];
                                    }
                                }
                            }
                        }
                        y[yIndex] = sum;
                    }
                }
            }
        }
        return new Reference(y, dx, dw);
    }

    /** Float32 rounding of these sums stays far below a thousandth of the result's scale. */
    static final double TOLERANCE = 1e-3;

    /**
     * Largest |reference - got| over the reference's scale (its largest magnitude, at least 1);
     * infinite when any value of {@code got} is NaN or infinite or the lengths differ.
     */
    static double relativeError(double[] reference, float[] got) {
        return maxAbsError(reference, got) / scale(reference);
    }

    /** The reference's largest magnitude, at least 1. */
    private static double scale(double[] reference) {
        double scale = 1;
        for (double v : reference) {
            scale = Math.max(scale, Math.abs(v));
        }
        return scale;
    }

    /** Largest |reference - got|, infinite when any value of {@code got} is NaN or infinite. */
    static double maxAbsError(double[] reference, float[] got) {
        if (got.length != reference.length) {
            return Double.POSITIVE_INFINITY;
        }
        double max = 0;
        for (int i = 0; i < got.length; i++) {
            double e = Math.abs(reference[i] - got[i]);
            if (!(e <= max)) {
                max = Double.isNaN(e) || Double.isInfinite(e) ? Double.POSITIVE_INFINITY : e;
                if (Double.isInfinite(max)) {
                    return max;
                }
            }
        }
        return max;
    }

    private static float[] gaussian(SplittableRandom random, int size, double std) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            // Box-Muller from two uniforms: SplittableRandom has no nextGaussian on Java 17
            double u = 1 - random.nextDouble();
            double t = random.nextDouble();
            v[i] = (float) (std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * t));
        }
        return v;
    }
}
