package io.github.unode.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import io.github.unode.core.ImageShape;
import io.github.unode.data.ImageSet;
import io.github.unode.internal.Engines;
import io.github.unode.score.NoveltyDetector;
import io.github.unode.train.UnodeTrainer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The copy of a real (briefly trained) detector with batch-norm statistics of the inliers alone,
 * grey and colour at two sizes: the first layer's running mean is the hand-computed running
 * average of the stem convolution's channel means, nothing but the running statistics changes,
 * the detector itself is untouched, and its variants are reported.
 */
class InlierStatisticsTest {

    @Test
    void theFirstRunningMeanIsTheRunningAverageOfTheStemsChannelMeansAndOnlyStatisticsChange() {
        for (ImageShape s : new ImageShape[] {ImageShape.grey(16), ImageShape.rgb(20)}) {
            UnodeTrainer tr = ShortFits.trainer(s, 1);
            try (ImageSet inliers = ShortFits.shadings(40, s, 3, 0.2); NoveltyDetector d = tr.fit(inliers);
                    ImageSet.Partition parts = LocalTerm.detectorSplit(d, tr.recipe(), inliers);
                    NoveltyDetector c = InlierStatistics.copy(d, tr.recipe(), inliers, 1, InlierStatistics.Reference.INLIERS);
                    NDManager m = NDManager.newBaseManager(); Engines.GradMode g = Engines.noGrad()) {
                List<Parameter> before = List.copyOf(d.network().encoder().getParameters().values());
                List<Parameter> after = List.copyOf(c.network().encoder().getParameters().values());
                assertThat(after).hasSameSizeAs(before);
                int changed = 0;
                for (int i = 0; i < before.size(); i++) {
                    float[] b = before.get(i).getArray().toFloatArray();
                    float[] a = after.get(i).getArray().toFloatArray();
                    Parameter.Type t = before.get(i).getType();
                    if (t == Parameter.Type.RUNNING_MEAN || t == Parameter.Type.RUNNING_VAR) {
                        changed += java.util.Arrays.equals(a, b) ? 0 : 1;
                    } else {
                        assertThat(a).as("%s %s", s, before.get(i).getName()).containsExactly(b);
                    }
                }
                assertThat(changed).as("running statistics re-estimated").isGreaterThan(10);

                // 36 training inliers, fewer than a batch: every pass sees all of them, so the
                // first batch norm's running mean is m + 0.9^PASSES (r0 - m), m the channel means
                // of the stem convolution's output over the training part
                int first = firstBatchNorm(d.network().encoder());
                NDList x = new NDList(parts.first().batch(0, parts.first().size(), m));
                List<Block> children = d.network().encoder().getChildren().values();
                ParameterStore ps = new ParameterStore(m, false);
                for (int i = 0; i < first; i++) {
                    x = children.get(i).forward(ps, x, false);
                }
                NDArray y = x.singletonOrThrow();
                float[] channelMean = y.transpose(1, 0, 2, 3).reshape(y.getShape().get(1), -1).mean(new int[] {1})
                        .toFloatArray();
                float[] r0 = runningMean(children.get(first));
                float[] r = runningMean(c.network().encoder().getChildren().values().get(first));
                double keep = Math.pow(0.9, InlierStatistics.PASSES);
                for (int ch = 0; ch < r.length; ch++) {
                    double expected = channelMean[ch] + keep * (r0[ch] - channelMean[ch]);
                    assertThat((double) r[ch]).as("%s channel %d", s, ch)
                            .isCloseTo(expected, within(1e-4 * (1 + Math.abs(expected))));
                }
            }
        }
    }

