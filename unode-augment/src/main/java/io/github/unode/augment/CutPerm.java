package io.github.unode.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.unode.core.RandomSource;

/**
 * Cuts each image into 2x2 tiles and rearranges them by a random non-identity permutation,
 * drawn per image from the 23 (METHOD section 2). With an odd height or width the last row or
 * column stays where it is. Applied as one gather for the whole batch.
 */
public final class CutPerm implements Augmentation {
    /** A CutPerm augmentation; it has no settings. */
    public CutPerm() {}

    /** All 24 permutations of the four tiles (0 top-left, 1 top-right, 2 bottom-left, 3 bottom-right); index 0 is the identity. */
    static final int[][] PERMUTATIONS = permutations();

    @Override
    public String name() {
        return "cutperm";
    }

    @Override
    public NDArray apply(NDArray batch, RandomSource random) {
        ImageOps.requireBatch(batch);
        int b = (int) batch.getShape().get(0);
        int[][] perms = new int[b][];
        for (int i = 0; i < b; i++) {
            perms[i] = PERMUTATIONS[1 + random.nextInt(PERMUTATIONS.length - 1)];
        }
        return permute(batch, perms);
    }

    /** Output tile {@code t} of image {@code i} shows input tile {@code perms[i][t]}. */
    static NDArray permute(NDArray batch, int[][] perms) {
        NDManager m = batch.getManager();
        int b = (int) batch.getShape().get(0);
        long c = batch.getShape().get(1);
        int h = (int) batch.getShape().get(2);
        int w = (int) batch.getShape().get(3);
        int th = h / 2;
        int tw = w / 2;
        // offsets per image and target tile (tile 4 = the odd remainder, never moved)
        float[] dy = new float[b * 5];
        float[] dx = new float[b * 5];
        for (int i = 0; i < b; i++) {
            for (int t = 0; t < 4; t++) {
                int s = perms[i][t];
                dy[i * 5 + t] = (s / 2 - t / 2) * th;
                dx[i * 5 + t] = (s % 2 - t % 2) * tw;
            }
        }
        NDArray rows = m.arange(0, h).reshape(h, 1).toDevice(batch.getDevice(), false);
        NDArray cols = m.arange(0, w).reshape(1, w).toDevice(batch.getDevice(), false);
        NDArray inTiles = rows.lt(2 * th).logicalAnd(cols.lt(2 * tw));
        NDArray tile = rows.gte(th).toType(DataType.INT64, false).mul(2)
                .add(cols.gte(tw).toType(DataType.INT64, false));
        tile = tile.mul(inTiles.toType(DataType.INT64, false))
                .add(inTiles.logicalNot().toType(DataType.INT64, false).mul(4)); // (h, w)
        NDArray tileIdx = tile.reshape(1, (long) h * w).broadcast(new Shape(b, (long) h * w));
        NDArray dyMap = m.create(dy, new Shape(b, 5)).toDevice(batch.getDevice(), false).gather(tileIdx, 1);
        NDArray dxMap = m.create(dx, new Shape(b, 5)).toDevice(batch.getDevice(), false).gather(tileIdx, 1);
        NDArray r = rows.broadcast(new Shape(h, w)).reshape(1, (long) h * w).toType(DataType.FLOAT32, false);
        NDArray col = cols.broadcast(new Shape(h, w)).reshape(1, (long) h * w).toType(DataType.FLOAT32, false);
        NDArray src = r.add(dyMap).mul(w).add(col.add(dxMap)).toType(DataType.INT64, false);
        NDArray flat = batch.reshape(b, c, (long) h * w);
        return flat.gather(src.expandDims(1).broadcast(new Shape(b, c, (long) h * w)), 2).reshape(b, c, h, w);
    }

    private static int[][] permutations() {
        int[][] out = new int[24][];
        int k = 0;
        for (int a = 0; a < 4; a++) {
            for (int b = 0; b < 4; b++) {
                for (int c = 0; c < 4; c++) {
                    for (int d = 0; d < 4; d++) {
                        if (a != b && a != c && a != d && b != c && b != d && c != d) {
                            out[k++] = new int[] {a, b, c, d};
                        }
                    }
                }
            }
        }
        return out; // lexicographic: out[0] = {0,1,2,3}, the identity
    }

    /** The name and every parameter: part of the AutoAugOOD cache key. */
    @Override
    public String toString() {
        return "cutperm";
    }
}
