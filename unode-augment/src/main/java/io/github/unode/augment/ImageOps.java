package io.github.unode.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import io.github.unode.core.ImageShapeException;
import io.github.unode.internal.Gaussian;
import java.util.function.BiFunction;

/**
 * Batched image operations shared by the augmentations: bilinear resampling on arbitrary
 * per-pixel coordinates, padding by index selection, separable convolution, grouped application.
 * Every function takes and returns tensors {@code (B, C, H, W)}; results are attached to the
 * manager of the input. Nothing here loops over pixels in Java.
 */
public final class ImageOps {
    private ImageOps() {}

    /** What a sample outside the image reads. */
    public enum Padding {
        /** Zero. */
        ZEROS,
        /** The nearest edge pixel. */
        BORDER
    }

    static void requireBatch(NDArray x) {
        if (x.getShape().dimension() != 4) {
            throw new ImageShapeException("augmentations take a batch (B, C, H, W), got shape " + x.getShape());
        }
    }

    /**
     * Bilinear resampling: output pixel {@code (b, :, i, j)} reads the input at column
     * {@code coords[b, i, j, 0]} and row {@code coords[b, i, j, 1]} (pixel units, pixel centres at
     * integers), interpolating between the four neighbours.
     *
     * @param x input {@code (B, C, H, W)}
     * @param coords source coordinates {@code (B, H', W', 2)}, float
     * @param padding what samples outside the image read
     * @return {@code (B, C, H', W')}
     */
    public static NDArray bilinear(NDArray x, NDArray coords, Padding padding) {
        requireBatch(x);
        Shape s = x.getShape();
        long b = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        Shape cs = coords.getShape();
        if (cs.dimension() != 4 || cs.get(0) != b || cs.get(3) != 2) {
            throw new ImageShapeException("coordinates must be (B, H', W', 2) for " + b + " images, got " + cs);
        }
        long oh = cs.get(1);
        long ow = cs.get(2);
        long n = oh * ow;
        NDArray cx = coords.get(new NDIndex(":, :, :, 0")).reshape(b, n);
        NDArray cy = coords.get(new NDIndex(":, :, :, 1")).reshape(b, n);
        if (padding == Padding.BORDER) {
            cx = cx.clip(0, w - 1);
            cy = cy.clip(0, h - 1);
        }
        NDArray x0 = cx.floor();
        NDArray y0 = cy.floor();
        NDArray fx = cx.sub(x0);
        NDArray fy = cy.sub(y0);
        NDArray flat = x.reshape(b, c, h * w);
        NDArray out = null;
        for (int dy = 0; dy <= 1; dy++) {
            for (int dx = 0; dx <= 1; dx++) {
                NDArray xi = dx == 0 ? x0 : x0.add(1);
                NDArray yi = dy == 0 ? y0 : y0.add(1);
                NDArray wgt = (dx == 0 ? fx.neg().add(1) : fx).mul(dy == 0 ? fy.neg().add(1) : fy);
                NDArray valid = xi.gte(0).logicalAnd(xi.lte(w - 1)).logicalAnd(yi.gte(0)).logicalAnd(yi.lte(h - 1));
                wgt = wgt.mul(valid.toType(DataType.FLOAT32, false));
                NDArray idx = yi.clip(0, h - 1).mul(w).add(xi.clip(0, w - 1)).toType(DataType.INT64, false);
                NDArray vals = flat.gather(idx.expandDims(1).broadcast(new Shape(b, c, n)), 2);
                NDArray term = vals.mul(wgt.expandDims(1));
                out = out == null ? term : out.add(term);
            }
        }
        return out.reshape(b, c, oh, ow);
    }

    /**
     * Source coordinates of per-image affine maps: output pixel {@code (i, j)} reads
     * {@code (a00 j + a01 i + a02, a10 j + a11 i + a12)}.
     *
     * @param manager where the result lives
     * @param affine {@code B x 6} row-major 2x3 matrices
     * @param outH output height
     * @param outW output width
     * @return {@code (B, outH, outW, 2)}
     */
    public static NDArray affineGrid(NDManager manager, float[] affine, int outH, int outW) {
        int b = affine.length / 6;
        float[] base = new float[outH * outW * 3];
        for (int i = 0, k = 0; i < outH; i++) {
            for (int j = 0; j < outW; j++, k += 3) {
                base[k] = j;
                base[k + 1] = i;
                base[k + 2] = 1;
            }
        }
        NDArray grid = manager.create(base, new Shape(1, outH * outW, 3));
        NDArray a = manager.create(affine, new Shape(b, 2, 3));
        // (1, HW, 3) x (B, 3, 2) -> (B, HW, 2)
        return grid.matMul(a.transpose(0, 2, 1)).reshape(b, outH, outW, 2);
    }

    /** Source indices {@code -r .. n-1+r} mapped into {@code [0, n)} by edge replication or reflection. */
    static long[] padIndices(int n, int r, boolean reflect) {
        long[] idx = new long[n + 2 * r];
        for (int k = 0; k < idx.length; k++) {
            int i = k - r;
            if (reflect && n > 1) {
                int period = 2 * (n - 1);
                i = Math.floorMod(i, period);
                if (i >= n) {
                    i = period - i;
                }
            } else {
                i = Math.max(0, Math.min(n - 1, i));
            }
            idx[k] = i;
        }
        return idx;
    }

