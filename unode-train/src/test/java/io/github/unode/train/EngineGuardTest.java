package io.github.unode.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.unode.data.ImageSets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The library's guard against libtorch 2.7.1's faulty oneDNN convolution kernels, in child JVMs
 * whose environment is chosen here (the variable must be set before libtorch loads): with
 * {@code ONEDNN_MAX_CPU_ISA} unset, the engine's own choice on the CPU that runs the suite (on
 * a CPU with AVX-512 the probe is faulty and width-0.125 training must be refused with a message
 * naming the fix); with it set to AVX2 (the launcher's and the tests' setting), training at
 * width 0.125 must work and two fits with one seed must score bit-identically (one JVM, one
 * thread count).
 */
class EngineGuardTest {

    private static List<String> run(Path dir, String isa) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = dir.resolve("child-" + isa + ".log");
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx2g", "-cp", System.getProperty("java.class.path"),
                "-Dunode.data.dir=" + ImageSets.bundledDirectory().toAbsolutePath(),
                EngineGuardProcess.class.getName()).redirectErrorStream(true).redirectOutput(log.toFile());
        if (isa.equals("unset")) {
            pb.environment().remove("ONEDNN_MAX_CPU_ISA");
        } else {
            pb.environment().put("ONEDNN_MAX_CPU_ISA", isa);
        }
        Process p = pb.start();
        assertThat(p.waitFor(240, TimeUnit.SECONDS)).as("child finished").isTrue();
        List<String> lines = Files.readAllLines(log);
        assertThat(p.exitValue()).as(String.join("\n", lines)).isZero();
        return lines.stream().filter(l -> l.startsWith("faulty=") || l.startsWith("novelty=")
                || l.startsWith("refused=")).toList();
    }

    @Test
    void withoutTheVariableAFaultyEngineIsRefusedAndAHealthyOneTrains(@TempDir Path dir) throws Exception {
        List<String> out = run(dir, "unset");
        boolean faulty = out.get(0).equals("faulty=true");
        if (faulty) {
            assertThat(out).hasSize(2);
            assertThat(out.get(1)).startsWith("refused=").contains("ONEDNN_MAX_CPU_ISA=AVX2")
                    .contains("8x8x3x3").contains("multiples of 16");
        } else {
            assertThat(out).hasSize(3);
            assertThat(out.get(1)).startsWith("novelty=").isEqualTo(out.get(2));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"AVX2"})
    void underACappedInstructionSetEightChannelTrainingIsRightAndRepeatable(String isa, @TempDir Path dir)
            throws Exception {
        List<String> out = run(dir, isa);
        assertThat(out.get(0)).isEqualTo("faulty=false");
        assertThat(out).hasSize(3);
        assertThat(out.get(1)).startsWith("novelty=").isEqualTo(out.get(2));
        for (String bits : out.get(1).substring("novelty=".length()).split(",")) {
            assertThat(Float.isFinite(Float.intBitsToFloat(Integer.parseInt(bits)))).isTrue();
        }
    }
}
