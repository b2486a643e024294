package io.github.unode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.unode.core.ImageShape;
import io.github.unode.score.ScoreSpace;
import io.github.unode.train.Losses;
import io.github.unode.train.NegativeDraw;
import io.github.unode.train.TrainingConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --recipe}: the named recipe, and only the options given on the command line overriding it. */
class TrainOptionsTest {

    private static TrainingConfig parse(String... args) {
        TrainCommand train = new TrainCommand();
        new CommandLine(train).parseArgs(args);
        return train.train.trainer(ImageShape.grey(28), 1, null).config();
    }

    @Test
    void thePaperRecipeKeepsThePapersFormsUnlessAnOptionOverridesThem() {
        TrainingConfig paper = parse("-o", "out", "--recipe", "paper", "--steps", "50");
        assertThat(paper.contrastiveForm()).isEqualTo(Losses.ContrastiveForm.PAPER);
        assertThat(paper.temperature()).isEqualTo(1f);
        assertThat(paper.negativeDraw()).isEqualTo(NegativeDraw.PER_BATCH);
        assertThat(paper.scoreSpace()).isEqualTo(ScoreSpace.PROJECTION);
        assertThat(paper.learningRate()).isEqualTo(0.1f);     // not the cpu recipe's --lr default 0.4
        assertThat(paper.contrastiveWeight()).isEqualTo(1f);  // not the cpu recipe's 0
        assertThat(paper.warmupStepsOf(1000)).isEqualTo(10);

        TrainingConfig overridden = parse("-o", "out", "--recipe", "paper", "--lr", "0.2", "--temperature", "0.5",
                "--negative-draw", "PER_IMAGE");
        assertThat(overridden.learningRate()).isEqualTo(0.2f);
        assertThat(overridden.temperature()).isEqualTo(0.5f);
        assertThat(overridden.negativeDraw()).isEqualTo(NegativeDraw.PER_IMAGE);
        assertThat(overridden.contrastiveForm()).isEqualTo(Losses.ContrastiveForm.PAPER);
    }

    @Test
    void theCpuRecipeIsTheDefaultWithEveryOptionsDefault() {
        TrainingConfig cpu = parse("-o", "out");
        assertThat(cpu.contrastiveForm()).isEqualTo(Losses.ContrastiveForm.ALL_ANCHORS);
        assertThat(cpu.learningRate()).isEqualTo(0.4f);
        assertThat(cpu.contrastiveWeight()).isEqualTo(0f);
        assertThat(cpu.scoreSpace()).isEqualTo(ScoreSpace.FEATURES);
        assertThat(cpu.negativeDraw()).isEqualTo(NegativeDraw.INDEPENDENT);
        assertThat(parse("-o", "out", "--contrastive-form", "PAPER").contrastiveForm())
                .isEqualTo(Losses.ContrastiveForm.PAPER);
    }
}
