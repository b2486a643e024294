package io.github.unode.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.unode.core.ImageShape;
import io.github.unode.core.UnodeException;
import io.github.unode.data.ImageSet;
import io.github.unode.data.ImageSets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;

/**
 * Coverage-guided fuzzing of the image-folder reader with Jazzer: whatever the bytes, a reader returns an
 * image set or throws a {@link UnodeException} naming the problem; any other exception, an
 * out-of-memory error or a native crash is a bug. Runs in the {@code fuzz} profile
 * ({@code ./mvnw -Pfuzz -pl unode-core -am test}, 60 s per target); in the default build these
 * tests are excluded.
 */
@Tag("fuzz")
class ImageFolderFuzzTest {
    private static final Path DIR;

    static {
        try {
            DIR = Files.createTempDirectory("unode-fuzz");
            DIR.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void imageFiles(byte[] data) throws IOException {
        Path dir = DIR.resolve("folder");
        Files.createDirectories(dir);
        Path file = dir.resolve(data.length > 0 && (data[0] & 1) == 1 ? "x.jpg" : "x.png");
        try (var old = Files.list(dir)) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
        }
        Files.write(file, data);
        try (ImageSet s = ImageSets.folder(dir, ImageShape.grey(8))) {
            if (s.size() != 1) {
                throw new AssertionError("one file, " + s.size() + " images");
            }
        } catch (UnodeException expected) {
            // refused with a reason
        }
    }
}
