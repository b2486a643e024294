package io.github.unode.cli;

import io.github.unode.augment.auto.Divergence;
import io.github.unode.data.ImageSet;
import io.github.unode.data.ImageSets;
import io.github.unode.data.Split;
import io.github.unode.score.NoveltyDetector;
import io.github.unode.score.ScoreSpace;
import io.github.unode.train.Budget;
import io.github.unode.train.Losses;
import io.github.unode.train.NegativeDraw;
import io.github.unode.train.Network;
import io.github.unode.train.Recipe;
import io.github.unode.train.Weighting;
import io.github.unode.train.UnodeTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --recipe} and {@code --config}: a recipe, and only the options given on the command line overriding it. */
class TrainOptionsTest {
    @RegisterExtension
    final CliHarness cli = new CliHarness();

    private static Recipe parse(String... args) {
        TrainCommand train = new TrainCommand();
        new CommandLine(train).parseArgs(args);
        return train.train.trainer(train.train.seed(), null).recipe();
    }

    @Test
    void theDefaultIsTheCpuRecipeExactly() {
        assertThat(parse("-o", "out")).isEqualTo(Recipe.cpu());
        assertThat(parse("-o", "out", "--recipe", "cpu")).isEqualTo(Recipe.cpu());
        assertThat(parse("-o", "out", "--contrastive-form", "PAPER").loss().contrastiveForm())
                .isEqualTo(Losses.ContrastiveForm.PAPER);
    }

    @Test
    void thePaperRecipeKeepsThePapersFormsUnlessAnOptionOverridesThem() {
        Recipe paper = parse("-o", "out", "--recipe", "paper", "--steps", "50");
        Recipe cpu = Recipe.cpu();
        assertThat(paper).isEqualTo(Recipe.paper().withNetwork(cpu.network()).withBudget(new Budget.Steps(50, 64))
                .withSeed(1));
        assertThat(paper.loss().contrastiveForm()).isEqualTo(Losses.ContrastiveForm.PAPER);
        assertThat(paper.optimiser().learningRate()).isEqualTo(0.1f);     // not the cpu recipe's 0.4
        assertThat(paper.negatives().weighting()).isInstanceOf(Weighting.AutoAugOOD.class);

        Recipe overridden = parse("-o", "out", "--recipe", "paper", "--lr", "0.2", "--temperature", "0.5",
                "--negative-draw", "PER_IMAGE", "--augmentations", "rotate,blur", "--divergence", "JENSEN_SHANNON",
                "--seed", "5");
        assertThat(overridden.optimiser().learningRate()).isEqualTo(0.2f);
        assertThat(overridden.loss().temperature()).isEqualTo(0.5f);
        assertThat(overridden.negatives().draw()).isEqualTo(NegativeDraw.PER_IMAGE);
        assertThat(overridden.negatives().augmentations()).containsExactly("rotate", "blur");
        assertThat(overridden.negatives().maxCompositions()).isEqualTo(2); // the paper's r ~ U(1, k) over the pool given
        assertThat(overridden.loss().contrastiveForm()).isEqualTo(Losses.ContrastiveForm.PAPER);
        assertThat(((Weighting.AutoAugOOD) overridden.negatives().weighting()).divergence())
                .isEqualTo(Divergence.JENSEN_SHANNON);
        assertThat(((Weighting.AutoAugOOD) overridden.negatives().weighting()).seed()).isEqualTo(5);
        assertThat(overridden.seed()).isEqualTo(5);
    }

    @Test
    void aPoolSmallerThanTheRecipesCompositionsComposesAllItHas() {
        // the cpu recipe composes up to 2 augmentations; a pool of one composes one, not an error at training time
        assertThat(Recipe.cpu().negatives().maxCompositions()).isEqualTo(2);
        assertThat(parse("-o", "out", "--augmentations", "rotate").negatives().maxCompositions()).isEqualTo(1);
        assertThat(parse("-o", "out", "--augmentations", "rotate,blur,invert").negatives().maxCompositions()).isEqualTo(2);
        // one given on the command line is kept, and checked against the pool
        assertThat(parse("-o", "out", "--augmentations", "rotate,blur,invert", "--max-compositions", "3").negatives()
                .maxCompositions()).isEqualTo(3);
        assertThatThrownBy(() -> parse("-o", "out", "--augmentations", "rotate", "--max-compositions", "2"))
                .isInstanceOf(UsageException.class)
                .hasMessage("--max-compositions 2 is more than the pool's 1 augmentation (rotate)");
    }

