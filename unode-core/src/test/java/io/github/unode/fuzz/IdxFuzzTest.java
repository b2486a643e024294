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
 * Coverage-guided fuzzing of the IDX reader with Jazzer: whatever the bytes, a reader returns an
 * image set or throws a {@link UnodeException} naming the problem; any other exception, an
 * out-of-memory error or a native crash is a bug. Runs in the {@code fuzz} profile
 * ({@code ./mvnw -Pfuzz -pl unode-core -am test}, 60 s per target); in the default build these
 * tests are excluded.
 */
@Tag("fuzz")
class IdxFuzzTest {
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
    void idxFiles(byte[] data) throws IOException {
        Path file = DIR.resolve("fuzz.idx");
        Files.write(file, data);
        int split = data.length == 0 ? 0 : (data[0] & 0xff) % (data.length + 1);
        Path labels = DIR.resolve("fuzz-labels.idx");
        Files.write(labels, java.util.Arrays.copyOfRange(data, split, data.length));
        try (ImageSet s = ImageSets.idx(file, split % 2 == 0 ? labels : null)) {
            if (s.size() < 0) {
                throw new AssertionError("negative size");
            }
        } catch (UnodeException expected) {
            // refused with a reason: what we want
        }
    }

}
