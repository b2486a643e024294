package io.github.unode.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The weighted sums of a score's balanced terms and the weights chosen on held-out inliers, against hand-computed figures. */
class ScoreTermsTest {

    @Test
    void noveltyIsTheNegatedWeightedSumPlusTheLocalTerm() {
        ScoreTerms t = new ScoreTerms(new double[] {0.9, 0.5}, new double[] {0.1, -0.2}, new double[] {-0.3, -0.6},
                new double[] {0.2, 1.0});
        // -(0.9 + 0.1 + 4 * -0.3) + 0 = 0.2 ; -(0.5 - 0.2 + 4 * -0.6) = 2.1
        assertThat(t.novelty(4, 0)).containsExactly(new double[] {0.2, 2.1}, within(1e-12));
        // -(0.9 + 0.1) + 2 * 0.2 = -0.6 ; -(0.5 - 0.2) + 2 * 1.0 = 1.7
        assertThat(t.novelty(0, 2)).containsExactly(new double[] {-0.6, 1.7}, within(1e-12));
    }

    @Test
    void balanceIsTheRatioOfPopulationStds() {
        // std of {1, 3} is 1; std of {0, 4} is 2
        assertThat(ScoreTerms.balance(new float[] {1, 3}, new double[] {0, 4})).isCloseTo(0.5, within(1e-12));
        assertThatThrownBy(() -> ScoreTerms.balance(new float[] {1, 3}, new double[] {2, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("constant");
    }

    @Test
    void chooseTakesTheWeightsThatSeparateInliersFromNegatives() {
        // the similarity says nothing (equal everywhere); the pixel term and the local term each rank
        // the negatives above the inliers. (0, 0) ties them (AUROC 0.5); (0, 0.5) separates them and
        // comes first in grid order, so (1, 0), which separates them too, does not replace it
        ScoreTerms inliers = new ScoreTerms(new double[] {1, 1}, new double[] {0, 0}, new double[] {0, 0},
                new double[] {0, 0.1});
        ScoreTerms negatives = new ScoreTerms(new double[] {1, 1}, new double[] {0, 0}, new double[] {-1, -1},
                new double[] {1, 2});
        ScoreTerms.Choice c = ScoreTerms.choose(inliers, negatives, new double[] {0, 1}, new double[] {0, 0.5});
        assertThat(c.pixelWeight()).isEqualTo(0);
        assertThat(c.localWeight()).isEqualTo(0.5);
        assertThat(c.proxyAuroc()).isCloseTo(1.0, within(1e-12));
        // with the local term reversed on the negatives, (0, 0.5) ranks them wrongly (AUROC 0) and (1, 0) wins
        ScoreTerms reversed = new ScoreTerms(new double[] {1, 1}, new double[] {0, 0}, new double[] {-1, -1},
                new double[] {-1, -2});
        ScoreTerms.Choice r = ScoreTerms.choose(inliers, reversed, new double[] {0, 1}, new double[] {0, 0.5});
        assertThat(r.pixelWeight()).isEqualTo(1);
        assertThat(r.localWeight()).isEqualTo(0);
        // nothing separates them: every AUROC is 0.5, and the first pair of the grid is kept
        ScoreTerms same = new ScoreTerms(new double[] {1, 1}, new double[] {0, 0}, new double[] {0, 0}, new double[] {0, 0});
        ScoreTerms.Choice s = ScoreTerms.choose(same, same, new double[] {4, 0}, new double[] {2, 0});
        assertThat(s.pixelWeight()).isEqualTo(4);
        assertThat(s.localWeight()).isEqualTo(2);
        assertThat(s.proxyAuroc()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> new ScoreTerms(new double[2], new double[2], new double[1], new double[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one value per image");
        ScoreTerms empty = new ScoreTerms(new double[0], new double[0], new double[0], new double[0]);
        ScoreTerms one = new ScoreTerms(new double[1], new double[1], new double[1], new double[1]);
        assertThatThrownBy(() -> ScoreTerms.choose(empty, one, new double[] {0}, new double[] {0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("held-out inliers and negatives");
    }
}
