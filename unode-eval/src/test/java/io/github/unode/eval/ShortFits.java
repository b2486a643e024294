package io.github.unode.eval;

import io.github.unode.core.ImageShape;
import io.github.unode.core.RandomSource;
import io.github.unode.data.ImageSet;
import io.github.unode.model.Backbone;
import io.github.unode.train.UnodeTrainer;

/** The briefly trained detectors and the shaded images the tests of the suite's measurements fit them on. */
final class ShortFits {
    private ShortFits() {}

    /** Two steps of 16 with the CPU recipe's pixel term (blur 1, centred, weight 4), a ResNet-18 of width 0.25. */
    static UnodeTrainer trainer(ImageShape s, long seed) {
        return UnodeTrainer.builder().epochs(1).steps(2).batchSize(16).seed(seed).maxCompositions(2)
                .pixelTerm(true).pixelBlur(1).pixelCentre(true).pixelWeight(4)
                .backbone(Backbone.resNet18(s, 0.25)).build();
    }

    /** {@code n} images, each channel a flat grey level in [0.3, 0.7] with noise of std 0.1, seeded. */
    static ImageSet shadings(int n, ImageShape s, long seed) {
        return shadings(n, s, seed, 0);
    }

    /**
     * {@link #shadings(int, ImageShape, long)} with a horizontal ramp of a random slope up to
     * {@code ramp} across each channel (0: flat), so that images differ in more than level.
     */
    static ImageSet shadings(int n, ImageShape s, long seed, double ramp) {
        RandomSource r = new RandomSource(seed);
        float[] px = new float[n * s.pixels()];
        int hw = s.height() * s.width();
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < s.channels(); c++) {
                double a = 0.3 + 0.4 * r.nextDouble();
                double slope = ramp == 0 ? 0 : ramp * r.nextDouble();
                for (int p = 0; p < hw; p++) {
                    double v = a + slope * (p % s.width()) / s.width() + 0.1 * r.nextGaussian();
                    px[i * s.pixels() + c * hw + p] = (float) Math.min(1, Math.max(0, v));
                }
            }
        }
        return ImageSet.fromPixels(px, s, null, "shadings " + s);
    }
}
