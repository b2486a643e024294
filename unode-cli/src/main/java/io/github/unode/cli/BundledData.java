package io.github.unode.cli;

import io.github.unode.core.EmptyDataException;
import io.github.unode.data.ImageSets;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The Fashion-MNIST subset the demo runs on: {@code data/fashion-mnist-subset} of a checkout (see
 * {@link ImageSets#bundledDirectory}), else the copy inside this module's jar, so that the
 * command line's runnable jar runs {@code demo} anywhere, alone in an empty directory.
 */
final class BundledData {
    /** Where the build puts the subset's files among this module's resources. */
    static final String RESOURCES = "/io/github/unode/cli/fashion-mnist-subset/";
    private static final List<String> FILES = List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");
    private static Path extracted;

    private BundledData() {}

    /**
     * Makes {@link ImageSets#bundledFashionMnist} find the subset: when neither the system property
     * nor a checkout provides it, the jar's copy is extracted once per run into a temporary
     * directory (deleted at exit) and the property names it.
     */
    static synchronized void locate() {
        if (System.getProperty(ImageSets.DATA_DIR_PROPERTY) != null || extracted != null) {
            return;
        }
        try {
            ImageSets.bundledDirectory();
            return; // a checkout
        } catch (EmptyDataException notInACheckout) {
            if (BundledData.class.getResource(RESOURCES + FILES.get(0)) == null) {
                throw notInACheckout;
            }
        }
        try {
            Path dir = Files.createTempDirectory("unode-fashion-mnist-");
            dir.toFile().deleteOnExit();
            for (String f : FILES) {
                Path target = dir.resolve(f);
                try (InputStream in = BundledData.class.getResourceAsStream(RESOURCES + f)) {
                    if (in == null) {
                        throw new EmptyDataException("the command line's jar lacks " + RESOURCES + f);
                    }
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                target.toFile().deleteOnExit();
            }
            extracted = dir;
            System.setProperty(ImageSets.DATA_DIR_PROPERTY, dir.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
