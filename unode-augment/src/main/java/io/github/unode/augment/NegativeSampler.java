package io.github.unode.augment;

import ai.djl.ndarray.NDArray;
import io.github.unode.core.RandomSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Makes negatives from a batch of inliers (METHOD 3.7): for each image independently, draw
 * {@code r} uniformly from {@code 1..rMax}, then {@code r} distinct augmentations with
 * probability proportional to their weights (without replacement, renormalising after each
 * draw), and apply them in sequence.
 *
 * <p>Work is batched by step: at step {@code j}, the images whose {@code j}-th augmentation is
 * {@code a} go through {@code a} together, so a batch costs at most {@code rMax x |pool|}
 * augmentation calls whatever its size. {@link #sampleBatchComposition} is the paper's form
 * instead: one composition drawn for the whole batch (section 3.1). When fewer augmentations have
 * a positive weight than {@code rMax} (AutoAugOOD's softmax can round a weight to exactly 0), a
 * composition holds at most as many as have one. Immutable and thread-safe.
 */
public final class NegativeSampler {
    private final AugmentationPool pool;
    private final double[] weights;
    private final int rMax;
    private final int positive;

    /** Uniform weights. */
    public NegativeSampler(AugmentationPool pool, int rMax) {
        this(pool, uniform(pool), rMax);
    }

    /**
     * @param pool the augmentations
     * @param weights weight of each augmentation by name; names not listed get weight 0
     * @param rMax most augmentations per negative
     */
    public NegativeSampler(AugmentationPool pool, Map<String, Double> weights, int rMax) {
        this(pool, toArray(pool, weights), rMax);
    }

    private NegativeSampler(AugmentationPool pool, double[] weights, int rMax) {
        this.pool = pool;
        this.weights = weights;
        int positive = 0;
        for (double w : weights) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("augmentation weights must be finite and non-negative, got "
                        + Arrays.toString(weights));
            }
            positive += w > 0 ? 1 : 0;
        }
        if (positive == 0) {
            throw new IllegalArgumentException("at least one augmentation weight must be positive");
        }
        if (rMax < 1 || rMax > weights.length) {
            throw new IllegalArgumentException("rMax must lie in [1, " + weights.length + "] (the pool's size), got "
                    + rMax);
        }
        this.rMax = rMax;
        this.positive = positive;
    }

    private static double[] uniform(AugmentationPool pool) {
        double[] w = new double[pool.size()];
        Arrays.fill(w, 1.0 / pool.size());
        return w;
    }

    private static double[] toArray(AugmentationPool pool, Map<String, Double> weights) {
        for (String name : weights.keySet()) {
            if (!pool.names().contains(name)) {
                throw new IllegalArgumentException("weight given for '" + name + "', which is not in the pool "
                        + pool.names());
            }
        }
        double[] w = new double[pool.size()];
        List<String> names = pool.names();
        for (int i = 0; i < w.length; i++) {
            Double v = weights.get(names.get(i));
            w[i] = v == null ? 0 : v;
        }
        return w;
    }

    /** The weights by name, normalised to sum 1. */
    public Map<String, Double> weights() {
        double sum = Arrays.stream(weights).sum();
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < weights.length; i++) {
            m.put(pool.names().get(i), weights[i] / sum);
        }
        return m;
    }

    public AugmentationPool pool() {
        return pool;
    }

    public int rMax() {
        return rMax;
    }

    /**
     * Draws the compositions for {@code n} images: for each, the indices (into the pool) of its
     * augmentations in order of application.
     */
    public int[][] drawCompositions(int n, RandomSource random) {
        int[][] out = new int[n][];
        double[] w = new double[weights.length];
        for (int i = 0; i < n; i++) {
            int r = 1 + random.nextInt(Math.min(rMax, positive));
            System.arraycopy(weights, 0, w, 0, w.length);
            int[] comp = new int[r];
            for (int j = 0; j < r; j++) {
                double total = 0;
                for (double v : w) {
                    total += v;
                }
                double u = random.nextDouble() * total;
                int pick = -1;
                for (int k = 0; k < w.length; k++) {
                    if (w[k] > 0) {
                        pick = k;
                        u -= w[k];
                        if (u < 0) {
                            break;
                        }
                    }
                }
                comp[j] = pick;
                w[pick] = 0;
            }
            out[i] = comp;
        }
        return out;
    }

    /** Negatives for a batch, and the augmentations each image went through. */
    public record Sample(NDArray negatives, List<List<String>> compositions) {}

    /** Makes one negative per image of the batch. */
    public NDArray sample(NDArray batch, RandomSource random) {
        return sampleWithCompositions(batch, random).negatives();
    }

    /**
     * The paper's negatives (section 3.1): one composition {@code s*} of {@code r ~ U(1..rMax)}
     * augmentations drawn for the whole batch and applied to every image, {@code Gamma(B) = s*(B)}.
     * Augmentations that draw parameters (a rotation's angle, a cutout's place) still draw them
     * per image.
     */
    public Sample sampleBatchComposition(NDArray batch, RandomSource random) {
        ImageOps.requireBatch(batch);
        int n = (int) batch.getShape().get(0);
        int[] comp = drawCompositions(1, random)[0];
        NDArray x = batch;
        List<Augmentation> augs = pool.augmentations();
        for (int k : comp) {
            x = augs.get(k).apply(x, random);
        }
        return new Sample(x, java.util.Collections.nCopies(n, names(comp)));
    }

    /** Like {@link #sample}, also reporting each image's composition. */
    public Sample sampleWithCompositions(NDArray batch, RandomSource random) {
        ImageOps.requireBatch(batch);
        int n = (int) batch.getShape().get(0);
        int[][] comps = drawCompositions(n, random);
        List<Augmentation> augs = pool.augmentations();
        NDArray x = batch;
        for (int step = 0; step < rMax; step++) {
            int[] group = new int[n];
            boolean any = false;
            for (int i = 0; i < n; i++) {
                group[i] = step < comps[i].length ? comps[i][step] : -1;
                any |= group[i] >= 0;
            }
            if (!any) {
                break;
            }
            x = ImageOps.applyGrouped(x, group, augs.size(), (g, sub) -> augs.get(g).apply(sub, random));
        }
        List<List<String>> names = new ArrayList<>(n);
        for (int[] c : comps) {
            names.add(names(c));
        }
        return new Sample(x, names);
    }

    /** The names of a composition's augmentations, in order of application. */
    private List<String> names(int[] composition) {
        List<String> l = new ArrayList<>(composition.length);
        for (int k : composition) {
            l.add(pool.names().get(k));
        }
        return List.copyOf(l);
    }

    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(", ", "", " (1.." + rMax + " per negative)");
        weights().forEach((k, v) -> j.add(String.format(Locale.ROOT, "%s %.3f", k, v)));
        return j.toString();
    }
}
