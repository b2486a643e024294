package io.github.unode.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void matchesScikitLearnOnTheFixture() throws Exception {
        try (Reader r = new InputStreamReader(getClass().getResourceAsStream("/metrics/metrics-fixture.json"),
                StandardCharsets.UTF_8)) {
            JsonArray cases = JsonParser.parseReader(r).getAsJsonArray();
            assertThat(cases).hasSizeGreaterThanOrEqualTo(10);
            for (JsonElement e : cases) {
                JsonObject c = e.getAsJsonObject();
                JsonArray s = c.getAsJsonArray("scores");
                JsonArray l = c.getAsJsonArray("novel");
                double[] scores = new double[s.size()];
                boolean[] novel = new boolean[s.size()];
                for (int i = 0; i < scores.length; i++) {
                    scores[i] = s.get(i).getAsDouble();
                    novel[i] = l.get(i).getAsBoolean();
                }
                String name = c.get("name").getAsString();
                assertThat(Metrics.auroc(scores, novel)).as(name + " AUROC")
                        .isCloseTo(c.get("auroc").getAsDouble(), within(1e-9));
                assertThat(Metrics.aupr(scores, novel)).as(name + " AUPR")
                        .isCloseTo(c.get("aupr").getAsDouble(), within(1e-9));
                assertThat(Metrics.fprAt95Tpr(scores, novel)).as(name + " FPR@95TPR")
                        .isCloseTo(c.get("fpr95").getAsDouble(), within(1e-9));
            }
        }
    }

    @Test
    void handComputedValues() {
        // novel {0.35, 0.8} vs inliers {0.1, 0.4}: pairs won 0.8>0.1, 0.8>0.4, 0.35>0.1 -> 3/4
        double[] s = {0.1, 0.4, 0.35, 0.8};
        boolean[] n = {false, false, true, true};
        assertThat(Metrics.auroc(s, n)).isEqualTo(0.75);
        // precision at recall 1/2 is 1 (0.8), at recall 1 is 2/3 (0.8, 0.4, 0.35): AP = 0.5 + 0.5 * 2/3
        assertThat(Metrics.aupr(s, n)).isCloseTo(0.5 + 1.0 / 3, within(1e-12));
        // a tie between a novel and an inlier image counts one half
        assertThat(Metrics.auroc(new double[] {1, 1}, new boolean[] {true, false})).isEqualTo(0.5);
        assertThat(Metrics.detectionRate(s, n, 0.5)).isEqualTo(0.5);
        assertThat(Metrics.falsePositiveRate(s, n, 0.3)).isEqualTo(0.5);
        double[][] roc = Metrics.rocCurve(s, n);
        assertThat(roc[0]).containsExactly(0, 0, 0.5, 0.5, 1);
        assertThat(roc[1]).containsExactly(0, 0.5, 0.5, 1, 1);
        DetectionMetrics m = DetectionMetrics.of(s, n, 0.5);
        assertThat(m.novel()).isEqualTo(2);
        assertThat(m.inliers()).isEqualTo(2);
        assertThat(m.detectionRate()).isEqualTo(0.5);
        assertThat(DetectionMetrics.of(s, n, Double.NaN).detectionRate()).isNaN();
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> Metrics.auroc(new double[] {1, 2}, new boolean[] {true}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 scores but 1 labels");
        assertThatThrownBy(() -> Metrics.auroc(new double[] {1, Double.NaN}, new boolean[] {true, false}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
        assertThatThrownBy(() -> Metrics.aupr(new double[] {1, 2}, new boolean[] {true, true}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both");
    }
}
