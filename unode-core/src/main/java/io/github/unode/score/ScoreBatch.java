package io.github.unode.score;

/**
 * Scores of a batch of images and their parts (METHOD section 6). Higher {@code novelty} means
 * more novel: {@code novelty = -(similarity + lambda * binaryLogOdds + mu * pixelSimilarity)}, the
 * last term only for detectors with a pixel term ({@link NoveltyScorer}).
 *
 * @param novelty the public novelty score {@code -O(x)}
 * @param similarity {@code O_sim(x)}: maximum cosine similarity to the training bank
 * @param binaryLogOdds {@code O_bin(x)}: {@code log P(inlier|x) - log P(negative|x)} from the head
 * @param pixelSimilarity {@code O_pix(x)}: minus the Euclidean distance to the nearest training
 *     inlier in raw pixels; NaN for detectors without a pixel term
 * @param novel whether {@code novelty} exceeds the calibrated threshold
 * @param lambda the balance of the head's term used
 * @param mu the balance of the pixel term used (0 without one)
 * @param threshold the threshold used for {@code novel}
 */
public record ScoreBatch(float[] novelty, float[] similarity, float[] binaryLogOdds, float[] pixelSimilarity,
        boolean[] novel, double lambda, double mu, double threshold) {

    /** Number of images scored. */
    public int size() {
        return novelty.length;
    }

    /** The score of image {@code i} alone. */
    public Score get(int i) {
        return new Score(novelty[i], similarity[i], binaryLogOdds[i], pixelSimilarity[i], novel[i]);
    }

    /** Number of images flagged novel. */
    public int novelCount() {
        int n = 0;
        for (boolean b : novel) {
            if (b) {
                n++;
            }
        }
        return n;
    }

    /** One image's score and parts. */
    public record Score(float novelty, float similarity, float binaryLogOdds, float pixelSimilarity, boolean novel) {}
}