    @Test
    void aConfigFileIsTheRecipeAndOptionsOverrideIt(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("r.json");
        Recipe mine = Recipe.paper().withSeed(77);
        mine.write(f);
        assertThat(parse("-o", "out", "--config", f.toString())).isEqualTo(mine);
        Recipe r = parse("-o", "out", "--config", f.toString(), "--no-pixel-term", "--space", "FEATURES", "--epochs", "2");
        assertThat(r.score().space()).isEqualTo(ScoreSpace.FEATURES);
        assertThat(r.budget()).isEqualTo(new Budget.Epochs(2, 64));
        assertThat(r.withScore(mine.score()).withBudget(mine.budget())).isEqualTo(mine);
        assertThat(parse("-o", "out", "--config", f.toString(), "--pixel-term", "--pixel-weight", "2").score().pixelTerm().weight())
                .isEqualTo(2.0);
        // the paper's score has no pixel term: --pixel-weight alone leaves it off
        assertThat(parse("-o", "out", "--config", f.toString(), "--pixel-weight", "2").score().pixelTerm()).isNull();
        assertThatThrownBy(() -> parse("-o", "out", "--config", f.toString(), "--recipe", "cpu"))
                .isInstanceOf(UsageException.class).hasMessageContaining("give one");
        assertThatThrownBy(() -> parse("-o", "out", "--tau", "2")).isInstanceOf(UsageException.class)
                .hasMessageContaining("add --auto-aug");
        Files.writeString(f, Recipe.cpu().toJson().replace("\"version\": 1", "\"version\": 9"));
        assertThatThrownBy(() -> parse("-o", "out", "--config", f.toString())).isInstanceOf(UsageException.class)
                .hasMessageContaining("version 9").hasMessageContaining(f.toString());
    }

    /**
     * The command line's default and one line of Java train the same detector; its saved recipe
     * prints ({@code unode recipe --detector}), and that file trains the same detector again.
     */
    @Test
    void theCommandLineAndJavaTrainTheSameDetectorAndItsRecipeTrainsItAgain(@TempDir Path tmp) throws Exception {
        Path det = tmp.resolve("det");
        assertThat(cli.run("train", "--class", "8", "--max-inliers", "60", "--steps", "3", "--width", "0.125",
                "--batch-size", "24", "--quiet", "-o", det.toString())).as(cli.output()).isZero();
        Recipe expected = Recipe.cpu().withNetwork(new Network.ResNet18(8)).withBudget(new Budget.Steps(3, 24));
        try (ImageSet all = ImageSets.bundledFashionMnist(Split.TRAIN); ImageSet cls = all.onlyLabel(8);
                ImageSet inliers = cls.sample(60, 1);
                ImageSet test = ImageSets.bundledFashionMnist(Split.TEST).first(100);
                NoveltyDetector fromCli = NoveltyDetector.load(det);
                NoveltyDetector fromJava = UnodeTrainer.from(expected).build().fit(inliers)) {
            assertThat(Recipe.of(fromCli)).contains(expected);
            float[] scores = fromJava.score(test).novelty();
            assertThat(fromCli.score(test).novelty()).containsExactly(scores);

            assertThat(cli.run("recipe", "--detector", det.toString())).as(cli.output()).isZero();
            Path printed = tmp.resolve("printed.json");
            Files.writeString(printed, cli.stdout());
            assertThat(Recipe.read(printed)).isEqualTo(expected);
            Path again = tmp.resolve("again");
            assertThat(cli.run("train", "--class", "8", "--max-inliers", "60", "--config", printed.toString(), "--quiet",
                    "-o", again.toString())).as(cli.output()).isZero();
            try (NoveltyDetector d = NoveltyDetector.load(again)) {
                assertThat(d.score(test).novelty()).containsExactly(scores);
            }
        }
        assertThat(cli.run("recipe", "--print", "--recipe", "paper")).isZero();
        assertThat(Recipe.fromJson(cli.stdout())).isEqualTo(parse("-o", "out", "--recipe", "paper"));
        assertThat(cli.run("recipe")).isZero();
        assertThat(Recipe.fromJson(cli.stdout())).isEqualTo(Recipe.cpu());
        assertThat(List.of(cli.run("recipe", "--config", tmp.resolve("missing.json").toString())))
                .containsExactly(ExitCodes.USAGE);
    }

    @Test
    void stemStrideSetsTheResNetsStemAndKeepsItsWidth() {
        assertThat(parse("-o", "out", "--stem-stride", "4").network()).isEqualTo(new Network.ResNet18(16, 4));
        assertThat(parse("-o", "out", "--stem-stride", "2", "--width", "0.125").network())
                .isEqualTo(new Network.ResNet18(8, 2));
        assertThat(parse("-o", "out", "--width", "0.125").network()).isEqualTo(new Network.ResNet18(8, 1));
        assertThat(parse("-o", "out", "--stem-stride", "1")).isEqualTo(Recipe.cpu());
        assertThatThrownBy(() -> parse("-o", "out", "--stem-stride", "3")).isInstanceOf(UsageException.class)
                .hasMessageContaining("1, 2 or 4, got 3");
    }

    @Test
    void aStemTooLargeForTheImagesIsAUsageErrorNamingTheSize(@TempDir Path tmp) {
        // Fashion-MNIST's 28 px images are too small for a stride-4 stem
        int rc = cli.run("train", "--class", "8", "--inliers", "60", "--steps", "1", "--stem-stride", "4", "--quiet",
                "-o", tmp.resolve("det").toString());
        assertThat(rc).as(cli.output()).isNotZero();
        assertThat(cli.output()).contains("at least 29x29").contains("stride-4 stem");
    }
}
