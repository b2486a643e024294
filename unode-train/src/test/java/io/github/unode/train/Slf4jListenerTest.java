package io.github.unode.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.unode.data.ImageSet;
import io.github.unode.model.Backbone;
import io.github.unode.score.NoveltyDetector;
import io.github.unode.testing.TestImages;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@link TrainingListener#slf4j()} on a real run: the progress reaches the application's SLF4J
 * binding (slf4j-simple in the test JVM, which writes to standard error) at INFO, under the
 * trainer's logger, and the warnings at WARN.
 */
class Slf4jListenerTest {
    @Test
    void progressAndWarningsGoThroughSlf4j() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream before = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try (ImageSet inliers = TestImages.fashion(1, 20, 1, 32);
                NoveltyDetector d = UnodeTrainer.builder().backbone(Backbone.resNet18(inliers.shape(), 0.125))
                        .batchSize(9).epochs(1).seed(5).listener(TrainingListener.slf4j()).build().fit(inliers)) {
            assertThat(d.threshold()).isFinite();
        } finally {
            System.setErr(before);
        }
        String log = err.toString(StandardCharsets.UTF_8);
        String logger = UnodeTrainer.class.getName();
        assertThat(log).contains("INFO " + logger + " - epoch 1/1").contains("INFO " + logger + " - done in");
        // 2 held-out inliers are too few for the threshold: a warning
        assertThat(log).contains("WARN " + logger + " - the threshold was calibrated on only");
    }
}
