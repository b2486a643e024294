package io.github.unode.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.unode.augment.AugmentationPool;
import io.github.unode.core.ImageShape;
import io.github.unode.data.ImageSet;
import io.github.unode.score.NoveltyDetector;
import io.github.unode.train.UnodeTrainer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The local term and the per-task weights on a real (briefly trained) detector, grey and colour at
 * two sizes: the variants are the sums they claim to be of the detector's own terms, the split is
 * the detector's, and the negatives are the recipe's augmentations of the held-out inliers.
 */
class LocalTermTest {

    private static UnodeTrainer trainer(ImageShape s, long seed) {
        return ShortFits.trainer(s, seed);
    }

    private static ImageSet shadings(int n, ImageShape s, long seed) {
        return ShortFits.shadings(n, s, seed);
    }

    @Test
    void variantsAreTheDetectorsTermsWeightedAsTheNotesSay() {
        for (ImageShape s : new ImageShape[] {ImageShape.grey(16), ImageShape.rgb(20)}) {
            Method m = Methods.unodeWithParts("u", seed -> trainer(s, seed), 2, 3);
            try (ImageSet inliers = shadings(40, s, 3); ImageSet test = shadings(12, s, 4);
                    Method.Fitted f = m.fit(inliers, 1)) {
                Map<String, double[]> v = f.scoreVariants(test);
                assertThat(v).containsKeys("", "similarity only", "head only", "pixel term only", "similarity + head",
                        "trained feature patches", "recipe + trained feature patches",
                        "similarity + head + trained feature patches", "weights per task",
                        "weights per task, no pixel term");
                Map<String, String> notes = f.notes();
                assertThat(notes.get("pixel weight (recipe)")).isEqualTo("4");
                assertThat(notes.get("proxy pool"))
                        .isEqualTo(String.join("+", trainer(s, 1).recipe().negatives().pool().names()));
                double nu1 = Double.parseDouble(notes.get("local balance nu1"));
                assertThat(nu1).isPositive();
                double wp = Double.parseDouble(notes.get("chosen pixel weight"));
                double wl = Double.parseDouble(notes.get("chosen local weight"));
                double wl0 = Double.parseDouble(notes.get("chosen local weight, no pixel term"));
                assertThat(LocalTerm.PIXEL_WEIGHTS).contains(wp);
                assertThat(LocalTerm.LOCAL_WEIGHTS).contains(wl, wl0);
                assertThat(Double.parseDouble(notes.get("proxy AUROC"))).isBetween(0.0, 1.0)
                        .isGreaterThanOrEqualTo(Double.parseDouble(notes.get("proxy AUROC, no pixel term")));
                double[] own = v.get("");
                double[] noPix = v.get("similarity + head");
                double[] local = v.get("trained feature patches");
                for (int i = 0; i < own.length; i++) {
                    // the detector's novelty is -(O_sim + l O_bin) + 4 mu1 (-O_pix): recover 1 mu1 O_pix from it
                    double pixelUnit = (noPix[i] - own[i]) / 4;
                    double tol = 1e-4 * (1 + Math.abs(own[i]) + Math.abs(nu1 * local[i]));
                    assertThat(v.get("recipe + trained feature patches")[i]).isCloseTo(own[i] + nu1 * local[i], within(tol));
                    assertThat(v.get("similarity + head + trained feature patches")[i])
                            .isCloseTo(noPix[i] + nu1 * local[i], within(tol));
                    assertThat(v.get("weights per task")[i])
                            .isCloseTo(noPix[i] - wp * pixelUnit + wl * nu1 * local[i], within(tol));
                    assertThat(v.get("weights per task, no pixel term")[i])
                            .isCloseTo(noPix[i] + wl0 * nu1 * local[i], within(tol));
                }
            }
        }
    }

    @Test
    void negativesAreTheRecipesAugmentationsOfTheHeldOutInliers() {
        ImageShape s = ImageShape.rgb(20);
        UnodeTrainer tr = trainer(s, 1);
        try (ImageSet held = shadings(5, s, 9); ImageSet a = LocalTerm.negatives(held, tr.recipe(), 1);
                ImageSet b = LocalTerm.negatives(held, tr.recipe(), 1)) {
            assertThat(a.size()).isEqualTo(LocalTerm.ROUNDS * 5);
            assertThat(a.shape()).isEqualTo(s);
            float[] pa = a.toFloatArray();
            assertThat(pa).isEqualTo(b.toFloatArray()); // seeded
            for (float p : pa) {
                assertThat(p).isBetween(0f, 1f);
            }
            // each negative differs from the inlier it was made from
            float[] ph = held.toFloatArray();
            for (int k = 0; k < a.size(); k++) {
                double d = 0;
                for (int j = 0; j < s.pixels(); j++) {
                    d += Math.abs(pa[k * s.pixels() + j] - ph[(k % 5) * s.pixels() + j]);
                }
                assertThat(d).as("negative %d", k).isPositive();
            }
        }
    }

    @Test
    void aDetectorTrainedOnOtherInliersIsRefused() {
        ImageShape s = ImageShape.grey(16);
        UnodeTrainer tr = trainer(s, 1);
        try (ImageSet inliers = shadings(40, s, 3); ImageSet other = shadings(60, s, 5);
                NoveltyDetector d = tr.fit(inliers)) {
            assertThatThrownBy(() -> LocalTerm.fit(d, tr.recipe(), other, new int[] {2, 3}, 1))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("calibrated on");
        }
    }

    @Test
    void aProxyPoolMakesTheNegativesInsteadOfTheRecipes() {
        ImageShape s = ImageShape.rgb(20);
        AugmentationPool invert = AugmentationPool.standard().only("invert");
        try (ImageSet held = shadings(5, s, 9); ImageSet n = LocalTerm.negatives(held, invert, 1, 1)) {
            float[] ph = held.toFloatArray();
            float[] pn = n.toFloatArray();
            assertThat(n.size()).isEqualTo(LocalTerm.ROUNDS * 5);
            for (int k = 0; k < n.size(); k++) {
                for (int j = 0; j < s.pixels(); j++) {
                    assertThat(pn[k * s.pixels() + j]).isCloseTo(1 - ph[(k % 5) * s.pixels() + j], within(1e-6f));
                }
            }
        }
        ImageShape g = ImageShape.grey(16);
        Method m = Methods.unodeWithParts("u", seed -> trainer(g, seed), invert, 2, 3);
        try (ImageSet inliers = shadings(40, g, 3); Method.Fitted f = m.fit(inliers, 1)) {
            assertThat(f.notes().get("proxy pool")).isEqualTo("invert");
        }
        assertThatThrownBy(() -> Methods.unodeWithParts("u", seed -> trainer(g, seed), invert))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("local stages");
    }
}
