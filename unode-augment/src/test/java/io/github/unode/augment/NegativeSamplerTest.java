package io.github.unode.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.unode.core.RandomSource;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NegativeSamplerTest {
    private static final AugmentationPool POOL = AugmentationPool.standard();

    @Test
    void singleDrawFrequenciesMatchTheWeights() {
        Map<String, Double> w = new LinkedHashMap<>();
        w.put("rotate", 4.0);
        w.put("invert", 2.0);
        w.put("blur", 1.0);
        w.put("noise", 1.0);
        NegativeSampler s = new NegativeSampler(POOL, w, 1);
        int n = 40_000;
        int[] counts = new int[POOL.size()];
        for (int[] c : s.drawCompositions(n, new RandomSource(1))) {
            assertThat(c).hasSize(1);
            counts[c[0]]++;
        }
        double chi2 = 0;
        int df = 0;
        for (int k = 0; k < POOL.size(); k++) {
            double p = w.getOrDefault(POOL.names().get(k), 0.0) / 8.0;
            if (p == 0) {
                assertThat(counts[k]).as("weight 0 is never drawn").isZero();
            } else {
                chi2 += Math.pow(counts[k] - n * p, 2) / (n * p);
                df++;
            }
        }
        // chi-square with 3 degrees of freedom: 16.27 is its 0.999 quantile
        assertThat(df).isEqualTo(4);
        assertThat(chi2).isLessThan(16.27);
    }

    @Test
    void compositionsNeverRepeatAndHaveOneToRMaxMembers() {
        NegativeSampler s = new NegativeSampler(POOL, 3);
        int[] lengths = new int[4];
        int secondIsRotate = 0;
        int firstIsRotate = 0;
        for (int[] c : s.drawCompositions(30_000, new RandomSource(2))) {
            assertThat(c.length).isBetween(1, 3);
            lengths[c.length]++;
            Set<Integer> seen = new HashSet<>();
            for (int k : c) {
                assertThat(seen.add(k)).as("no repeat in one composition").isTrue();
            }
            firstIsRotate += c[0] == 0 ? 1 : 0;
            secondIsRotate += c.length > 1 && c[1] == 0 ? 1 : 0;
        }
        // r uniform on {1, 2, 3}
        for (int r = 1; r <= 3; r++) {
            assertThat(lengths[r]).isBetween(9_500, 10_500);
        }
        // uniform weights: each augmentation first in 1/10 of draws
        assertThat(firstIsRotate).isBetween(2_700, 3_300);
        // second draw renormalised over the 9 left: P(rotate second) = 2/3 * 9/10 * 1/9 = 1/15
        assertThat(secondIsRotate).isBetween(1_750, 2_250);
    }

    /** A hand-made augmentation: every pixel {@code v -> a v + b}. Two of them do not commute. */
    private record Affine(String name, float a, float b) implements Augmentation {
        @Override
        public NDArray apply(NDArray batch, RandomSource random) {
            return batch.mul(a).add(b);
        }
    }

    private static final Augmentation PLUS = new Affine("plus", 1f, 0.25f);
    private static final Augmentation TWICE = new Affine("twice", 2f, 0f);

    /** Constant 4x4 grey images of value 0.01 i. */
    private static NDArray constantImages(NDManager m, int n) {
        float[] v = new float[n * 16];
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(v, i * 16, (i + 1) * 16, 0.01f * i);
        }
        return m.create(v, new Shape(n, 1, 4, 4));
    }

    /** What a composition does to value v, written out by hand: plus = v + 0.25, twice = 2v. */
    private static float byHand(List<String> composition, float v) {
        return switch (String.join(",", composition)) {
            case "plus" -> v + 0.25f;
            case "twice" -> 2 * v;
            case "plus,twice" -> 2 * (v + 0.25f);
            case "twice,plus" -> 2 * v + 0.25f;
            default -> throw new AssertionError(composition);
        };
    }

    @Test
    void samplingAppliesEachImagesCompositionInTheOrderDrawn() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = constantImages(m, 40);
            NegativeSampler s = new NegativeSampler(AugmentationPool.of(PLUS, TWICE), 2);
            NegativeSampler.Sample out = s.sampleWithCompositions(x, new RandomSource(4));
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 40; i++) {
                List<String> c = out.compositions().get(i);
                seen.add(String.join(",", c));
                float want = byHand(c, 0.01f * i);
                for (float got : out.negatives().get(i).toFloatArray()) {
                    assertThat(got).as("image %d through %s", i, c)
                            .isCloseTo(want, org.assertj.core.api.Assertions.within(1e-6f));
                }
            }
            assertThat(seen).containsExactlyInAnyOrder("plus", "twice", "plus,twice", "twice,plus");
            // same seed, same negatives
            assertThat(s.sample(x, new RandomSource(4)).toFloatArray()).containsExactly(out.negatives().toFloatArray());
        }
    }

    @Test
    void thePapersBatchCompositionAppliesOneCompositionToEveryImage() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = constantImages(m, 12);
            NegativeSampler s = new NegativeSampler(AugmentationPool.of(PLUS, TWICE), 2);
            Set<String> perBatch = new HashSet<>();
            for (int seed = 0; seed < 30; seed++) {
                NegativeSampler.Sample out = s.sampleBatchComposition(x, new RandomSource(seed));
                List<String> c = out.compositions().get(0);
                assertThat(out.compositions()).allSatisfy(ci -> assertThat(ci).isEqualTo(c));
                perBatch.add(String.join(",", c));
                for (int i = 0; i < 12; i++) {
                    assertThat(out.negatives().get(i).toFloatArray()[0])
                            .isCloseTo(byHand(c, 0.01f * i), org.assertj.core.api.Assertions.within(1e-6f));
                }
            }
            assertThat(perBatch).containsExactlyInAnyOrder("plus", "twice", "plus,twice", "twice,plus");
        }
    }

    @Test
    void secondDrawsFollowTheWeightsRenormalisedWithoutTheFirst() {
        // weights 0.5, 0.3, 0.2 on three augmentations, rMax 2: P(r = 2) = 1/2;
        // P(first = k) = w_k; P(second = k | first = j) = w_k / (1 - w_j)
        double[] w = {0.5, 0.3, 0.2};
        AugmentationPool pool = AugmentationPool.of(PLUS, TWICE, new Affine("half", 0.5f, 0f));
        Map<String, Double> weights = new LinkedHashMap<>();
        weights.put("plus", w[0]);
        weights.put("twice", w[1]);
        weights.put("half", w[2]);
        NegativeSampler s = new NegativeSampler(pool, weights, 2);
        int n = 60_000;
        int[][] pairs = new int[3][3];
        int[] first = new int[3];
        int twos = 0;
        for (int[] c : s.drawCompositions(n, new RandomSource(8))) {
            first[c[0]]++;
            if (c.length == 2) {
                pairs[c[0]][c[1]]++;
                twos++;
            }
        }
        double chi2 = 0;
        for (int k = 0; k < 3; k++) {
            chi2 += Math.pow(first[k] - n * w[k], 2) / (n * w[k]);
        }
        for (int j = 0; j < 3; j++) {
            for (int k = 0; k < 3; k++) {
                if (j != k) {
                    double e = twos * w[j] * w[k] / (1 - w[j]);
                    chi2 += Math.pow(pairs[j][k] - e, 2) / e;
                }
            }
        }
        // 2 + 5 degrees of freedom: 24.32 is the 0.999 quantile of chi-square(7)
        assertThat(chi2).isLessThan(24.32);
        assertThat(twos).isBetween(29_000, 31_000);
    }

    @Test
    void badWeightsAreRefused() {
        assertThatThrownBy(() -> new NegativeSampler(POOL, Map.of("rotate", Double.NaN), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
        assertThatThrownBy(() -> new NegativeSampler(POOL, Map.of("rotate", -1.0), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-negative");
        assertThatThrownBy(() -> new NegativeSampler(POOL, Map.of("rotate", 0.0), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> new NegativeSampler(POOL, Map.of("spin", 1.0), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spin");
        assertThatThrownBy(() -> new NegativeSampler(POOL, POOL.size() + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rMax");
        // fewer positive weights than rMax (AutoAugOOD's softmax can round weights to 0): compositions shrink
        assertThat(java.util.Arrays.asList(new NegativeSampler(POOL, Map.of("rotate", 1.0), 2)
                .drawCompositions(50, new RandomSource(1)))).allSatisfy(c -> assertThat(c).containsExactly(0));
        assertThat(new NegativeSampler(POOL, Map.of("rotate", 3.0, "blur", 1.0), 2).weights())
                .containsEntry("rotate", 0.75).containsEntry("blur", 0.25).containsEntry("invert", 0.0);
    }
}
