package io.github.unode.score;

import ai.djl.ndarray.NDArray;

/** How the binary head's verdict enters the score as {@code O_bin} (METHOD section 6). */
public enum HeadScore {
    /**
     * {@code log P(y=1|x) - log P(y=0|x)}, the log-odds (the library's default: the probability
     * saturates near 1 and loses the ranking of confident inliers).
     */
    LOG_ODDS,
    /** {@code P(y=1|x)}, the paper's eq. 14 (for a (K+1)-way head, {@code 1 - P(negative|x)}). */
    PROBABILITY;

    /**
     * {@code O_bin} of every row of {@code logits} {@code (N, K)}, the negative class last (for
     * {@code K = 2}: column 0 negative, column 1 inlier).
     */
    public float[] of(NDArray logits) {
        float[] l = logits.toFloatArray();
        int k = (int) logits.getShape().get(1);
        float[] out = new float[l.length / k];
        for (int i = 0; i < out.length; i++) {
            int neg = k == 2 ? 0 : k - 1;
            // log-sum-exp of the inlier logits
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                if (j != neg) {
                    max = Math.max(max, l[i * k + j]);
                }
            }
            double s = 0;
            for (int j = 0; j < k; j++) {
                if (j != neg) {
                    s += Math.exp(l[i * k + j] - max);
                }
            }
            double logOdds = k == 2 ? l[i * k + 1] - l[i * k] : max + Math.log(s) - l[i * k + neg];
            out[i] = this == LOG_ODDS ? (float) logOdds : (float) (1 / (1 + Math.exp(-logOdds)));
        }
        return out;
    }
}
