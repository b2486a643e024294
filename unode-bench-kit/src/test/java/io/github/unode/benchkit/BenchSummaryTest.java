package io.github.unode.benchkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchSummaryTest {
    @TempDir
    Path dir;

    @Test
    void aSummaryReadsBackAsWritten() throws Exception {
        BenchSummary s = GatesTest.summary(Map.of("score.batch", 4.0, "score.single", 300.0), Map.of("accuracy.auroc", 66.8774));
        Path f = dir.resolve("out/summary.json");
        s.write(f);
        assertThat(Files.readString(f)).contains("\"format\": \"unode-bench-summary/1\"")
                .contains("\"ratioDefinition\": \"" + BenchSummary.RATIO_DEFINITION + "\"");
        BenchSummary back = BenchSummary.read(f);
        assertThat(back.figures()).isEqualTo(s.figures());
        assertThat(back.metrics()).isEqualTo(s.metrics());
        assertThat(back.machine()).isEqualTo(s.machine());
        assertThat(back.reference().gflops()).isEqualTo(100);
        assertThat(back.reference().runs()).containsExactly(100, 95);
        assertThat(back.label()).isEqualTo("test");
        // the line of a history is the same summary
        assertThat(BenchSummary.parse(s.toJsonLine(), "line").figures()).isEqualTo(s.figures());
    }

    @Test
    void notASummaryIsRefusedWithTheReason() {
        assertThatThrownBy(() -> BenchSummary.parse("not json", "s.json")).isInstanceOf(BenchException.class)
                .hasMessageStartingWith("s.json is not a JSON object");
        assertThatThrownBy(() -> BenchSummary.parse("{\"format\": \"x\"}", "s.json")).isInstanceOf(BenchException.class)
                .hasMessageContaining("is not a benchmark summary");
        assertThatThrownBy(() -> BenchSummary.parse("{\"format\": \"unode-bench-summary/1\", \"figures\": 3}", "s.json"))
                .isInstanceOf(BenchException.class).hasMessageStartingWith("s.json is not a valid benchmark summary");
    }

    @Test
    void aHistoryAppendsOneLinePerRunAndPlots() throws Exception {
        Path h = dir.resolve("results/bench-history.jsonl");
        History.append(h, GatesTest.summary(Map.of("score.batch", 4.0), Map.of("accuracy.auroc", 66.9)));
        History.append(h, GatesTest.summary(Map.of("score.batch", 3.0), Map.of("accuracy.auroc", 66.9)));
        assertThat(Files.readAllLines(h)).hasSize(2);
        List<BenchSummary> runs = History.read(h);
        assertThat(runs).extracting(r -> r.ratio("score.batch")).containsExactly(0.04, 0.03);
        Path svg = dir.resolve("results/bench-history.svg");
        SvgPlot.write(svg, runs, "test <history>");
        assertThat(Files.readString(svg)).startsWith("<svg").contains("score.batch (ratio / median)")
                .contains("accuracy.auroc").contains("test &lt;history&gt;").contains("<polyline").endsWith("</svg>\n");
    }

    @Test
    void theMedianOfAnEvenCountIsTheMiddlePair() {
        assertThat(SvgPlot.median(new double[] {4, 1, Double.NaN, 3, 2})).isEqualTo(2.5);
        assertThat(Ratios.ratio(5, 50)).isEqualTo(0.1);
        assertThatThrownBy(() -> Ratios.ratio(5, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