    @Test
    void theDetectorIsUntouchedAndTheCopysVariantsAreReported() {
        for (ImageShape s : new ImageShape[] {ImageShape.grey(16), ImageShape.rgb(20)}) {
            Method plain = Methods.unodeWithParts("u", seed -> ShortFits.trainer(s, seed));
            Method m = Methods.unodeWithInlierStatistics("u", seed -> ShortFits.trainer(s, seed), false);
            try (ImageSet inliers = ShortFits.shadings(40, s, 3, 0.2); ImageSet test = ShortFits.shadings(12, s, 4, 0.2);
                    Method.Fitted p = plain.fit(inliers, 2); Method.Fitted f = m.fit(inliers, 2)) {
                Map<String, double[]> own = p.scoreVariants(test);
                Map<String, double[]> v = f.scoreVariants(test);
                // the same fit: the detector's rows are those of the plain method, bit for bit
                for (String k : own.keySet()) {
                    assertThat(v.get(k)).as("%s %s", s, k).containsExactly(own.get(k));
                }
                for (String k : List.of("similarity only, BN on inliers", "similarity + head, BN on inliers",
                        "recipe, BN on inliers", "similarity only, BN on inliers + negatives",
                        "similarity + head, BN on inliers + negatives", "recipe, BN on inliers + negatives",
                        "similarity only, BN on negatives", "recipe, BN on negatives")) {
                    assertThat(v).containsKey(k);
                    assertThat(v.get(k)).hasSize(12);
                    assertThat(java.util.Arrays.stream(v.get(k)).allMatch(Double::isFinite)).as(k).isTrue();
                }
                assertThat(v.get("similarity only, BN on inliers")).isNotEqualTo(v.get("similarity only"));
                assertThat(v.get("similarity only, BN on inliers + negatives"))
                        .isNotEqualTo(v.get("similarity only, BN on inliers"));
                // scoring the copy's variants leaves the detector as it was
                assertThat(f.scoreVariants(test).get("")).containsExactly(own.get(""));
            }
        }
    }

    @Test
    void negativesInTheBatchesChangeTheStatisticsAndTheSeedRepeatsThem() {
        ImageShape s = ImageShape.rgb(20);
        UnodeTrainer tr = ShortFits.trainer(s, 1);
        try (ImageSet inliers = ShortFits.shadings(40, s, 3, 0.2); NoveltyDetector d = tr.fit(inliers);
                NoveltyDetector plain = InlierStatistics.copy(d, tr.recipe(), inliers, 1, InlierStatistics.Reference.INLIERS);
                NoveltyDetector a = InlierStatistics.copy(d, tr.recipe(), inliers, 1, InlierStatistics.Reference.INLIERS_AND_NEGATIVES);
                NoveltyDetector b = InlierStatistics.copy(d, tr.recipe(), inliers, 1, InlierStatistics.Reference.INLIERS_AND_NEGATIVES)) {
            int first = firstBatchNorm(d.network().encoder());
            float[] ra = runningMean(a.network().encoder().getChildren().values().get(first));
            assertThat(runningMean(b.network().encoder().getChildren().values().get(first))).containsExactly(ra);
            float[] rp = runningMean(plain.network().encoder().getChildren().values().get(first));
            double gap = 0;
            for (int ch = 0; ch < ra.length; ch++) {
                gap = Math.max(gap, Math.abs(ra[ch] - rp[ch]));
            }
            // half of every batch is negatives (rotations, inversions, cut-outs...): the channel means move
            assertThat(gap).isGreaterThan(1e-3);
        }
    }

    @Test
    void fewerThanTwoImagesOrNoSamplerForNegativesAreRefused() {
        ImageShape s = ImageShape.grey(16);
        UnodeTrainer tr = ShortFits.trainer(s, 1);
        try (ImageSet inliers = ShortFits.shadings(40, s, 3, 0.2); ImageSet one = ShortFits.shadings(1, s, 5, 0.2);
                NoveltyDetector d = tr.fit(inliers)) {
            assertThatThrownBy(() -> InlierStatistics.reestimate(d, one, 1, InlierStatistics.Reference.INLIERS, null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2 images, got 1");
            assertThatThrownBy(() -> InlierStatistics.reestimate(d, inliers, 1, InlierStatistics.Reference.NEGATIVES, null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NEGATIVES needs a negative sampler");
        }
    }

    private static int firstBatchNorm(Block encoder) {
        List<Block> children = encoder.getChildren().values();
        for (int i = 0; i < children.size(); i++) {
            if (children.get(i) instanceof BatchNorm) {
                return i;
            }
        }
        throw new AssertionError("no batch norm among the encoder's top-level blocks: " + children);
    }

    private static float[] runningMean(Block bn) {
        for (Parameter p : bn.getParameters().values()) {
            if (p.getType() == Parameter.Type.RUNNING_MEAN) {
                return p.getArray().toFloatArray();
            }
        }
        throw new AssertionError("no running mean in " + bn);
    }
}
