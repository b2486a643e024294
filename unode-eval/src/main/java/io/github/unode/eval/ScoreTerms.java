package io.github.unode.eval;

import io.github.unode.eval.metrics.Metrics;
import io.github.unode.internal.Stats;
import io.github.unode.score.ScoreBatch;
import java.util.Arrays;

/**
 * The terms of a UNODE score for a set of images, each already balanced, so that weighted sums of
 * them can be formed and compared from one fit (not the paper's: a measurement tool of the
 * universality suite, issue 16):
 *
 * <pre>
 * novelty(wp, wl) = -(O_sim + lambda O_bin + wp mu1 O_pix) + wl nu1 L
 * </pre>
 *
 * where {@code mu1 O_pix} is the detector's pixel term at weight 1 ({@code mu / w} of the
 * detector's {@code mu}, whose pixel weight is {@code w}), and {@code nu1 L} a local novelty
 * {@code L} (larger is more novel, e.g. a feature-patch bank's distance) balanced like the pixel
 * term, {@code nu1 = std(O_sim) / std(L)} on held-out inliers. At {@code wp = w, wl = 0} it is the
 * detector's own novelty.
 *
 * @param similarity {@code O_sim} per image
 * @param head {@code lambda O_bin} per image
 * @param pixel {@code mu1 O_pix} per image (zeros without a pixel term)
 * @param local {@code nu1 L} per image (zeros without a local term)
 */
record ScoreTerms(double[] similarity, double[] head, double[] pixel, double[] local) {

    ScoreTerms {
        int n = similarity.length;
        if (head.length != n || pixel.length != n || local.length != n) {
            throw new IllegalArgumentException("every term needs one value per image: " + n + ", " + head.length + ", "
                    + pixel.length + ", " + local.length);
        }
    }

    /**
     * The terms of a scored batch.
     *
     * @param s the detector's scores
     * @param pixelWeight the detector's pixel weight {@code w} (ignored when it has no pixel term)
     * @param local the local novelty {@code L} per image, or null
     * @param nu1 the local term's balance {@code nu1}
     */
    static ScoreTerms of(ScoreBatch s, double pixelWeight, double[] local, double nu1) {
        int n = s.size();
        double[] sim = new double[n];
        double[] head = new double[n];
        double[] pix = new double[n];
        double[] loc = new double[n];
        boolean hasPixel = s.mu() != 0 && pixelWeight > 0;
        for (int i = 0; i < n; i++) {
            sim[i] = s.similarity()[i];
            head[i] = s.lambda() * s.binaryLogOdds()[i];
            pix[i] = hasPixel ? s.mu() / pixelWeight * s.pixelSimilarity()[i] : 0;
            loc[i] = local == null ? 0 : nu1 * local[i];
        }
        return new ScoreTerms(sim, head, pix, loc);
    }

    /** {@code std(O_sim) / std(L)}: the balance of a local novelty {@code L} on held-out inliers (population std). */
    static double balance(float[] similarity, double[] local) {
        double sl = Stats.std(local);
        if (!(sl > 0)) {
            throw new IllegalArgumentException("the local term is constant on the " + local.length
                    + " held-out inliers, so it cannot be balanced");
        }
        return Stats.std(similarity) / sl;
    }

    int size() {
        return similarity.length;
    }

    /** {@code novelty(wp, wl)} per image. */
    double[] novelty(double wp, double wl) {
        double[] out = new double[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = -(similarity[i] + head[i] + wp * pixel[i]) + wl * local[i];
        }
        return out;
    }

    /**
     * The weights chosen without test labels: those whose novelty best separates {@code inliers}
     * (held-out inliers) from {@code negatives} (proxies for novelties), by AUROC; of equal
     * AUROCs the first in grid order, pixel weight outer, local weight inner.
     */
    static Choice choose(ScoreTerms inliers, ScoreTerms negatives, double[] pixelWeights, double[] localWeights) {
        if (inliers.size() == 0 || negatives.size() == 0) {
            throw new IllegalArgumentException("choosing weights needs held-out inliers and negatives, got "
                    + inliers.size() + " and " + negatives.size());
        }
        boolean[] novel = new boolean[inliers.size() + negatives.size()];
        Arrays.fill(novel, inliers.size(), novel.length, true);
        Choice best = null;
        for (double wp : pixelWeights) {
            for (double wl : localWeights) {
                double[] a = inliers.novelty(wp, wl);
                double[] b = negatives.novelty(wp, wl);
                double[] all = Arrays.copyOf(a, novel.length);
                System.arraycopy(b, 0, all, a.length, b.length);
                double auroc = Metrics.auroc(all, novel);
                if (best == null || auroc > best.proxyAuroc()) {
                    best = new Choice(wp, wl, auroc);
                }
            }
        }
        return best;
    }

    /** Chosen weights and the proxy AUROC they reached. */
    record Choice(double pixelWeight, double localWeight, double proxyAuroc) {}
}
