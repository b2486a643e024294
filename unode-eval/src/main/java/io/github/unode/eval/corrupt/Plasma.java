package io.github.unode.eval.corrupt;

import io.github.unode.core.RandomSource;

/** The diamond-square plasma fractal of CIFAR-10-C's fog, values rescaled to [0, 1]. */
final class Plasma {
    private Plasma() {}

    /**
     * @param side a power of two
     * @param wibbleDecay how fast the random perturbation shrinks with scale (CIFAR-10-C's {@code wibbledecay})
     */
    static float[][] fractal(int side, double wibbleDecay, RandomSource r) {
        double[][] map = new double[side][side];
        double wibble = 100;
        int step = side;
        while (step >= 2) {
            int half = step / 2;
            wibble /= wibbleDecay;
            // squares: centre of each square = mean of its corners + noise
            for (int y = 0; y < side; y += step) {
                for (int x = 0; x < side; x += step) {
                    double corners = map[y][x] + map[y][(x + step) % side] + map[(y + step) % side][x]
                            + map[(y + step) % side][(x + step) % side];
                    map[y + half][x + half] = corners / 4 + wibble * r.nextDouble(-1, 1);
                }
            }
            // diamonds: edge midpoints = mean of their four neighbours + noise
            for (int y = 0; y < side; y += half) {
                for (int x = (y / half) % 2 == 0 ? half : 0; x < side; x += step) {
                    double n = map[(y - half + side) % side][x] + map[(y + half) % side][x]
                            + map[y][(x - half + side) % side] + map[y][(x + half) % side];
                    map[y][x] = n / 4 + wibble * r.nextDouble(-1, 1);
                }
            }
            step = half;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] row : map) {
            for (double v : row) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        float[][] out = new float[side][side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                out[y][x] = (float) ((map[y][x] - min) / Math.max(max - min, 1e-12));
            }
        }
        return out;
    }
}
