package io.github.unode.augment.auto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cross-check with scikit-learn 1.2 on the fixture written by
 * {@code src/test/resources/tsne/make_fixture.py}: same neighbours, same perplexity-calibrated
 * conditional P, same joint P.
 */
class AffinitiesSklearnTest {
    private static JsonObject fixture;
    private static int n;
    private static int k;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = AffinitiesSklearnTest.class.getResourceAsStream("/tsne/sklearn_affinities.json")) {
            assertThat(in).as("fixture on the test classpath").isNotNull();
            fixture = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
        n = fixture.getAsJsonArray("data").size();
        k = fixture.get("k").getAsInt();
    }

    private static double[][] matrix(String name) {
        var rows = fixture.getAsJsonArray(name);
        double[][] out = new double[rows.size()][];
        for (int i = 0; i < out.length; i++) {
            var row = rows.get(i).getAsJsonArray();
            out[i] = new double[row.size()];
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = row.get(j).getAsDouble();
            }
        }
        return out;
    }

    @Test
    void sameNeighboursAsScikitLearn() {
        double[][] data = matrix("data");
        double[][] expected = matrix("neighbours");
        KnnGraph g;
        try (Parallel p = Parallel.create(2)) {
            g = ExactKnn.compute(TestData.flat(data), n, data[0].length, k, p);
        }
        for (int i = 0; i < n; i++) {
            for (int m = 0; m < k; m++) {
                assertThat(g.indices()[i * k + m]).as("neighbour %d of %d", m, i).isEqualTo((int) expected[i][m]);
            }
        }
    }

    @Test
    void sameConditionalAndJointPOnTheSameGraph() {
        double perplexity = fixture.get("perplexity").getAsDouble();
        double[][] nbr = matrix("neighbours");
        double[][] sq = matrix("sqdist");
        int[] idx = new int[n * k];
        double[] dist = new double[n * k];
        for (int i = 0; i < n; i++) {
            for (int m = 0; m < k; m++) {
                idx[i * k + m] = (int) nbr[i][m];
                dist[i * k + m] = sq[i][m];
            }
        }
        KnnGraph g = new KnnGraph(n, k, idx, dist);
        double[] cond;
        try (Parallel p = Parallel.create(2)) {
            cond = Affinities.conditional(g, perplexity, p);
        }
        double[][] expectedCond = matrix("conditional");
        double[][] expectedJoint = matrix("joint");
        SparseAffinities joint = Affinities.joint(g, cond);
        double worstCond = 0;
        double worstJoint = 0;
        for (int i = 0; i < n; i++) {
            for (int m = 0; m < k; m++) {
                double c = cond[i * k + m];
                worstCond = Math.max(worstCond, Math.abs(c - expectedCond[i][m]) / expectedCond[i][m]);
                double pj = joint.get(i, idx[i * k + m]);
                worstJoint = Math.max(worstJoint, Math.abs(pj - expectedJoint[i][m]) / expectedJoint[i][m]);
            }
        }
        assertThat(worstCond).as("largest relative difference of p_{j|i}").isLessThan(1e-9);
        assertThat(worstJoint).as("largest relative difference of P_ij").isLessThan(1e-9);
        double total = 0;
        for (double v : joint.values()) {
            total += v;
        }
        assertThat(total).isCloseTo(fixture.get("joint_sum").getAsDouble(), within(1e-12));
    }
}
