package io.github.unode.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.unode.core.ImageShape;
import io.github.unode.core.RandomSource;
import io.github.unode.data.ImageSet;
import io.github.unode.model.Backbone;
import io.github.unode.model.ModelOutputs;
import io.github.unode.model.UnodeModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The score of METHOD section 6 from its definitions, computed here by brute force from the
 * network's raw outputs, independently of {@link EmbeddingBank} and {@link NoveltyScorer}.
 */
class ScoreDefinitionsTest {
    private static final ImageShape SHAPE = ImageShape.rgb(16);

    private static ImageSet images(int n, long seed) {
        return ImageSet.fromPixels(new RandomSource(seed).uniforms(n * SHAPE.pixels()), SHAPE, null, "random " + seed);
    }

    private static Model network() {
        Model model = Model.newInstance("defs");
        UnodeModel net = new UnodeModel(Backbone.resNet18(SHAPE, 0.125));
        net.initialize(model.getNDManager(), 5);
        model.setBlock(net);
        return model;
    }

    /** max_m cos(q, b_m) for every row of q, by brute force in double precision. */
    private static double[] bruteForceMaxCosine(float[] q, float[] b, int d) {
        int nq = q.length / d;
        int nb = b.length / d;
        double[] out = new double[nq];
        for (int i = 0; i < nq; i++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int m = 0; m < nb; m++) {
                double dot = 0;
                double qq = 0;
                double bb = 0;
                for (int k = 0; k < d; k++) {
                    dot += (double) q[i * d + k] * b[m * d + k];
                    qq += (double) q[i * d + k] * q[i * d + k];
                    bb += (double) b[m * d + k] * b[m * d + k];
                }
                best = Math.max(best, dot / Math.sqrt(qq * bb));
            }
            out[i] = best;
        }
        return out;
    }

    @Test
    void similarityIsTheMaximumCosineToTheBankInTheChosenSpace() {
        try (ImageSet bank = images(50, 1); ImageSet held = images(30, 2); ImageSet test = images(20, 3);
                NDManager m = NDManager.newBaseManager()) {
            for (ScoreSpace space : ScoreSpace.values()) {
                Model model = network();
                NoveltyScorer scorer = Calibrator.of(ScoreRecipe.of(space, 0.1)).calibrate(model, bank, held);
                try (NoveltyDetector d = new NoveltyDetector(model, scorer, Map.of(), Provenance.now(1, "t", "f", 80, 0,
                        Map.of()), null)) {
                    ModelOutputs b = d.outputs(bank.batch(0, bank.size(), m), m);
                    ModelOutputs t = d.outputs(test.batch(0, test.size(), m), m);
                    // the projection g(f(x)) is METHOD's 128-d output; f(x) is the encoder's
                    NDArray bz = space == ScoreSpace.PROJECTION ? b.projection() : b.features();
                    NDArray tz = space == ScoreSpace.PROJECTION ? t.projection() : t.features();
                    assertThat(b.projection().getShape()).isEqualTo(new Shape(50, 128));
                    assertThat(b.features().getShape().get(1)).isNotEqualTo(128L);
                    long dim = bz.getShape().get(1);
                    double[] want = bruteForceMaxCosine(tz.toFloatArray(), bz.toFloatArray(),
                            (int) dim);
                    float[] got = d.score(test).similarity();
                    for (int i = 0; i < want.length; i++) {
                        assertThat((double) got[i]).as("%s image %d", space, i).isCloseTo(want[i], within(2e-5));
                    }
                }
            }
        }
    }

    @Test
    void theHeadScoreIsTheLogOddsOrTheProbabilityOfTheInlierClass() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] two = {0.3f, 1.7f, 2f, -1f};
            float[] lo = HeadScore.LOG_ODDS.of(m.create(two, new Shape(2, 2)));
            float[] pr = HeadScore.PROBABILITY.of(m.create(two, new Shape(2, 2)));
            assertThat(lo[0]).isCloseTo(1.4f, within(1e-6f));
            assertThat(lo[1]).isCloseTo(-3f, within(1e-6f));
            // softmax(l)[1] = e^l1 / (e^l0 + e^l1)
            assertThat((double) pr[0]).isCloseTo(Math.exp(1.7) / (Math.exp(0.3) + Math.exp(1.7)), within(1e-6));
            assertThat((double) pr[1]).isCloseTo(Math.exp(-1) / (Math.exp(2) + Math.exp(-1)), within(1e-6));
            // (K+1)-way head, negative class last: P(inlier) = 1 - P(negative)
            float[] three = {1f, 0f, 2f};
            double z = Math.exp(1) + Math.exp(0) + Math.exp(2);
            assertThat((double) HeadScore.PROBABILITY.of(m.create(three, new Shape(1, 3)))[0])
                    .isCloseTo(1 - Math.exp(2) / z, within(1e-6));
            assertThat((double) HeadScore.LOG_ODDS.of(m.create(three, new Shape(1, 3)))[0])
                    .isCloseTo(Math.log(Math.exp(1) + 1) - 2, within(1e-6));
        }
    }

    @Test
    void aProbabilityHeadIsSavedAsFormatThreeAndScoresAlikeAfterLoading(@TempDir Path tmp) throws Exception {
        try (ImageSet bank = images(40, 1); ImageSet held = images(20, 2); ImageSet test = images(10, 3)) {
            Model model = network();
            NoveltyScorer scorer = Calibrator.of(ScoreRecipe.of(ScoreSpace.PROJECTION, 0.1)
                    .withHead(HeadScore.PROBABILITY)).calibrate(model, bank, held);
            try (NoveltyDetector d = new NoveltyDetector(model, scorer, Map.of(), Provenance.now(1, "t", "f", 60, 0,
                    Map.of()), null)) {
                ScoreBatch s = d.score(test);
                for (float b : s.binaryLogOdds()) {
                    assertThat(b).isBetween(0f, 1f); // a probability, not log-odds
                }
                d.save(tmp.resolve("p"));
                assertThat(Files.readString(tmp.resolve("p").resolve("manifest.json"))).contains("\"formatVersion\": 3");
                try (NoveltyDetector again = NoveltyDetector.load(tmp.resolve("p"))) {
                    assertThat(again.scorer().head()).isEqualTo(HeadScore.PROBABILITY);
                    assertThat(again.score(test).novelty()).containsExactly(s.novelty());
                }
            }
        }
    }

    @Test
    void theCalibratedThresholdFlagsNewInliersAtItsTargetRate() {
        // bank, held-out and new inliers drawn alike: the share of new inliers above the threshold
        // must lie in the threshold's interval widened by the binomial noise of m new images
        double target = 0.1;
        int m = 3000;
        try (ImageSet bank = images(100, 11); ImageSet held = images(400, 12); ImageSet fresh = images(m, 13)) {
            Model model = network();
            NoveltyScorer scorer = Calibrator.of(ScoreRecipe.of(ScoreSpace.FEATURES, target)).calibrate(model, bank, held);
            try (NoveltyDetector d = new NoveltyDetector(model, scorer, Map.of(), Provenance.now(1, "t", "f", 500, 0,
                    Map.of()), null)) {
                int flagged = d.score(fresh).novelCount();
                double fpr = flagged / (double) m;
                NoveltyScorer.FprInterval iv = scorer.fprInterval();
                double lo = iv.low() - 3 * Math.sqrt(iv.low() * (1 - iv.low()) / m);
                double hi = iv.high() + 3 * Math.sqrt(iv.high() * (1 - iv.high()) / m);
                assertThat(iv.low()).isLessThan(target);
                assertThat(iv.high()).isGreaterThan(target);
                assertThat(fpr).as("new inliers flagged").isBetween(lo, hi);
                // and at another rate, recalibrated from the same held-out inliers
                double five = d.scorer().withTargetFpr(0.3).threshold();
                long above = 0;
                for (float v : d.score(fresh).novelty()) {
                    above += v > five ? 1 : 0;
                }
                assertThat(above / (double) m).isBetween(0.3 - 0.07, 0.3 + 0.07);
            }
        }
    }
}
