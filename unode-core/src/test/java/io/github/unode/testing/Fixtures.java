package io.github.unode.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Test fixtures shared by the modules' tests (through the unode-testing module). */
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

    /** {@code n} standard normal values, {@code (float) nextGaussian()} of {@code new Random(seed)} in turn. */
    public static float[] gaussians(long seed, int n) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }
}
