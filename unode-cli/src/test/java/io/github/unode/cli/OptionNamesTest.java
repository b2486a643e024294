package io.github.unode.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The options name one concept each: a count is {@code --max-...}, a folder or file is a
 * {@link Path} with a label that says which; the counts' old names still parse, hidden, and warn.
 */
class OptionNamesTest {
    @RegisterExtension
    final CliHarness cli = new CliHarness();

    private static CommandLine command(String name) {
        return UnodeCli.commandLine().getSubcommands().get(name);
    }

    /** The command {@code unode args...} runs, its options parsed (and nothing run). */
    private static <T> T parse(String... args) {
        CommandLine root = UnodeCli.commandLine();
        root.parseArgs(args);
        return root.getSubcommands().get(args[0]).getCommand();
    }

    @Test
    void everyAtMostCountIsNamedMax() {
        int counts = 0;
        for (CommandLine sub : UnodeCli.commandLine().getSubcommands().values()) {
            for (OptionSpec o : sub.getCommandSpec().options()) {
                String description = String.join(" ", o.description()).toLowerCase(Locale.ROOT);
                if (!o.hidden() && description.contains("at most this many")) {
                    counts++;
                    assertThat(o.longestName()).as("unode %s %s", sub.getCommandName(), o.longestName())
                            .startsWith("--max-");
                }
            }
        }
        assertThat(counts).as("the commands have counts").isGreaterThanOrEqualTo(8);
    }

    @Test
    void pathsArePathsWithALabel() {
        for (CommandLine sub : UnodeCli.commandLine().getSubcommands().values()) {
            for (OptionSpec o : sub.getCommandSpec().options()) {
                String where = "unode " + sub.getCommandName() + " " + o.longestName();
                boolean path = o.type() == Path.class || List.of(o.auxiliaryTypes()).contains(Path.class);
                if (List.of("--data", "--more-data", "--novel-data", "--images", "--out", "--save", "--checkpoint",
                        "--detector", "--config", "--labels", "--pretrained").contains(o.longestName())
                        && !o.hidden()) {
                    assertThat(path).as(where + " is a Path").isTrue();
                }
                assertThat(o.type()).as(where).isNotEqualTo(java.io.File.class);
                if (path) {
                    assertThat(o.paramLabel()).as(where + " says whether it is a folder or a file")
                            .isIn("DIR", "FILE", "PATH", "RECIPE.json");
                }
            }
        }
    }

    /** Parses every count by these names (demo, benchmark, train, weights) and checks each was set. */
    private static void parseEveryCount(String inliers, String test, String corruptedTest, String images) {
        DemoCommand d = parse("demo", inliers, "12", test, "34");
        assertThat(List.of(d.inlierLimit.max, d.testLimit.max)).containsExactly(12, 34);
        BenchmarkCommand b = parse("benchmark", inliers, "5", test, "6", corruptedTest, "7");
        assertThat(List.of(b.inlierLimit.max, b.testLimit.max, b.maxCorruptedTest)).containsExactly(5, 6, 7);
        assertThat(((TrainCommand) parse("train", inliers, "8", "-o", "x")).inlierLimit.max).isEqualTo(8);
        assertThat(((WeightsCommand) parse("weights", images, "9")).maxImages).isEqualTo(9);
    }

    @Test
    void theNewNamesParseWithoutAWarning() {
        parseEveryCount("--max-inliers", "--max-test", "--max-corrupted-test", "--max-images");
        assertThat(cli.stderr()).isEmpty();
    }

    @Test
    void theOldNamesStillWorkHiddenAndWarn() {
        parseEveryCount("--inliers", "--test", "--corrupted-test", "--images");
        assertThat(cli.stderr().lines()).containsExactly(
                "warning: --inliers is deprecated; use --max-inliers (the same setting)",
                "warning: --test is deprecated; use --max-test (the same setting)",
                "warning: --inliers is deprecated; use --max-inliers (the same setting)",
                "warning: --test is deprecated; use --max-test (the same setting)",
                "warning: --corrupted-test is deprecated; use --max-corrupted-test (the same setting)",
                "warning: --inliers is deprecated; use --max-inliers (the same setting)",
                "warning: --images is deprecated; use --max-images (the same setting)");
        for (String name : List.of("demo", "benchmark", "train", "weights")) {
            String help = command(name).getUsageMessage();
            assertThat(help).as(name + " --help").contains("[--max-").doesNotContain("[--inliers=")
                    .doesNotContain("[--test=").doesNotContain("[--corrupted-test=");
        }
        assertThat(command("weights").getUsageMessage()).doesNotContain("--images");
    }

    @Test
    void withoutThemTheDefaultsHold() {
        assertThat(((DemoCommand) parse("demo")).inlierLimit.max).isEqualTo(1000);
        assertThat(command("demo").getUsageMessage()).as("--max-inliers shows its default").contains("(default: 1000)");
        assertThat(((WeightsCommand) parse("weights")).maxImages).isEqualTo(2000);
        BenchmarkCommand b = parse("benchmark");
        assertThat(List.of(b.inlierLimit.max, b.testLimit.max, b.maxCorruptedTest)).containsExactly(0, 0, 0);
    }
}
