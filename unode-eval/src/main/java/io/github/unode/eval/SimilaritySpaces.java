package io.github.unode.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.unode.data.ImageSet;
import io.github.unode.internal.Stats;
import io.github.unode.score.NoveltyDetector;
import io.github.unode.score.ScoreBatch;
import io.github.unode.score.ScoreRecipe;
import io.github.unode.train.Recipe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Other spaces and neighbour counts for the similarity term of a trained detector, measured
 * beside the detector's own score from the same fit (issue 16; not the paper's, and not part of
 * {@link NoveltyDetector}'s score). The detector's {@code O_sim} is the largest cosine similarity
 * of the encoder's features {@code f(x)} (the last stage, globally averaged) to the training
 * part's; here a {@link Space} is a list of ResNet-18 stages whose maps are each averaged over
 * the image, L2-normalised and joined (then normalised again, so each stage counts alike), and
 * {@code O_sim} is the mean cosine similarity to the {@code k} most similar training-part
 * embeddings. Each space's score is balanced as the detector's is, on the fit's own held-out
 * inliers: {@code O = O_sim + (std O_sim / std O_bin) O_bin + w (std O_sim / std O_pix) O_pix}.
 *
 * <p>The question it answers: does the trained encoder hold more than its last stage's pooled
 * features show (the earlier stages are further from the head's cross-entropy), and does DN2's
 * mean over two neighbours read them better than the nearest one?
 */
final class SimilaritySpaces {
    /** A similarity space: the stages joined, and the neighbours averaged. */
    record Space(String name, int[] stages, int k) {
        Space {
            if (stages.length == 0 || k < 1) {
                throw new IllegalArgumentException("a space needs at least one stage and k >= 1");
            }
            stages = stages.clone();
        }
    }

    /** The spaces measured by default. */
    static final List<Space> DEFAULT = List.of(
            new Space("stage 4", new int[] {4}, 1), // the detector's own space: a check that this class repeats it
            new Space("features k=2", new int[] {4}, 2),
            new Space("stage 3", new int[] {3}, 1),
            new Space("stages 3+4", new int[] {3, 4}, 1),
            new Space("stages 2+3+4", new int[] {2, 3, 4}, 1));

    private final NoveltyDetector detector;
    private final List<Space> spaces;
    private final List<float[][]> banks = new ArrayList<>();
    private final double[] simStd;
    private final double binStd;
    private final double pixStd;
    private final double pixelWeight;

    private SimilaritySpaces(NoveltyDetector detector, List<Space> spaces, double[] simStd, double binStd,
            double pixStd, double pixelWeight) {
        this.detector = detector;
        this.spaces = spaces;
        this.simStd = simStd;
        this.binStd = binStd;
        this.pixStd = pixStd;
        this.pixelWeight = pixelWeight;
    }

    /**
     * Builds each space's bank from the training part of the fit's split and balances it on the
     * held-out part.
     *
     * @throws IllegalStateException if the recipe's split does not give the detector's held-out count
     */
    static SimilaritySpaces fit(NoveltyDetector d, Recipe recipe, ImageSet inliers, List<Space> spaces) {
        ScoreRecipe score = recipe.score();
        double w = score.pixel().map(ScoreRecipe.PixelTerm::weight).orElse(0.0);
        try (ImageSet.Partition parts = inliers.split(1 - score.holdOutFraction(), recipe.seed())) {
            ImageSet heldOut = parts.second();
            if (heldOut.size() != d.scorer().heldOutNovelty().length) {
                throw new IllegalStateException("the recipe's split holds out " + heldOut.size()
                        + " inliers but the detector was calibrated on " + d.scorer().heldOutNovelty().length);
            }
            ScoreBatch h = d.score(heldOut);
            double binStd = Stats.std(toDouble(h.binaryLogOdds()));
            double pixStd = h.mu() == 0 ? 0 : Stats.std(toDouble(h.pixelSimilarity()));
            SimilaritySpaces s = new SimilaritySpaces(d, List.copyOf(spaces), new double[spaces.size()], binStd, pixStd, w);
            for (Space sp : spaces) {
                s.banks.add(embed(d, parts.first(), sp.stages()));
            }
            for (int i = 0; i < spaces.size(); i++) {
                double sd = Stats.std(s.similarity(i, embed(d, heldOut, spaces.get(i).stages())));
                if (!(sd > 0) || !(binStd > 0)) {
                    throw new IllegalStateException("space " + spaces.get(i).name()
                            + ": a term is constant on the held-out inliers, so it cannot be balanced");
                }
                s.simStd[i] = sd;
            }
            return s;
        }
    }

    /**
     * For each space, {@code "similarity only, S"}, {@code "similarity + head, S"} and (with a
     * pixel term) {@code "recipe, S"}: novelties, larger is more novel.
     *
     * @param s the detector's scores of {@code images}
     */
    Map<String, double[]> variants(ScoreBatch s, ImageSet images) {
        Map<String, double[]> out = new LinkedHashMap<>();
        int n = s.size();
        for (int i = 0; i < spaces.size(); i++) {
            Space sp = spaces.get(i);
            double[] sim = similarity(i, embed(detector, images, sp.stages()));
            double[] only = new double[n];
            double[] head = new double[n];
            double[] recipe = new double[n];
            for (int j = 0; j < n; j++) {
                double o = sim[j] + simStd[i] / binStd * s.binaryLogOdds()[j];
                only[j] = -sim[j];
                head[j] = -o;
                recipe[j] = pixStd > 0 ? -(o + pixelWeight * simStd[i] / pixStd * s.pixelSimilarity()[j]) : -o;
            }
            out.put("similarity only, " + sp.name(), only);
            out.put("similarity + head, " + sp.name(), head);
            if (pixStd > 0) {
                out.put("recipe, " + sp.name(), recipe);
            }
        }
        return out;
    }

    /** The mean of the {@code k} largest cosine similarities of each row of {@code q} to space {@code i}'s bank. */
    double[] similarity(int i, float[][] q) {
        return meanTopK(banks.get(i), q, spaces.get(i).k());
    }

    /** The mean of the {@code k} (at most the bank's size) largest dot products of each row of {@code q} with {@code bank}'s rows. */
    static double[] meanTopK(float[][] bank, float[][] q, int kWanted) {
        int k = Math.min(kWanted, bank.length);
        double[] out = new double[q.length];
        double[] top = new double[k];
        for (int r = 0; r < q.length; r++) {
            java.util.Arrays.fill(top, Double.NEGATIVE_INFINITY);
            for (float[] b : bank) {
                double dot = 0;
                for (int c = 0; c < b.length; c++) {
                    dot += q[r][c] * b[c];
                }
                if (dot > top[k - 1]) {
                    int p = k - 1;
                    while (p > 0 && top[p - 1] < dot) {
                        top[p] = top[p - 1];
                        p--;
                    }
                    top[p] = dot;
                }
            }
            double sum = 0;
            for (double t : top) {
                sum += t;
            }
            out[r] = sum / k;
        }
        return out;
    }

    /** Each image's maps after {@code stages}, averaged over the image, each normalised, joined, normalised. */
    static float[][] embed(NoveltyDetector d, ImageSet images, int[] stages) {
        float[][] out = new float[images.size()][];
        for (int from = 0; from < images.size(); from += NoveltyDetector.DEFAULT_BATCH) {
            int to = Math.min(images.size(), from + NoveltyDetector.DEFAULT_BATCH);
            try (NDManager scope = NDManager.newBaseManager()) {
                NDArray x = images.batch(from, to, scope);
                List<float[]> parts = new ArrayList<>();
                int dim = 0;
                for (int st : stages) {
                    NDArray map = d.featureMap(x, st, scope);
                    NDArray pooled = map.reshape(map.getShape().get(0), map.getShape().get(1), -1).mean(new int[] {2});
                    int c = (int) pooled.getShape().get(1);
                    parts.add(pooled.toFloatArray());
                    dim += c;
                }
                for (int r = 0; r < to - from; r++) {
                    float[] e = new float[dim];
                    int at = 0;
                    for (float[] p : parts) {
                        int c = p.length / (to - from);
                        double norm = 0;
                        for (int j = 0; j < c; j++) {
                            norm += (double) p[r * c + j] * p[r * c + j];
                        }
                        double inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
                        for (int j = 0; j < c; j++) {
                            e[at + j] = (float) (p[r * c + j] * inv);
                        }
                        at += c;
                    }
                    double norm = 0;
                    for (float v : e) {
                        norm += (double) v * v;
                    }
                    double inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
                    for (int j = 0; j < dim; j++) {
                        e[j] = (float) (e[j] * inv);
                    }
                    out[from + r] = e;
                }
            }
        }
        return out;
    }

    private static double[] toDouble(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }
}
