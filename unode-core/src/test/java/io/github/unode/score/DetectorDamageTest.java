package io.github.unode.score;

import io.github.unode.core.DetectorFormatException;
import io.github.unode.internal.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A saved detector cannot be damaged silently: every kind of damage is refused with its reason. */
class DetectorDamageTest {
    private static final List<String> FILES = List.of("model.json", "model.params", "bank.f32", "scorer.json",
            "configuration.json", "provenance.json", "augmentation-report.json");

    @TempDir
    static Path shared;

    private static Path pristine;

    @BeforeAll
    static void save() throws Exception {
        pristine = shared.resolve("pristine");
        try (NoveltyDetector d = NoveltyDetectorTest.detector(ScoreSpace.FEATURES)) {
            d.save(pristine);
        }
    }

    private static Path copy(Path tmp) throws IOException {
        Path dir = tmp.resolve("copy");
        Files.createDirectories(dir);
        try (Stream<Path> s = Files.list(pristine)) {
            for (Path f : s.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        return dir;
    }

    @Test
    void theSavedFormIsCompleteAndLoads(@TempDir Path tmp) throws Exception {
        try (Stream<Path> s = Files.list(pristine)) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactlyInAnyOrderElementsOf(Stream.concat(FILES.stream(), Stream.of("manifest.json")).toList());
        }
        NoveltyDetector.load(copy(tmp)).close();
    }

    @Test
    void aFlippedByteInAnyFileIsRefused(@TempDir Path tmp) throws Exception {
        for (String name : FILES) {
            Path dir = copy(tmp.resolve(name));
            byte[] b = Files.readAllBytes(dir.resolve(name));
            b[b.length / 3] ^= 0x20;
            Files.write(dir.resolve(name), b);
            assertThatThrownBy(() -> NoveltyDetector.load(dir)).as(name).isInstanceOf(DetectorFormatException.class)
                    .hasMessageContaining(name).hasMessageContaining("SHA-256");
        }
    }

    @Test
    void aTruncatedFileIsRefused(@TempDir Path tmp) throws Exception {
        for (String name : FILES) {
            Path dir = copy(tmp.resolve(name));
            byte[] b = Files.readAllBytes(dir.resolve(name));
            Files.write(dir.resolve(name), Arrays.copyOf(b, b.length - 7));
            assertThatThrownBy(() -> NoveltyDetector.load(dir)).as(name).isInstanceOf(DetectorFormatException.class)
                    .hasMessageContaining(name).hasMessageContaining("truncated");
        }
    }

    @Test
    void aMissingFileIsRefused(@TempDir Path tmp) throws Exception {
        for (String name : FILES) {
            Path dir = copy(tmp.resolve(name));
            Files.delete(dir.resolve(name));
            assertThatThrownBy(() -> NoveltyDetector.load(dir)).as(name).isInstanceOf(DetectorFormatException.class)
                    .hasMessageContaining(name).hasMessageContaining("missing");
        }
        Path dir = copy(tmp.resolve("manifest"));
        Files.delete(dir.resolve("manifest.json"));
        assertThatThrownBy(() -> NoveltyDetector.load(dir)).isInstanceOf(DetectorFormatException.class)
                .hasMessageContaining("manifest.json is missing");
    }

    @Test
    void aNewerFormatVersionOrAForeignManifestIsRefused(@TempDir Path tmp) throws Exception {
        Path dir = copy(tmp.resolve("newer"));
        Path manifest = dir.resolve("manifest.json");
        int newer = DetectorStore.FORMAT_VERSION + 1;
        Files.writeString(manifest, Files.readString(manifest).replaceAll("\"formatVersion\": \\d+", "\"formatVersion\": " + newer));
        assertThatThrownBy(() -> NoveltyDetector.load(dir)).isInstanceOf(DetectorFormatException.class)
                .hasMessageContaining("format version " + newer).hasMessageContaining("upgrade unode");
        Path foreign = copy(tmp.resolve("foreign"));
        Path m2 = foreign.resolve("manifest.json");
        Files.writeString(m2, Files.readString(m2).replace("unode-detector", "something-else"));
        assertThatThrownBy(() -> NoveltyDetector.load(foreign)).isInstanceOf(DetectorFormatException.class)
                .hasMessageContaining("something-else");
        Path broken = copy(tmp.resolve("broken"));
        Files.writeString(broken.resolve("manifest.json"), "{ not json");
        assertThatThrownBy(() -> NoveltyDetector.load(broken)).isInstanceOf(DetectorFormatException.class)
                .hasMessageContaining("manifest.json");
        assertThatThrownBy(() -> NoveltyDetector.load(tmp.resolve("nothing-here")))
                .isInstanceOf(DetectorFormatException.class).hasMessageContaining("not a directory");
    }

    @Test
    void anInterruptedSaveLeavesThePreviousDetectorWhole(@TempDir Path tmp) throws Exception {
        Path dir = copy(tmp);
        byte[] before = Files.readAllBytes(dir.resolve("model.params"));
        assertThatThrownBy(() -> AtomicFiles.writeDirectory(dir, t -> {
            Files.writeString(t.resolve("model.params"), "half written");
            throw new IOException("disk full");
        })).hasMessage("disk full");
        assertThat(Files.readAllBytes(dir.resolve("model.params"))).isEqualTo(before);
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("copy"); // no temporaries
        }
        NoveltyDetector.load(dir).close();
        // and saving over an existing detector, when asked to, replaces it whole
        try (NoveltyDetector d = NoveltyDetector.load(pristine)) {
            d.saveReplacing(dir);
        }
        NoveltyDetector.load(dir).close();
    }
}
