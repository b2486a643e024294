package io.github.unode.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test fixtures shared by the modules' tests (through unode-core's test jar). */
public final class Fixtures {
    private Fixtures() {}

    /**
     * Copies the TorchScript fixture {@code tiny-cnn.pt} (made by
     * {@code unode-core/src/test/resources/torchscript/make_tiny_cnn.py}: RGB 32x32 in, 16-channel
     * 8x8 feature map out) into {@code dir}.
     */
    public static Path tinyCnn(Path dir) throws IOException {
        Path p = dir.resolve("tiny-cnn.pt");
        try (InputStream in = Fixtures.class.getResourceAsStream("/torchscript/tiny-cnn.pt")) {
            Files.copy(in, p);
        }
        return p;
    }
}
