package io.github.unode.cli;

import io.github.unode.internal.AtomicFiles;
import io.github.unode.score.NoveltyDetector;
import io.github.unode.train.Recipe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Prints a recipe as JSON: the one that {@code --recipe}, {@code --config} and the options
 * describe (what {@code train} and {@code demo} would train by), or the one a saved detector was
 * trained by. The output is a {@code --config} file: {@code unode recipe --detector d > r.json;
 * unode train --config r.json ...} trains the same detector again on the same data.
 */
@Command(name = "recipe", mixinStandardHelpOptions = true,
        description = {"Print a recipe as JSON: the one the options describe, or a saved detector's (--detector).",
            "The output is a --config file for train, demo, benchmark and weights."})
public final class RecipeCommand implements Callable<Integer> {
    @Option(names = "--print", description = "Print the recipe (what this command does; accepted for clarity).")
    boolean print;

    @Option(names = "--detector", paramLabel = "DIR", description = "Print the recipe the detector saved in this"
            + " directory was trained by.")
    Path detector;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write the recipe to this file (a new file, or an earlier recipe"
            + " with --overwrite) instead of standard output.")
    Path out;

    @Mixin
    OutputOptions output;

    @Mixin
    TrainOptions train;

    @Override
    public Integer call() throws Exception {
        String json;
        if (detector != null) {
            try (NoveltyDetector d = NoveltyDetector.load(detector)) {
                if (d.recipe().isEmpty()) {
                    System.err.println("the detector at " + detector + " was saved before detectors recorded their"
                            + " recipe: its settings are in configuration.json");
                    return ExitCodes.BAD_INPUT;
                }
                json = Recipe.of(d).orElseThrow().toJson();
            }
        } else {
            json = train.recipe(train.seed()).toJson();
        }
        if (out == null) {
            System.out.print(json);
        } else {
            output.checkFile(out, "recipe file", f -> OutputOptions.firstLine(f, line -> line.trim().equals("{")));
            AtomicFiles.write(out, json.getBytes(StandardCharsets.UTF_8));
        }
        return ExitCodes.OK;
    }
}
