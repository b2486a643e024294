package io.github.unode.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.unode.core.ImageShape;
import io.github.unode.data.ImageSet;
import io.github.unode.eval.baselines.PatchNearestNeighbour;
import io.github.unode.eval.metrics.Metrics;
import io.github.unode.internal.Stats;
import io.github.unode.score.NoveltyDetector;
import io.github.unode.score.ScoreBatch;
import io.github.unode.train.UnodeTrainer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The raw-patch term beside a real (briefly trained) detector, grey and colour at two sizes: its
 * bank is the detector's training part and nothing else, its balance is the held-out inliers'
 * ratio of standard deviations computed here independently, its variants are the sums they claim
 * to be, and it finds a small defect that the image-level terms do not weigh.
 */
class PatchTermTest {

    @Test
    void theTermIsAPatchBankOfTheDetectorsTrainingPartBalancedOnItsHeldOutPart() {
        for (ImageShape s : new ImageShape[] {ImageShape.grey(16), ImageShape.rgb(20), ImageShape.grey(28)}) {
            UnodeTrainer tr = ShortFits.trainer(s, 1);
            Method m = Methods.unodeWithPatchTerm("u", seed -> ShortFits.trainer(s, seed));
            try (ImageSet inliers = ShortFits.shadings(40, s, 3, 0.5); ImageSet test = ShortFits.shadings(12, s, 4, 0.5);
                    Method.Fitted f = m.fit(inliers, 1);
                    ImageSet.Partition parts = inliers.split(1 - tr.recipe().score().holdOutFraction(), tr.recipe().seed());
                    PatchNearestNeighbour own = PatchNearestNeighbour.fit(parts.first(), 8, 4, 16384, 1);
                    NoveltyDetector d = tr.fit(inliers)) {
                Map<String, double[]> v = f.scoreVariants(test);
                assertThat(v).as("%s", s).containsKeys("", "similarity only", "head only", "pixel term only",
                        "similarity + head", "raw patches", "recipe + raw patches", "recipe + raw patches x2",
                        "similarity + head + raw patches");
                // the term alone is the patch bank of the training part, to the last digit
                assertThat(v.get("raw patches")).as("%s", s).isEqualTo(own.score(test));
                // every patch of a training-part image is in the bank (fewer than 16,384): distance 0 but
                // for the float rounding of the search's |a|^2 + |b|^2 - 2ab; a held-out image is not in it
                double inBank;
                try (ImageSet trained = parts.first().first(3)) {
                    inBank = java.util.Arrays.stream(f.scoreVariants(trained).get("raw patches")).max().getAsDouble();
                }
                assertThat(inBank).as("%s", s).isLessThan(1e-2);
                assertThat(java.util.Arrays.stream(own.score(parts.second())).min().getAsDouble()).as("%s", s)
                        .isGreaterThan(50 * inBank).isGreaterThan(0.2);
                // the balance: std(O_sim) / std(P) over the held-out inliers (population std)
                ScoreBatch h = d.score(parts.second());
                double nu = Stats.std(h.similarity()) / Stats.std(own.score(parts.second()));
                assertThat(Double.parseDouble(f.notes().get("raw patch balance nu")))
                        .isCloseTo(nu, within(1e-5 * nu));
                double[] recipe = v.get("");
                double[] noPix = v.get("similarity + head");
                double[] p = v.get("raw patches");
                for (int i = 0; i < recipe.length; i++) {
                    double tol = 1e-4 * (1 + Math.abs(recipe[i]) + Math.abs(nu * p[i]));
                    assertThat(v.get("recipe + raw patches")[i]).isCloseTo(recipe[i] + nu * p[i], within(tol));
                    assertThat(v.get("recipe + raw patches x2")[i]).isCloseTo(recipe[i] + 2 * nu * p[i], within(tol));
                    assertThat(v.get("similarity + head + raw patches")[i]).isCloseTo(noPix[i] + nu * p[i], within(tol));
                }
            }
        }
    }

    @Test
    void aSmallDefectRaisesTheTermAndTheScoreWithIt() {
        for (ImageShape s : new ImageShape[] {ImageShape.grey(20), ImageShape.rgb(24)}) {
            Method m = Methods.unodeWithPatchTerm("u", seed -> ShortFits.trainer(s, seed));
            try (ImageSet inliers = ShortFits.shadings(40, s, 3); ImageSet clean = ShortFits.shadings(10, s, 4);
                    Method.Fitted f = m.fit(inliers, 1)) {
                // the same ten images with a 3x3 square set to 0 in every channel at one spot
                float[] px = clean.toFloatArray();
                int hw = s.height() * s.width();
                for (int i = 0; i < 10; i++) {
                    for (int c = 0; c < s.channels(); c++) {
                        for (int y = 9; y < 12; y++) {
                            for (int x = 5; x < 8; x++) {
                                px[i * s.pixels() + c * hw + y * s.width() + x] = 0f;
                            }
                        }
                    }
                }
                float[] all = new float[2 * px.length];
                System.arraycopy(clean.toFloatArray(), 0, all, 0, px.length);
                System.arraycopy(px, 0, all, px.length, px.length);
                boolean[] novel = new boolean[20];
                java.util.Arrays.fill(novel, 10, 20, true);
                try (ImageSet test = ImageSet.fromPixels(all, s, null, "defects")) {
                    Map<String, double[]> v = f.scoreVariants(test);
                    double[] p = v.get("raw patches");
                    for (int i = 0; i < 10; i++) {
                        // the defect's patch is far from every bank patch: above its clean image
                        assertThat(p[10 + i]).as("%s image %d", s, i).isGreaterThan(p[i]);
                    }
                    assertThat(Metrics.auroc(p, novel)).as("%s", s).isEqualTo(1.0);
                    assertThat(Metrics.auroc(v.get("recipe + raw patches x2"), novel)).as("%s", s)
                            .isGreaterThanOrEqualTo(Metrics.auroc(v.get(""), novel));
                }
            }
        }
    }

    @Test
    void aDetectorTrainedOnOtherInliersIsRefused() {
        ImageShape s = ImageShape.grey(16);
        UnodeTrainer tr = ShortFits.trainer(s, 1);
        try (ImageSet inliers = ShortFits.shadings(40, s, 3); ImageSet other = ShortFits.shadings(60, s, 5);
                NoveltyDetector d = tr.fit(inliers)) {
            assertThatThrownBy(() -> PatchTerm.fit(d, tr.recipe(), other, 1))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("calibrated on");
        }
    }
}
