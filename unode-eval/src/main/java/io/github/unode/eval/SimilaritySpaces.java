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
        try (ImageSet.Partition parts = LocalTerm.detectorSplit(d, recipe, inliers)) {
            ImageSet heldOut = parts.second();
            ScoreBatch h = d.score(heldOut);
            double binStd = Stats.std(h.binaryLogOdds());
            double pixStd = h.mu() == 0 ? 0 : Stats.std(h.pixelSimilarity());
            SimilaritySpaces s = new SimilaritySpaces(d, List.copyOf(spaces), new double[spaces.size()], binStd, pixStd, w);
            Map<Integer, float[][]> train = stageEmbeddings(d, parts.first(), stagesOf(spaces));
            Map<Integer, float[][]> held = stageEmbeddings(d, heldOut, stagesOf(spaces));
            for (int i = 0; i < spaces.size(); i++) {
                s.banks.add(join(train, spaces.get(i).stages()));
                double sd = Stats.std(s.similarity(i, join(held, spaces.get(i).stages())));
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
        Map<Integer, float[][]> stages = stageEmbeddings(detector, images, stagesOf(spaces));
        for (int i = 0; i < spaces.size(); i++) {
            Space sp = spaces.get(i);
            double[] sim = similarity(i, join(stages, sp.stages()));
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
        return join(stageEmbeddings(d, images, stages), stages);
    }

    /** Every stage the spaces use, each once. */
    private static int[] stagesOf(List<Space> spaces) {
        return spaces.stream().flatMapToInt(sp -> java.util.Arrays.stream(sp.stages())).distinct().sorted().toArray();
    }

    /**
     * Each image's map after each of {@code stages} (each stage once, however many spaces use it),
     * averaged over the image and L2-normalised, by stage.
     */
    static Map<Integer, float[][]> stageEmbeddings(NoveltyDetector d, ImageSet images, int[] stages) {
        Map<Integer, float[][]> out = new java.util.HashMap<>();
        for (int st : stages) {
            out.putIfAbsent(st, new float[images.size()][]);
        }
        for (int from = 0; from < images.size(); from += NoveltyDetector.DEFAULT_BATCH) {
            int to = Math.min(images.size(), from + NoveltyDetector.DEFAULT_BATCH);
            try (NDManager scope = NDManager.newBaseManager()) {
                NDArray x = images.batch(from, to, scope);
                for (Map.Entry<Integer, float[][]> e : out.entrySet()) {
                    NDArray map = d.featureMap(x, e.getKey(), scope);
                    float[] p = map.reshape(map.getShape().get(0), map.getShape().get(1), -1).mean(new int[] {2})
                            .toFloatArray();
                    int c = p.length / (to - from);
                    for (int r = 0; r < to - from; r++) {
                        e.getValue()[from + r] = normalised(p, r * c, c);
                    }
                }
            }
        }
        return out;
    }

    /** The stages' embeddings of each image joined in {@code stages}' order, normalised. */
    static float[][] join(Map<Integer, float[][]> byStage, int[] stages) {
        int n = byStage.get(stages[0]).length;
        float[][] out = new float[n][];
        for (int r = 0; r < n; r++) {
            int dim = 0;
            for (int st : stages) {
                dim += byStage.get(st)[r].length;
            }
            float[] e = new float[dim];
            int at = 0;
            for (int st : stages) {
                float[] part = byStage.get(st)[r];
                System.arraycopy(part, 0, e, at, part.length);
                at += part.length;
            }
            out[r] = normalised(e, 0, dim);
        }
        return out;
    }

    /** {@code v[from, from + c)} divided by its L2 norm (accumulated in double), or zeros if it is 0. */
    private static float[] normalised(float[] v, int from, int c) {
        double norm = 0;
        for (int j = 0; j < c; j++) {
            norm += (double) v[from + j] * v[from + j];
        }
        double inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
        float[] out = new float[c];
        for (int j = 0; j < c; j++) {
            out[j] = (float) (v[from + j] * inv);
        }
        return out;
    }
}