    /** Pads height and width by {@code r} on each side, replicating or reflecting the edges. */
    static NDArray pad(NDArray x, int r, boolean reflect) {
        if (r == 0) {
            return x;
        }
        NDManager m = x.getManager();
        int h = (int) x.getShape().get(2);
        int w = (int) x.getShape().get(3);
        NDArray rows = m.create(padIndices(h, r, reflect)).toDevice(x.getDevice(), false);
        NDArray cols = m.create(padIndices(w, r, reflect)).toDevice(x.getDevice(), false);
        return x.get(new NDIndex(":, :, {}, :", rows)).get(new NDIndex(":, :, :, {}", cols));
    }

    /** A normalised 1-D Gaussian kernel of radius {@code ceil(3 sigma)} (at least 1). */
    static float[] gaussianKernel(double sigma) {
        return Gaussian.floatKernel(sigma, Gaussian.Radius.CEIL_3_SIGMA, Gaussian.FloatRounding.WEIGHT_THEN_QUOTIENT);
    }

    /**
     * Convolves every channel separately with the outer product of a vertical and a horizontal
     * kernel (odd lengths), padding by edge reflection so that the output keeps the size.
     */
    static NDArray separable(NDArray x, float[] vertical, float[] horizontal, boolean reflect) {
        long c = x.getShape().get(1);
        int rv = vertical.length / 2;
        int rh = horizontal.length / 2;
        int r = Math.max(rv, rh);
        NDManager m = x.getManager();
        NDArray padded = pad(x, r, reflect);
        NDArray kv = m.create(vertical, new Shape(1, 1, vertical.length, 1)).toDevice(x.getDevice(), false)
                .broadcast(new Shape(c, 1, vertical.length, 1));
        NDArray kh = m.create(horizontal, new Shape(1, 1, 1, horizontal.length)).toDevice(x.getDevice(), false)
                .broadcast(new Shape(c, 1, 1, horizontal.length));
        Shape one = new Shape(1, 1);
        Shape zero = new Shape(0, 0);
        NDArray y = Conv2d.conv2d(padded, kv, null, one, zero, one, (int) c).singletonOrThrow();
        y = Conv2d.conv2d(y, kh, null, one, zero, one, (int) c).singletonOrThrow();
        // the larger padding of the two directions is still around the other one: crop it
        int h = (int) x.getShape().get(2);
        int w = (int) x.getShape().get(3);
        int top = r - rv;
        int left = r - rh;
        return y.get(new NDIndex(":, :, " + top + ":" + (top + h) + ", " + left + ":" + (left + w)));
    }

    /** Gaussian blur of every channel, reflect padding. */
    static NDArray gaussianBlur(NDArray x, double sigma) {
        float[] k = gaussianKernel(sigma);
        return separable(x, k, k, true);
    }

    /** Luma (ITU-R 601) of each image as one channel {@code (B, 1, H, W)}; grey images pass through. */
    static NDArray luma(NDArray x) {
        long c = x.getShape().get(1);
        if (c == 1) {
            return x;
        }
        if (c == 3) {
            NDArray w = x.getManager().create(new float[] {0.299f, 0.587f, 0.114f}, new Shape(1, 3, 1, 1))
                    .toDevice(x.getDevice(), false);
            return x.mul(w).sum(new int[] {1}, true);
        }
        return x.mean(new int[] {1}, true);
    }

    /** A per-image value {@code (B)} as a broadcastable {@code (B, 1, 1, 1)} tensor. */
    static NDArray perImage(NDManager m, float[] values, NDArray like) {
        return m.create(values, new Shape(values.length, 1, 1, 1)).toDevice(like.getDevice(), false);
    }

    /**
     * Applies {@code fn} to the images of each group as one batch and puts the results back in
     * the original order. {@code group[i] < 0} leaves image {@code i} unchanged.
     *
     * @param x the batch
     * @param group group id of every image
     * @param groups number of groups (ids {@code 0..groups-1})
     * @param fn transforms a sub-batch given its group id
     */
    static NDArray applyGrouped(NDArray x, int[] group, int groups, BiFunction<Integer, NDArray, NDArray> fn) {
        int n = group.length;
        NDManager m = x.getManager();
        NDList parts = new NDList();
        long[] order = new long[n];
        int k = 0;
        for (int g = -1; g < groups; g++) {
            int count = 0;
            for (int i = 0; i < n; i++) {
                if (group[i] == g) {
                    count++;
                }
            }
            if (count == 0) {
                continue;
            }
            long[] idx = new long[count];
            for (int i = 0, j = 0; i < n; i++) {
                if (group[i] == g) {
                    idx[j++] = i;
                    order[k++] = i;
                }
            }
            NDArray sub = count == n ? x : x.get(m.create(idx).toDevice(x.getDevice(), false));
            parts.add(g < 0 ? sub : fn.apply(g, sub));
        }
        if (parts.size() == 1 && k == n && isIdentity(order)) {
            return parts.get(0);
        }
        NDArray joined = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
        long[] inverse = new long[n];
        for (int i = 0; i < n; i++) {
            inverse[(int) order[i]] = i;
        }
        return joined.get(m.create(inverse).toDevice(x.getDevice(), false));
    }

    private static boolean isIdentity(long[] order) {
        for (int i = 0; i < order.length; i++) {
            if (order[i] != i) {
                return false;
            }
        }
        return true;
    }
}
