package io.github.unode.eval.corrupt;

import io.github.unode.core.RandomSource;
import io.github.unode.data.ImageSet;
import java.util.stream.IntStream;

/** Corrupted copies of whole image sets (METHOD section 7: "corrupted test sets"). */
public final class Corruptions {
    private Corruptions() {}

    /**
     * A corrupted copy of {@code images} (labels kept). Each image draws from its own stream
     * derived from {@code seed} and its index, so the result does not depend on the thread count.
     *
     * @param images the clean set (not modified)
     * @param corruption which corruption
     * @param severity 1 to 5
     * @param seed seed of the random draws
     */
    public static ImageSet apply(ImageSet images, Corruption corruption, int severity, long seed) {
        int c = images.shape().channels();
        int h = images.shape().height();
        int w = images.shape().width();
        int px = images.shape().pixels();
        float[] all = images.toFloatArray();
        float[] out = new float[all.length];
        IntStream.range(0, images.size()).parallel().forEach(i -> {
            float[] one = new float[px];
            System.arraycopy(all, i * px, one, 0, px);
            RandomSource r = new RandomSource(seed * 1_000_003L + i * 7_919L + corruption.seedIndex() * 31L + severity);
            System.arraycopy(corruption.apply(one, c, h, w, severity, r), 0, out, i * px, px);
        });
        return ImageSet.fromPixels(out, images.shape(), images.labels().orElse(null),
                images.name() + " " + corruption.id() + "-" + severity);
    }
}
