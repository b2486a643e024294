package io.github.unode.benchkit;

/**
 * The one definition of a ratio: a figure's throughput divided by the reference matrix-product
 * rate measured in the same run. Operations per second over GFLOP per second: operations per
 * GFLOP of the engine's own product. A change that makes the figure 20% slower makes its ratio
 * 20% lower on any machine, while the machine's own speed cancels out.
 *
 * <p>How it is measured, for steadiness on a machine shared with other work, where the noise is
 * one-sided (a busy core only ever slows a call down) and the load changes over seconds: JMH
 * samples the time of single calls; before each measured iteration (1 s) the reference is probed
 * ({@link ReferenceProbe}: the fastest of 3 products); the iteration's ratio is its fastest
 * call's throughput over that rate, and the figure's ratio is the median over its iterations.
 * The summary also keeps the fastest call and the median call of the whole run, and the
 * reference rate measured before and after all benchmarks.
 */
public final class Ratios {
    private Ratios() {}

    /** {@code opsPerSecond / referenceGflops}. */
    public static double ratio(double opsPerSecond, double referenceGflops) {
        if (!(referenceGflops > 0) || Double.isInfinite(referenceGflops)) {
            throw new IllegalArgumentException("the reference rate must be a positive number, got " + referenceGflops);
        }
        return opsPerSecond / referenceGflops;
    }

    /** The median of the values (the mean of the middle pair for an even count). */
    public static double median(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no value");
        }
        double[] s = values.clone();
        java.util.Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** The largest of the values: the best of several throughputs. */
    public static double best(double... throughputs) {
        if (throughputs.length == 0) {
            throw new IllegalArgumentException("no value");
        }
        double b = Double.NEGATIVE_INFINITY;
        for (double t : throughputs) {
            b = Math.max(b, t);
        }
        return b;
    }
}
