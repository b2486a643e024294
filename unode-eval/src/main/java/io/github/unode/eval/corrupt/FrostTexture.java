package io.github.unode.eval.corrupt;

import io.github.unode.core.RandomSource;

/**
 * A procedural ice texture standing in for CIFAR-10-C's six frost photographs, which cannot ship
 * with unode: bright, thin, randomly oriented crystal streaks over a hazy plasma background,
 * values in [0, 1] with a mean near the photographs' (about 0.4).
 */
final class FrostTexture {
    private FrostTexture() {}

    static Raster make(int h, int w, RandomSource r) {
        int side = Integer.highestOneBit(Math.max(h, w) * 2 - 1) << 1;
        float[][] haze = Plasma.fractal(side, 1.6, r);
        Raster ice = Raster.zeros(1, h, w);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                ice.set(0, y, x, 0.55f * haze[y][x]);
            }
        }
        int streaks = Math.max(4, h * w / 40);
        double scale = Math.max(h, w) / 32.0;
        for (int s = 0; s < streaks; s++) {
            double y = r.nextDouble() * h;
            double x = r.nextDouble() * w;
            double angle = r.nextDouble() * Math.PI;
            double length = (2 + r.nextDouble() * 6) * scale;
            float bright = (float) (0.4 + 0.6 * r.nextDouble());
            for (double t = -length / 2; t <= length / 2; t += 0.5) {
                int yy = (int) Math.round(y + t * Math.sin(angle));
                int xx = (int) Math.round(x + t * Math.cos(angle));
                if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
                    ice.set(0, yy, xx, Math.max(ice.get(0, yy, xx), bright));
                }
            }
        }
        return ice.gaussian(0.5 * scale).clip();
    }
}
