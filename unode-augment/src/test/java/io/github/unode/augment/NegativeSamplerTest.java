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

    @Test
    void samplingAppliesTheDrawnCompositionInOrder() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new RandomSource(3).uniforms(12 * 64), new Shape(12, 1, 8, 8));
            AugmentationPool pool = AugmentationPool.of(new Invert(), new VFlip());
            NegativeSampler s = new NegativeSampler(pool, 2);
            NegativeSampler.Sample out = s.sampleWithCompositions(x, new RandomSource(4));
            for (int i = 0; i < 12; i++) {
                NDArray expected = x.get(i).expandDims(0);
                for (String name : out.compositions().get(i)) {
                    expected = pool.get(name).apply(expected, new RandomSource(0));
                }
                float[] got = out.negatives().get(i).toFloatArray();
                float[] want = expected.toFloatArray();
                for (int k = 0; k < got.length; k++) {
                    assertThat(got[k]).isCloseTo(want[k], org.assertj.core.api.Assertions.within(1e-6f));
                }
            }
            // same seed, same negatives
            assertThat(s.sample(x, new RandomSource(4)).toFloatArray()).containsExactly(out.negatives().toFloatArray());
            assertThat(out.compositions()).allSatisfy(c -> assertThat(List.copyOf(c)).isNotEmpty());
        }
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
        assertThatThrownBy(() -> new NegativeSampler(POOL, Map.of("rotate", 1.0), 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rMax");
        assertThat(new NegativeSampler(POOL, Map.of("rotate", 3.0, "blur", 1.0), 2).weights())
                .containsEntry("rotate", 0.75).containsEntry("blur", 0.25).containsEntry("invert", 0.0);
    }
}
