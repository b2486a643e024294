package io.github.unode.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.unode.core.ImageShape;
import io.github.unode.core.RandomSource;
import io.github.unode.data.ImageSet;
import io.github.unode.eval.metrics.Metrics;
import io.github.unode.model.Backbone;
import org.junit.jupiter.api.Test;

/**
 * The PatchCore-style baseline on an untrained ResNet-18, on grey and colour images of two sizes:
 * a small local defect (a dark 5x5 square on a smooth random shading) is found, where the same
 * images without it are not flagged.
 */
class FeaturePatchMethodsTest {

    /** Smooth shadings a + b x + c y per channel, with a dark 5x5 square at a random place when {@code defect}. */
    private static float[] images(int n, ImageShape s, boolean defect, RandomSource r) {
        int h = s.height();
        int w = s.width();
        float[] out = new float[n * s.pixels()];
        for (int i = 0; i < n; i++) {
            int dy = (int) (r.nextDouble() * (h - 5));
            int dx = (int) (r.nextDouble() * (w - 5));
            for (int c = 0; c < s.channels(); c++) {
                double a = 0.4 + 0.2 * r.nextDouble();
                double bx = 0.2 * (r.nextDouble() - 0.5);
                double by = 0.2 * (r.nextDouble() - 0.5);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        double v = a + bx * x / w + by * y / h;
                        if (defect && y >= dy && y < dy + 5 && x >= dx && x < dx + 5) {
                            v = 0.05;
                        }
                        out[i * s.pixels() + c * h * w + y * w + x] = (float) v;
                    }
                }
            }
        }
        return out;
    }

    @Test
    void untrainedFeaturePatchesFindALocalDefectOnGreyAndColourImages() {
        for (ImageShape s : new ImageShape[] {ImageShape.grey(28), ImageShape.rgb(40)}) {
            RandomSource r = new RandomSource(11);
            float[] train = images(30, s, false, r);
            float[] good = images(10, s, false, r);
            float[] bad = images(10, s, true, r);
            float[] test = new float[good.length + bad.length];
            System.arraycopy(good, 0, test, 0, good.length);
            System.arraycopy(bad, 0, test, good.length, bad.length);
            boolean[] novel = new boolean[20];
            for (int i = 10; i < 20; i++) {
                novel[i] = true;
            }
            Method m = Methods.untrainedFeaturePatches("fp", sh -> Backbone.resNet18(sh, 0.25), new int[] {2, 3}, 4096);
            try (ImageSet tr = ImageSet.fromPixels(train, s, null, "train");
                    ImageSet te = ImageSet.fromPixels(test, s, null, "test");
                    Method.Fitted f = m.fit(tr, 1)) {
                double[] scores = f.score(te);
                assertThat(scores).hasSize(20);
                assertThat(Metrics.auroc(scores, novel)).as("AUROC on %s", s).isGreaterThan(0.95);
                assertThat(f.score(te)).as("the same scores again").containsExactly(scores);
            }
        }
    }
}
