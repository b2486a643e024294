package io.github.unode.benchkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatesTest {
    /** A summary with a reference of 100 GFLOP/s and the given throughputs. */
    static BenchSummary summary(Map<String, Double> opsPerSecond, Map<String, Double> metrics) {
        Map<String, BenchSummary.Figure> f = new java.util.LinkedHashMap<>();
        opsPerSecond.forEach((n, ops) -> f.put(n, BenchSummary.Figure.of("b." + n, 1000 / ops, 1200 / ops, 10, 100, null)));
        return new BenchSummary(BenchSummary.FORMAT, "2026-12-01T00:00:00Z", "test", Map.of("cpus", "2"), Map.of(),
                new BenchSummary.Reference("reference.matmul1024", 100, new double[] {100, 95}), f, metrics);
    }

    static final String GATES = """
            {"format": "unode-bench-gates/1",
             "figures": {"score.batch": {"baseline": 0.04, "tolerance": 0.25},
                         "bank.search60k": {"baseline": 0.2, "tolerance": 0.5}},
             "metrics": {"accuracy.auroc": {"baseline": 70.0, "tolerance": 0.5}}}
            """;

    @Test
    void aRatioIsThroughputOverTheReferenceRate() {
        BenchSummary s = summary(Map.of("score.batch", 4.0), Map.of());
        // 4 calls/s (250 ms each) against 100 GFLOP/s
        assertThat(s.ratio("score.batch")).isEqualTo(0.04);
        assertThat(s.figures().get("score.batch").msPerOp()).isEqualTo(250.0);
        assertThat(s.ratio("nothing")).isNull();
        // with a reference probed before each iteration, the ratio is the median of the iterations'
        BenchSummary.Figure paired = BenchSummary.Figure.of("b", 250, 300, 10, 100, new double[] {0.05, 0.01, 0.03});
        assertThat(paired.ratio()).isEqualTo(0.03);
        assertThat(paired.opsPerSecond()).isEqualTo(4.0);
    }

    @Test
    void passesAtAndAboveTheLimitAndFailsBelowIt() {
        Gates g = Gates.parse(GATES, "gates.json");
        // limits: score.batch 0.04 x 0.75 = 0.03; bank 0.2 x 0.5 = 0.1; AUROC 69.5 .. 70.5
        List<Gates.Verdict> ok = g.evaluate(summary(Map.of("score.batch", 3.0, "bank.search60k", 50.0),
                Map.of("accuracy.auroc", 70.4)));
        assertThat(ok).allMatch(Gates.Verdict::passed);
        assertThat(ok.get(0).message()).startsWith("GATE PASSED: score.batch ratio 0.03 >= baseline 0.04 \u2212 tolerance 25%");

        List<Gates.Verdict> bad = g.evaluate(summary(Map.of("score.batch", 2.9, "bank.search60k", 9.0),
                Map.of("accuracy.auroc", 69.4)));
        assertThat(bad).noneMatch(Gates.Verdict::passed);
        assertThat(bad.get(0).message()).isEqualTo("GATE FAILED: score.batch ratio 0.029 < baseline 0.04 \u2212 tolerance"
                + " 25% (limit 0.03; -27.5% from the baseline)");
        assertThat(bad.get(1).message()).startsWith("GATE FAILED: bank.search60k ratio 0.09 < baseline 0.2 \u2212 tolerance 50%");
        assertThat(bad.get(2).message()).startsWith("GATE FAILED: accuracy.auroc 69.4 outside baseline 70 \u00b1 tolerance 0.5");
        assertThat(Gates.allPassed(bad)).isFalse();
    }

    @Test
    void aMetricFailsOnBothSidesAndAFasterFigureNever() {
        Gates g = Gates.parse(GATES, "gates.json");
        List<Gates.Verdict> v = g.evaluate(summary(Map.of("score.batch", 400.0, "bank.search60k", 5000.0),
                Map.of("accuracy.auroc", 71.0)));
        assertThat(v.get(0).passed()).isTrue();
        assertThat(v.get(1).passed()).isTrue();
        assertThat(v.get(2).passed()).isFalse();
        assertThat(v.get(2).message()).contains("higher than the baseline: if the change is intended, update the baseline");
    }

    @Test
    void anotherCpuModelIsJudgedByItsOwnBaselines() {
        Gates g = Gates.parse("""
                {"format": "unode-bench-gates/1",
                 "figures": {"score.batch": {"baseline": 0.04, "tolerance": 0.25}},
                 "metrics": {"accuracy.auroc": {"baseline": 70.0, "tolerance": 0.5}},
                 "cpus": {"Some CPU @ 2GHz": {"note": "3 runs",
                          "metrics": {"accuracy.auroc": {"baseline": 72.0, "tolerance": 0.2}}}}}
                """, "gates.json");
        Map<String, Double> fast = Map.of("score.batch", 4.0);
        // 71.9 is outside the default gate and inside the named CPU's; the figure keeps the default gate there
        BenchSummary other = withCpu(summary(fast, Map.of("accuracy.auroc", 71.9)), "Some CPU @ 2GHz");
        List<Gates.Verdict> v = g.evaluate(other);
        assertThat(v).allMatch(Gates.Verdict::passed);
        assertThat(v.get(0).message()).doesNotContain("[baseline of");
        assertThat(v.get(1).message()).isEqualTo("GATE PASSED: accuracy.auroc 71.9 within baseline 72 \u00b1 tolerance 0.2"
                + " (-0.1000) [baseline of Some CPU @ 2GHz]");
        // any other CPU model, or none recorded, is judged by the defaults
        assertThat(g.evaluate(withCpu(summary(fast, Map.of("accuracy.auroc", 71.9)), "Another CPU")).get(1).passed())
                .isFalse();
        assertThat(g.evaluate(summary(fast, Map.of("accuracy.auroc", 70.1))).get(1).passed()).isTrue();
        // written and read back, the per-CPU gates stay
        Gates again = Gates.parse(g.toJson(null), "again.json");
        assertThat(again.byCpu()).isEqualTo(g.byCpu());
        assertThat(again.gates()).isEqualTo(g.gates());
        // a CPU's gate must replace a default one
        assertThatThrownBy(() -> Gates.parse("""
                {"format": "unode-bench-gates/1", "figures": {"score.batch": {"baseline": 0.04, "tolerance": 0.25}},
                 "cpus": {"X": {"figures": {"score.single": {"baseline": 1, "tolerance": 0.5}}}}}
                """, "g.json")).hasMessage("g.json, CPU X: gate score.single replaces no default gate");
    }

    @Test
    void aVendorsEntryJudgesItsModelsThatHaveNoEntryOfTheirOwn() {
        Gates g = Gates.parse("""
                {"format": "unode-bench-gates/1",
                 "metrics": {"accuracy.auroc": {"baseline": 66.88, "tolerance": 0.2}},
                 "cpus": {"GenuineIntel": {"metrics": {"accuracy.auroc": {"baseline": 69.1065, "tolerance": 0.2}}},
                          "Intel(R) Xeon(R) Odd @ 1GHz": {"metrics": {"accuracy.auroc": {"baseline": 60.0, "tolerance": 0.2}}}}}
                """, "gates.json");
        BenchSummary intel = withCpu(summary(Map.of(), Map.of("accuracy.auroc", 69.1065)), "Intel(R) Xeon(R) Processor",
                "GenuineIntel");
        Gates.Verdict v = g.evaluate(intel).get(0);
        assertThat(v.passed()).isTrue();
        assertThat(v.message()).endsWith("[baseline of GenuineIntel]");
        // the model's own entry wins over the vendor's
        BenchSummary odd = withCpu(summary(Map.of(), Map.of("accuracy.auroc", 69.1065)), "Intel(R) Xeon(R) Odd @ 1GHz",
                "GenuineIntel");
        Gates.Verdict own = g.evaluate(odd).get(0);
        assertThat(own.passed()).isFalse();
        assertThat(own.message()).endsWith("[baseline of Intel(R) Xeon(R) Odd @ 1GHz]");
        // another vendor falls back on the defaults
        BenchSummary amd = withCpu(summary(Map.of(), Map.of("accuracy.auroc", 66.88)), "AMD EPYC 9B14", "AuthenticAMD");
        Gates.Verdict defaults = g.evaluate(amd).get(0);
        assertThat(defaults.passed()).isTrue();
        assertThat(defaults.message()).doesNotContain("[baseline of");
    }

    static BenchSummary withCpu(BenchSummary s, String cpu, String vendor) {
        return withMachine(s, Map.of("cpus", "2", "cpuModel", cpu, "cpuVendor", vendor));
    }

    static BenchSummary withCpu(BenchSummary s, String cpu) {
        return withMachine(s, Map.of("cpus", "2", "cpuModel", cpu));
    }

    static BenchSummary withMachine(BenchSummary s, Map<String, String> machine) {
        return new BenchSummary(s.format(), s.created(), s.label(), machine, s.settings(), s.reference(), s.figures(),
                s.metrics());
    }

    @Test
    void aMissingFigureFailsAndIsNamed() {
        List<Gates.Verdict> v = Gates.parse(GATES, "gates.json").evaluate(summary(Map.of("score.batch", 4.0), Map.of()));
        assertThat(v.get(1).passed()).isFalse();
        assertThat(v.get(1).message()).isEqualTo(
                "GATE FAILED: bank.search60k is missing from the summary (baseline ratio 0.2, tolerance 50%)");
        assertThat(v.get(2).message()).isEqualTo(
                "GATE FAILED: accuracy.auroc is missing from the summary (baseline 70, tolerance \u00b10.5)");
    }

    @Test
    void badGatesFilesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> Gates.parse("{\"format\": ", "g.json")).isInstanceOf(BenchException.class)
                .hasMessageStartingWith("g.json is not valid JSON");
        assertThatThrownBy(() -> Gates.parse("[1, 2]", "g.json")).isInstanceOf(BenchException.class)
                .hasMessage("g.json is not a JSON object");
        assertThatThrownBy(() -> Gates.parse("{\"figures\": {}}", "g.json")).isInstanceOf(BenchException.class)
                .hasMessageContaining("is not a gates file");
        assertThatThrownBy(() -> Gates.parse("{\"format\": \"unode-bench-gates/1\"}", "g.json"))
                .isInstanceOf(BenchException.class).hasMessage("g.json has no gate (neither \"figures\" nor \"metrics\")");
        assertThatThrownBy(() -> Gates.parse("{\"format\": \"unode-bench-gates/1\", \"figures\": {\"a\": {\"baseline\": 1}}}",
                "g.json")).isInstanceOf(BenchException.class).hasMessage("g.json: gate a needs a number \"tolerance\"");
        assertThatThrownBy(() -> Gates.parse("{\"format\": \"unode-bench-gates/1\", \"figures\": {\"a\":"
                + " {\"baseline\": 1, \"tolerance\": 1.5}}}", "g.json")).isInstanceOf(BenchException.class)
                .hasMessageContaining("< 1 (a fraction of the baseline)");
    }

    @Test
    void gatesWrittenAsJsonReadBack() {
        Gates g = Gates.parse(GATES, "gates.json");
        assertThat(Gates.parse(g.toJson("a note"), "again").gates()).isEqualTo(g.gates());
    }
}
