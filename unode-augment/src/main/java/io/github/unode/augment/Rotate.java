package io.github.unode.augment;

import ai.djl.ndarray.NDArray;
import io.github.unode.core.RandomSource;

/**
 * Rotation by 90, 180 or 270 degrees, {@code k} drawn per image (METHOD section 2). Square
 * images are rotated exactly ({@code rot90}). Non-square images keep their shape: 180 degrees is
 * exact, and 90/270 degrees rotate the picture about its centre inside the same canvas, corners
 * that leave the canvas are lost and uncovered area is zero.
 */
public final class Rotate implements Augmentation {
    private final int[] allowed;

    /** Rotation by a {@code k} drawn uniformly from {1, 2, 3}. */
    public Rotate() {
        this(1, 2, 3);
    }

    /**
     * Rotation by {@code k * 90} degrees, {@code k} drawn uniformly from {@code quarterTurns}.
     *
     * @param quarterTurns the allowed quarter turns, each in {0, 1, 2, 3}
     */
    public Rotate(int... quarterTurns) {
        if (quarterTurns.length == 0) {
            throw new IllegalArgumentException("rotate needs at least one allowed quarter turn");
        }
        for (int k : quarterTurns) {
            if (k < 0 || k > 3) {
                throw new IllegalArgumentException("quarter turns must be in {0, 1, 2, 3}, got " + k);
            }
        }
        this.allowed = quarterTurns.clone();
    }

    @Override
    public String name() {
        return "rotate";
    }

    @Override
    public NDArray apply(NDArray batch, RandomSource random) {
        ImageOps.requireBatch(batch);
        int n = (int) batch.getShape().get(0);
        int[] k = new int[n];
        for (int i = 0; i < n; i++) {
            k[i] = allowed[random.nextInt(allowed.length)];
        }
        return rotate(batch, k);
    }

    /** Rotates image {@code i} by {@code k[i]} quarter turns counter-clockwise. */
    public static NDArray rotate(NDArray batch, int[] k) {
        int[] group = new int[k.length];
        for (int i = 0; i < k.length; i++) {
            group[i] = Math.floorMod(k[i], 4) == 0 ? -1 : Math.floorMod(k[i], 4) - 1;
        }
        long h = batch.getShape().get(2);
        long w = batch.getShape().get(3);
        return ImageOps.applyGrouped(batch, group, 3, (g, sub) -> {
            int turns = g + 1;
            if (h == w || turns == 2) {
                return sub.rotate90(turns, new int[] {2, 3});
            }
            return rotateInCanvas(sub, turns);
        });
    }

    /** 90/270 degrees about the centre of a non-square canvas, by exact index resampling. */
    private static NDArray rotateInCanvas(NDArray sub, int turns) {
        int b = (int) sub.getShape().get(0);
        int h = (int) sub.getShape().get(2);
        int w = (int) sub.getShape().get(3);
        double cy = (h - 1) / 2.0;
        double cx = (w - 1) / 2.0;
        // output (i, j) reads the source point rotated back by the same angle about the centre
        double s = turns == 1 ? 1 : -1;
        float[] a = new float[6 * b];
        for (int i = 0; i < b; i++) {
            // x_src = cx - s (y - cy) ; y_src = cy + s (x - cx)
            a[6 * i] = 0;
            a[6 * i + 1] = (float) -s;
            a[6 * i + 2] = (float) (cx + s * cy);
            a[6 * i + 3] = (float) s;
            a[6 * i + 4] = 0;
            a[6 * i + 5] = (float) (cy - s * cx);
        }
        NDArray coords = ImageOps.affineGrid(sub.getManager(), a, h, w).toDevice(sub.getDevice(), false);
        return ImageOps.bilinear(sub, coords, ImageOps.Padding.ZEROS);
    }

    /** The name and every parameter: part of the AutoAugOOD cache key. */
    @Override
    public String toString() {
        return "rotate" + java.util.Arrays.toString(allowed);
    }
}
