package io.github.unode.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonParser;
import io.github.unode.core.DetectorFormatException;
import io.github.unode.data.ImageSet;
import io.github.unode.data.ImageSets;
import io.github.unode.data.Split;
import io.github.unode.score.NoveltyDetector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training process killed with SIGKILL in the middle of an epoch resumes from its last
 * checkpoint and ends with the same detector as a run that was never interrupted.
 */
class CheckpointResumeTest {
    private static final int EPOCHS = 3;

    private static Process start(Path checkpoint, Path out, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx2g", "-cp", System.getProperty("java.class.path"),
                "-Dunode.data.dir=" + ImageSets.bundledDirectory().toAbsolutePath(),
                TrainingProcess.class.getName(), checkpoint.toString(), out.toString(), Integer.toString(EPOCHS)));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static int epochsDone(Path checkpoint) throws Exception {
        Path state = checkpoint.resolve("state.json");
        if (!Files.isRegularFile(state)) {
            return 0;
        }
        try {
            return JsonParser.parseString(Files.readString(state)).getAsJsonObject().get("epochsDone").getAsInt();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    @Test
    void aRunKilledMidEpochResumesToTheSameDetector(@TempDir Path tmp) throws Exception {
        // the uninterrupted reference, in this process
        float[] reference;
        try (ImageSet train = ImageSets.bundledFashionMnist(Split.TRAIN); ImageSet inliers = TrainingProcess.inliers(train);
                ImageSet test = ImageSets.bundledFashionMnist(Split.TEST).first(500);
                NoveltyDetector d = TrainingProcess.recipe(EPOCHS).build().fit(inliers)) {
            reference = d.score(test).novelty();
        }

        Path checkpoint = tmp.resolve("checkpoint");
        Path out = tmp.resolve("detector");
        Process first = start(checkpoint, out, tmp.resolve("first.log"));
        // wait for the end of epoch 1, then kill during epoch 2
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (epochsDone(checkpoint) < 1 && first.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(first.isAlive()).as("the first process is still training (log: %s)",
                Files.exists(tmp.resolve("first.log")) ? Files.readString(tmp.resolve("first.log")) : "").isTrue();
        Thread.sleep(500);
        first.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no finally blocks
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).isEqualTo(137);
        assertThat(out).doesNotExist();
        int done = epochsDone(checkpoint);
        assertThat(done).isBetween(1, EPOCHS - 1);

        Process second = start(checkpoint, out, tmp.resolve("second.log"));
        assertThat(second.waitFor(5, TimeUnit.MINUTES)).isTrue();
        String log = Files.readString(tmp.resolve("second.log"));
        assertThat(second.exitValue()).as(log).isZero();
        assertThat(log).contains("resuming from the checkpoint").contains("epoch " + done + " done");
        assertThat(checkpoint).as("the checkpoint is removed once training completes").doesNotExist();

        try (NoveltyDetector resumed = NoveltyDetector.load(out);
                ImageSet test = ImageSets.bundledFashionMnist(Split.TEST).first(500)) {
            assertThat(resumed.score(test).novelty()).containsExactly(reference);
        }
    }

    @Test
    void aCheckpointOfAnotherRunIsRefused(@TempDir Path tmp) throws Exception {
        Path checkpoint = tmp.resolve("cp");
        try (ImageSet train = ImageSets.bundledFashionMnist(Split.TRAIN); ImageSet inliers = TrainingProcess.inliers(train);
                ImageSet other = train.onlyLabel(2).first(320)) {
            // leave a checkpoint behind: a listener that fails in the second epoch
            UnodeTrainer failing = TrainingProcess.recipe(2).checkpointDirectory(checkpoint).listener(new TrainingListener() {
                @Override
                public void onStep(int epoch, int step, int stepsPerEpoch, double loss) {
                    if (epoch == 2) {
                        throw new IllegalStateException("stop");
                    }
                }
            }).build();
            assertThatThrownBy(() -> failing.fit(inliers)).hasMessage("stop");
            assertThat(checkpoint.resolve("state.json")).exists();
            assertThatThrownBy(() -> TrainingProcess.recipe(2).checkpointDirectory(checkpoint).build().fit(other))
                    .isInstanceOf(DetectorFormatException.class).hasMessageContaining("another run");
            // a damaged checkpoint is refused, not trusted
            Path params = checkpoint.resolve("model.params");
            byte[] b = Files.readAllBytes(params);
            b[b.length / 2] ^= 1;
            Files.write(params, b);
            assertThatThrownBy(() -> TrainingProcess.recipe(2).checkpointDirectory(checkpoint).build().fit(inliers))
                    .isInstanceOf(DetectorFormatException.class).hasMessageContaining("checksums");
        }
    }

    @Test
    void aDirectoryThatHoldsAnythingButACheckpointIsRefusedAndKept(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("cp"));
        Files.writeString(dir.resolve("results.txt"), "a week of work");
        try (ImageSet train = ImageSets.bundledFashionMnist(Split.TRAIN); ImageSet inliers = TrainingProcess.inliers(train)) {
            assertThatThrownBy(() -> TrainingProcess.recipe(1).checkpointDirectory(dir).build().fit(inliers))
                    .isInstanceOf(java.io.UncheckedIOException.class)
                    .hasCauseInstanceOf(io.github.unode.core.ExistingOutputException.class)
                    .hasMessageContaining(dir.toString()).hasMessageContaining("results.txt")
                    .hasMessageContaining("not a unode training checkpoint");
        }
        assertThat(Files.readString(dir.resolve("results.txt"))).isEqualTo("a week of work");
        try (var s = Files.list(dir)) {
            assertThat(s.count()).isEqualTo(1);
        }
    }
}
