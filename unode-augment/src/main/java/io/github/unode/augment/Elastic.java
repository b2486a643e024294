package io.github.unode.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.unode.core.RandomSource;

/**
 * Elastic distortion (Simard et al.; METHOD section 2): a displacement field of uniform noise in
 * [-1, 1] smoothed by a Gaussian of {@code sigma} and scaled by {@code alpha}, then bilinear
 * resampling with edge replication.
 *
 * <p>Parameters are given for 224-px images (sigma 7, alpha 200) and scaled with the image side
 * {@code s}: {@code sigma_s = sigma s / 224} and {@code alpha_s = alpha (s / 224)^2}. The
 * standard deviation of a smoothed noise field falls as {@code 1 / sigma}, so this scaling keeps
 * the displacement a fixed fraction of the image: the same distortion at every resolution.
 */
public final class Elastic implements Augmentation {
    private final double sigma224;
    private final double alpha224;

    public Elastic() {
        this(7, 200);
    }

    /**
     * @param sigma224 smoothing sigma in pixels of a 224-px image
     * @param alpha224 displacement scale in pixels of a 224-px image (0 leaves images unchanged)
     */
    public Elastic(double sigma224, double alpha224) {
        if (!(sigma224 > 0) || !(alpha224 >= 0) || Double.isInfinite(sigma224) || Double.isInfinite(alpha224)) {
            throw new IllegalArgumentException("elastic needs sigma > 0 and alpha >= 0, got " + sigma224 + ", " + alpha224);
        }
        this.sigma224 = sigma224;
        this.alpha224 = alpha224;
    }

    @Override
    public String name() {
        return "elastic";
    }

    @Override
    public NDArray apply(NDArray batch, RandomSource random) {
        ImageOps.requireBatch(batch);
        NDManager m = batch.getManager();
        int b = (int) batch.getShape().get(0);
        int h = (int) batch.getShape().get(2);
        int w = (int) batch.getShape().get(3);
        double scale = Math.max(h, w) / 224.0;
        double sigma = sigma224 * scale;
        double alpha = alpha224 * scale * scale;
        float[] u = random.uniforms(b * 2 * h * w);
        for (int i = 0; i < u.length; i++) {
            u[i] = 2 * u[i] - 1;
        }
        NDArray field = m.create(u, new Shape(b, 2, h, w)).toDevice(batch.getDevice(), false);
        NDArray d = ImageOps.gaussianBlur(field, sigma).mul((float) alpha); // (B, 2, H, W)
        float[] id = {1, 0, 0, 0, 1, 0};
        float[] a = new float[6 * b];
        for (int i = 0; i < b; i++) {
            System.arraycopy(id, 0, a, 6 * i, 6);
        }
        NDArray base = ImageOps.affineGrid(m, a, h, w).toDevice(batch.getDevice(), false); // (B,H,W,2)
        NDArray disp = d.transpose(0, 2, 3, 1); // (B,H,W,2): channel 0 = x, 1 = y
        NDArray coords = base.add(disp);
        return ImageOps.bilinear(batch, coords, ImageOps.Padding.BORDER);
    }


    /** The name and every parameter: part of the AutoAugOOD cache key. */
    @Override
    public String toString() {
        return "elastic(sigma224=" + sigma224 + ", alpha224=" + alpha224 + ")";
    }
}
