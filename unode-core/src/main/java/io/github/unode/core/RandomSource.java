package io.github.unode.core;

import java.util.SplittableRandom;

/**
 * The one source of randomness in unode: a seeded, splittable generator whose draws happen in
 * Java, so that results never depend on the engine's global random state or on what other code
 * in the same JVM does with it. Not thread-safe: give each thread its own {@link #split()}.
 */
public final class RandomSource {
    private final SplittableRandom random;

    public RandomSource(long seed) {
        this.random = new SplittableRandom(seed);
    }

    private RandomSource(SplittableRandom random) {
        this.random = random;
    }

    /** An independent stream, itself deterministic given this source's state. */
    public RandomSource split() {
        return new RandomSource(random.split());
    }

    /** Uniform in [0, bound). */
    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /** Uniform in [origin, bound). */
    public int nextInt(int origin, int bound) {
        return random.nextInt(origin, bound);
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return random.nextDouble();
    }

    /** Uniform in [origin, bound). */
    public double nextDouble(double origin, double bound) {
        return random.nextDouble(origin, bound);
    }

    public long nextLong() {
        return random.nextLong();
    }

    public boolean nextBoolean(double probability) {
        return random.nextDouble() < probability;
    }

    /**
     * Standard normal draw by Marsaglia's polar method (exact, and independent of JDK version
     * differences); the second value of each pair is not cached, so every draw starts afresh.
     */
    public double nextGaussian() {
        return polarPair(null);
    }

    /** {@code n} standard normal draws as floats, both values of each polar pair used. */
    public float[] gaussians(int n) {
        float[] out = new float[n];
        double[] second = new double[1];
        for (int i = 0; i < n; i += 2) {
            out[i] = (float) polarPair(second);
            if (i + 1 < n) {
                out[i + 1] = (float) second[0];
            }
        }
        return out;
    }

    /** One polar-method pair: returns the first value, stores the second in {@code second[0]} if given. */
    private double polarPair(double[] second) {
        double u;
        double v;
        double s;
        do {
            u = 2 * random.nextDouble() - 1;
            v = 2 * random.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double f = Math.sqrt(-2 * Math.log(s) / s);
        if (second != null) {
            second[0] = v * f;
        }
        return u * f;
    }

    /** {@code n} uniform draws in [0, 1) as floats. */
    public float[] uniforms(int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) random.nextDouble();
        }
        return out;
    }

    /** A uniformly random permutation of {@code 0..n-1} (Fisher-Yates). */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
