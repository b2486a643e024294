package io.github.unode.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.github.unode.core.RandomSource;

/**
 * CutPaste (Li et al., CVPR 2021) as METHOD section 2 specifies: a patch of the image is copied
 * to another random place, rotated by a random angle. Half of the images (drawn per image) get a
 * "normal" patch with sides 0.1-0.35 of the image, the other half a "scar": 3 px to 0.15 W wide
 * and 10 px to 0.4 H high (clamped to the image). Resampling is bilinear; only the rotated patch
 * footprint changes.
 */
public final class CutPaste implements Augmentation {
    private final double scarProbability;
    private final double minSide;
    private final double maxSide;
    private final double maxAngleDegrees;

    public CutPaste() {
        this(0.5, 0.1, 0.35, 45);
    }

    /**
     * @param scarProbability probability that an image gets a scar rather than a normal patch
     * @param minSide smallest side of a normal patch, as a fraction of the image side
     * @param maxSide largest side of a normal patch
     * @param maxAngleDegrees the patch is rotated by an angle uniform in {@code [-max, max]}
     */
    public CutPaste(double scarProbability, double minSide, double maxSide, double maxAngleDegrees) {
        if (!(scarProbability >= 0 && scarProbability <= 1)) {
            throw new IllegalArgumentException("scar probability must lie in [0, 1], got " + scarProbability);
        }
        if (!(minSide > 0 && minSide <= maxSide && maxSide <= 1)) {
            throw new IllegalArgumentException("cutpaste needs 0 < minSide <= maxSide <= 1, got " + minSide + ", " + maxSide);
        }
        if (!(maxAngleDegrees >= 0 && maxAngleDegrees <= 180)) {
            throw new IllegalArgumentException("cutpaste max angle must lie in [0, 180], got " + maxAngleDegrees);
        }
        this.scarProbability = scarProbability;
        this.minSide = minSide;
        this.maxSide = maxSide;
        this.maxAngleDegrees = maxAngleDegrees;
    }

    /** Geometry of one pasted patch: source and target centres, size, angle in radians. */
    public record Patch(double sourceY, double sourceX, double targetY, double targetX, double height, double width,
            double angle) {}

    @Override
    public String name() {
        return "cutpaste";
    }

    @Override
    public NDArray apply(NDArray batch, RandomSource random) {
        ImageOps.requireBatch(batch);
        int b = (int) batch.getShape().get(0);
        int h = (int) batch.getShape().get(2);
        int w = (int) batch.getShape().get(3);
        Patch[] patches = new Patch[b];
        for (int i = 0; i < b; i++) {
            double ph;
            double pw;
            if (random.nextBoolean(scarProbability)) {
                pw = Math.min(w, random.nextDouble(Math.min(3, w), Math.max(Math.min(3, w) + 1e-9, 0.15 * w)));
                ph = Math.min(h, random.nextDouble(Math.min(10, h), Math.max(Math.min(10, h) + 1e-9, 0.4 * h)));
            } else {
                ph = random.nextDouble(minSide, maxSide + 1e-12) * h;
                pw = random.nextDouble(minSide, maxSide + 1e-12) * w;
            }
            ph = Math.max(1, Math.round(ph));
            pw = Math.max(1, Math.round(pw));
            double sy = ph / 2 + random.nextDouble() * (h - ph);
            double sx = pw / 2 + random.nextDouble() * (w - pw);
            double ty = ph / 2 + random.nextDouble() * (h - ph);
            double tx = pw / 2 + random.nextDouble() * (w - pw);
            double angle = Math.toRadians((2 * random.nextDouble() - 1) * maxAngleDegrees);
            // pixel centres: a patch of height ph centred at sy covers rows sy - ph/2 .. sy + ph/2
            patches[i] = new Patch(sy - 0.5, sx - 0.5, ty - 0.5, tx - 0.5, ph, pw, angle);
        }
        return paste(batch, patches);
    }

    /** Pastes the given patches, one per image. */
    static NDArray paste(NDArray batch, Patch[] patches) {
        NDManager m = batch.getManager();
        int b = patches.length;
        int h = (int) batch.getShape().get(2);
        int w = (int) batch.getShape().get(3);
        float[] a = new float[6 * b];
        float[] sx = new float[b];
        float[] sy = new float[b];
        float[] hw = new float[b];
        float[] hh = new float[b];
        for (int i = 0; i < b; i++) {
            Patch p = patches[i];
            double cos = Math.cos(p.angle());
            double sin = Math.sin(p.angle());
            // source = R(-angle) (out - target) + source
            a[6 * i] = (float) cos;
            a[6 * i + 1] = (float) sin;
            a[6 * i + 2] = (float) (p.sourceX() - cos * p.targetX() - sin * p.targetY());
            a[6 * i + 3] = (float) -sin;
            a[6 * i + 4] = (float) cos;
            a[6 * i + 5] = (float) (p.sourceY() + sin * p.targetX() - cos * p.targetY());
            sx[i] = (float) p.sourceX();
            sy[i] = (float) p.sourceY();
            hw[i] = (float) (p.width() / 2);
            hh[i] = (float) (p.height() / 2);
        }
        NDArray coords = ImageOps.affineGrid(m, a, h, w).toDevice(batch.getDevice(), false); // (B,H,W,2)
        NDArray cx = coords.get(new NDIndex(":, :, :, 0")).expandDims(1);
        NDArray cy = coords.get(new NDIndex(":, :, :, 1")).expandDims(1);
        NDArray inside = cx.sub(ImageOps.perImage(m, sx, batch)).abs().lte(ImageOps.perImage(m, hw, batch))
                .logicalAnd(cy.sub(ImageOps.perImage(m, sy, batch)).abs().lte(ImageOps.perImage(m, hh, batch)));
        NDArray pasted = ImageOps.bilinear(batch, coords, ImageOps.Padding.BORDER);
        return NDArrays.where(inside.broadcast(batch.getShape()), pasted, batch);
    }

    /** The name and every parameter: part of the AutoAugOOD cache key. */
    @Override
    public String toString() {
        return "cutpaste(scar=" + scarProbability + ", side=[" + minSide + ", " + maxSide + "], angle=" + maxAngleDegrees + ")";
    }
}
