package io.github.unode.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unode.core.ExistingOutputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving never deletes what unode did not write, and replaces a detector only when asked. */
class DetectorOutputTest {

    private static java.util.List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void savingOntoAForeignDirectoryThrowsAndDeletesNothing(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(dir.resolve("notes.txt"), "my notes");
        Files.createDirectories(dir.resolve("photos"));
        Files.writeString(dir.resolve("photos/a.jpg"), "not really a jpeg");
        try (NoveltyDetector d = NoveltyDetectorTest.detector(ScoreSpace.FEATURES)) {
            for (boolean replace : new boolean[] {false, true}) {
                assertThatThrownBy(() -> {
                    if (replace) {
                        d.saveReplacing(dir);
                    } else {
                        d.save(dir);
                    }
                }).isInstanceOf(ExistingOutputException.class)
                        .hasMessageContaining(dir.toString()).hasMessageContaining("notes.txt, photos")
                        .hasMessageContaining("not a unode detector")
                        .satisfies(e -> assertThat(((ExistingOutputException) e).replaceable()).isFalse());
            }
            // a path that is a file is not a detector's place either
            Path file = Files.writeString(tmp.resolve("file"), "x");
            assertThatThrownBy(() -> d.saveReplacing(file)).isInstanceOf(ExistingOutputException.class)
                    .hasMessageContaining("not a directory");
            assertThat(Files.readString(file)).isEqualTo("x");
        }
        assertThat(names(dir)).containsExactly("notes.txt", "photos");
        assertThat(Files.readString(dir.resolve("notes.txt"))).isEqualTo("my notes");
        assertThat(Files.readString(dir.resolve("photos/a.jpg"))).isEqualTo("not really a jpeg");
        assertThat(names(tmp)).as("no temporaries left").containsExactly("file", "mine");
    }

    @Test
    void anExistingDetectorIsReplacedOnlyWhenAskedAndOnlyIfNothingElseIsThere(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("det")); // an empty directory is a fine place
        try (NoveltyDetector d = NoveltyDetectorTest.detector(ScoreSpace.FEATURES)) {
            d.save(dir);
        }
        byte[] bank = Files.readAllBytes(dir.resolve("bank.f32"));
        try (NoveltyDetector other = NoveltyDetectorTest.detector(ScoreSpace.PROJECTION)) {
            assertThatThrownBy(() -> other.save(dir)).isInstanceOf(ExistingOutputException.class)
                    .hasMessageContaining("already holds a unode detector").hasMessageContaining("saveReplacing")
                    .satisfies(e -> assertThat(((ExistingOutputException) e).replaceable()).isTrue());
            assertThat(Files.readAllBytes(dir.resolve("bank.f32"))).isEqualTo(bank);

            Files.writeString(dir.resolve("README.txt"), "what this detector is for");
            assertThatThrownBy(() -> other.saveReplacing(dir)).isInstanceOf(ExistingOutputException.class)
                    .hasMessageContaining("README.txt").hasMessageContaining("did not write");
            assertThat(Files.readString(dir.resolve("README.txt"))).isEqualTo("what this detector is for");
            try (NoveltyDetector still = NoveltyDetector.load(dir)) {
                assertThat(still.scorer().space()).isEqualTo(ScoreSpace.FEATURES);
            }

            Files.delete(dir.resolve("README.txt"));
            other.saveReplacing(dir);
        }
        try (NoveltyDetector replaced = NoveltyDetector.load(dir)) {
            assertThat(replaced.scorer().space()).isEqualTo(ScoreSpace.PROJECTION);
        }
        assertThat(names(tmp)).as("no temporaries or old copies left").containsExactly("det");
    }
}
