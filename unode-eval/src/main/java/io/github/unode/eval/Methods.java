package io.github.unode.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.unode.augment.AugmentationPool;
import io.github.unode.augment.auto.AugmentationReport;
import io.github.unode.core.EmptyDataException;
import io.github.unode.data.ImageSet;
import io.github.unode.eval.baselines.FeaturePatchNearestNeighbour;
import io.github.unode.eval.baselines.PixelNearestNeighbour;
import io.github.unode.internal.Engines;
import io.github.unode.internal.NearestSearch;
import io.github.unode.model.Backbone;
import io.github.unode.model.FeatureExtractor;
import io.github.unode.model.ModelFeatures;
import io.github.unode.score.NoveltyDetector;
import io.github.unode.score.ScoreBatch;
import io.github.unode.train.UnodeTrainer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongFunction;

/** The methods evaluations compare: UNODE itself and the baselines. */
public final class Methods {
    private Methods() {}

    /**
     * UNODE as configured by {@code trainer} (a function of the seed, so that every task of a
     * protocol can get its own seed).
     */
    public static Method unode(String name, LongFunction<UnodeTrainer> trainer) {
        return unode(name, trainer, false);
    }

    /**
     * UNODE trained with the inliers' labels (METHOD section 5: SupCon and a (K+1)-way head), for
     * labeled multi-class and open-set settings.
     */
    public static Method unodeLabeled(String name, LongFunction<UnodeTrainer> trainer) {
        return unode(name, trainer, true);
    }

    /**
     * UNODE whose fitted detector also reports its score's parts alone, from the same training run:
     * {@code "similarity only"} ({@code -O_sim}) and {@code "head only"} ({@code -O_bin}), the
     * ablation of the paper's Table 6; with a pixel term also {@code "pixel term only"}
     * ({@code -O_pix}) and {@code "similarity + head"} (the paper's two terms, without it; in the library's space and head form unless the detector was trained with the paper's).
     */
    public static Method unodeWithParts(String name, LongFunction<UnodeTrainer> trainer) {
        return unode(name, trainer, false, true, new int[0], null, false, false, false);
    }

    /**
     * {@link #unodeWithParts(String, LongFunction)} with a local term on the trained encoder, from
     * the same fit: {@code "trained feature patches"}, a {@link FeaturePatchNearestNeighbour} on
     * the encoder's maps after the given ResNet-18 stages, its bank from the detector's training
     * part of the inliers (at most {@code 16,384} patch features, seeded), balanced on its
     * held-out part like the pixel term; {@code "recipe + trained feature patches"} and
     * {@code "similarity + head + trained feature patches"} (the term at weight 1);
     * {@code "weights per task"} and {@code "weights per task, no pixel term"}, the pixel and
     * local weights chosen per task on held-out inliers against negatives from the recipe's
     * augmentation pool (reported by {@link Method.Fitted#notes()}). None of this is part of the
     * detector's score or the paper's: a measurement of what a local term and per-task weights
     * would give.
     */
    public static Method unodeWithParts(String name, LongFunction<UnodeTrainer> trainer, int... localStages) {
        return unode(name, trainer, false, true, localStages.clone(), null, false, false, false);
    }

    /**
     * {@link #unodeWithParts(String, LongFunction, int...)} that also reports the similarity term
     * in other spaces of the trained encoder, from the same fit ({@code "similarity only, S"},
     * {@code "similarity + head, S"}, {@code "recipe, S"} for each space S: the last stage's
     * pooled features with the mean of the 2 nearest, stage 3, stages 3+4 and stages 2+3+4, each
     * balanced on the held-out inliers as the detector's own term is; and {@code S = "stage 4"},
     * the detector's own space, which repeats its score). None of it is part of the detector's
     * score or the paper's.
     */
    public static Method unodeWithSimilaritySpaces(String name, LongFunction<UnodeTrainer> trainer, int... localStages) {
        return unode(name, trainer, false, true, localStages.clone(), null, true, false, false);
    }

    /**
     * {@link #unodeWithParts(String, LongFunction, int...)} (with {@code similaritySpaces}, {@link
     * #unodeWithSimilaritySpaces}) that also reports, from the same fit, a copy of the detector
     * whose encoder's batch-norm running statistics were re-estimated on the training inliers
     * alone ({@link InlierStatistics}): {@code "similarity only, BN on inliers"}, {@code
     * "similarity + head, BN on inliers"} and {@code "recipe, BN on inliers"}; and the same three
     * of a copy re-estimated on plain inliers and negatives in training's proportions ({@code "BN
     * on inliers + negatives"}) and of one re-estimated on the negatives alone ({@code "BN on
     * negatives"}); each balanced on the held-out inliers as the detector's own terms are. The detector itself is not changed. None
     * of it is part of the detector's score or the paper's.
     */
    public static Method unodeWithInlierStatistics(String name, LongFunction<UnodeTrainer> trainer,
            boolean similaritySpaces, int... localStages) {
        return unode(name, trainer, false, true, localStages.clone(), null, similaritySpaces, true, false);
    }

    /**
     * {@link #unodeWithParts(String, LongFunction, int...)} with the weights per task chosen
     * against negatives from {@code proxy} (uniform weights) instead of the recipe's own pool: for
     * example augmentations left out of the trainer's pool, so that the proxy's negatives are
     * not what the encoder and head were trained to reject.
     *
     * @throws IllegalArgumentException if no local stage is given (the weights are chosen with the local term)
     */
    public static Method unodeWithParts(String name, LongFunction<UnodeTrainer> trainer, AugmentationPool proxy,
            int... localStages) {
        if (localStages.length == 0) {
            throw new IllegalArgumentException("a proxy pool chooses the weights per task, which need local stages");
        }
        return unode(name, trainer, false, true, localStages.clone(), java.util.Objects.requireNonNull(proxy, "proxy"),
                false, false, false);
    }

    /**
     * {@link #unodeWithParts(String, LongFunction)} that also reports, from the same fit, a raw-patch
     * term beside the detector's score ({@link PatchTerm}): {@code "raw patches"} (a patch-level
     * nearest-neighbour bank of the fit's training part, at the detector's resolution), {@code
     * "recipe + raw patches"} and {@code "recipe + raw patches x2"} (the detector's score with the
     * term balanced on its held-out inliers, at weight 1 and 2), {@code "similarity + head + raw
     * patches"} (weight 1, no image-level pixel term). None of it is part of the detector's score
     * or the paper's.
     */
    public static Method unodeWithPatchTerm(String name, LongFunction<UnodeTrainer> trainer) {
        return unode(name, trainer, false, true, new int[0], null, false, false, true);
    }

    /**
     * A PatchCore-style baseline on a network UNODE did not train: {@link FeaturePatchNearestNeighbour}
     * on the maps after {@code stages} of {@code backbone} as initialised with the fit's seed, its
     * bank of at most {@code maxBank} patch features of the inliers.
     */
    public static Method untrainedFeaturePatches(String name, Function<io.github.unode.core.ImageShape, Backbone> backbone,
            int[] stages, int maxBank) {
        int[] st = stages.clone();
        return Method.named(name, (inliers, seed) -> {
            ModelFeatures net = ModelFeatures.initialised(backbone.apply(inliers.shape()), seed);
            FeaturePatchNearestNeighbour nn = FeaturePatchNearestNeighbour.fit(inliers, mapsOf(net), st, maxBank, seed);
            return Method.Fitted.of(nn::score, () -> {
                nn.close();
                net.close();
            });
        });
    }

    /**
     * AutoAugOOD's weight and divergence of each augmentation, as {@code "AutoAugOOD weight NAME"}
     * and {@code "AutoAugOOD divergence NAME"}, when the detector was trained with AutoAugOOD's
     * weights; nothing otherwise.
     */
    public static java.util.Map<String, String> weightNotes(NoveltyDetector d) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        d.augmentationReport().map(AugmentationReport::fromJson).ifPresent(r -> {
            for (AugmentationReport.Entry e : r.entries()) {
                m.put("AutoAugOOD weight " + e.augmentation(), String.format(java.util.Locale.ROOT, "%.6g", e.weight()));
                m.put("AutoAugOOD divergence " + e.augmentation(),
                        String.format(java.util.Locale.ROOT, "%.6g", e.divergence()));
            }
        });
        return m;
    }

    private static FeaturePatchNearestNeighbour.Maps mapsOf(ModelFeatures net) {
        return (batch, stage, target) -> {
            NDArray m = net.featureMap(batch, stage);
            m.attach(target);
            return m;
        };
    }

    private static Method unode(String name, LongFunction<UnodeTrainer> trainer, boolean labeled) {
        return unode(name, trainer, labeled, false, new int[0], null, false, false, false);
    }

    private static Method unode(String name, LongFunction<UnodeTrainer> trainer, boolean labeled, boolean parts,
            int[] localStages, AugmentationPool proxy, boolean similaritySpaces, boolean inlierStatistics,
            boolean patchTerm) {
        return Method.named(name, (inliers, seed) -> {
            UnodeTrainer tr = trainer.apply(seed);
            NoveltyDetector d = labeled ? tr.fitLabeled(inliers) : tr.fit(inliers);
            LocalTerm local;
            try {
                local = localStages.length == 0 ? null
                        : LocalTerm.fit(d, tr.recipe(), inliers, localStages,
                                proxy == null ? tr.recipe().negatives().pool() : proxy, seed);
            } catch (RuntimeException | Error e) {
                d.close();
                throw e;
            }
            PatchTerm patches;
            try {
                patches = patchTerm ? PatchTerm.fit(d, tr.recipe(), inliers, seed) : null;
            } catch (RuntimeException | Error e) {
                if (local != null) {
                    local.close();
                }
                d.close();
                throw e;
            }
            SimilaritySpaces spaces;
            try {
                spaces = similaritySpaces ? SimilaritySpaces.fit(d, tr.recipe(), inliers, SimilaritySpaces.DEFAULT)
                        : null;
            } catch (RuntimeException | Error e) {
                if (patches != null) {
                    patches.close();
                }
                if (local != null) {
                    local.close();
                }
                d.close();
                throw e;
            }
            List<NoveltyDetector> copies = new ArrayList<>();
            List<SimilaritySpaces> copySpaces = new ArrayList<>();
            try {
                if (inlierStatistics) {
                    for (InlierStatistics.Reference r : InlierStatistics.Reference.values()) {
                        copies.add(InlierStatistics.copy(d, tr.recipe(), inliers, seed, r));
                        copySpaces.add(InlierStatistics.spaces(copies.get(copies.size() - 1), tr.recipe(), inliers, r));
                    }
                }
            } catch (RuntimeException | Error e) {
                copies.forEach(NoveltyDetector::close);
                if (patches != null) {
                    patches.close();
                }
                if (local != null) {
                    local.close();
                }
                d.close();
                throw e;
            }
            return new Method.Fitted() {
                @Override
                public double[] score(ImageSet images) {
                    ScoreBatch s = d.score(images);
                    double[] out = new double[s.size()];
                    for (int i = 0; i < out.length; i++) {
                        out[i] = s.novelty()[i];
                    }
                    return out;
                }

                @Override
                public java.util.Map<String, double[]> scoreVariants(ImageSet images) {
                    if (!parts) {
                        return java.util.Map.of("", score(images));
                    }
                    ScoreBatch s = d.score(images);
                    double[] novelty = new double[s.size()];
                    double[] sim = new double[s.size()];
                    double[] head = new double[s.size()];
                    for (int i = 0; i < novelty.length; i++) {
                        novelty[i] = s.novelty()[i];
                        sim[i] = -s.similarity()[i];
                        head[i] = -s.binaryLogOdds()[i];
                    }
                    java.util.Map<String, double[]> out = new java.util.LinkedHashMap<>();
                    out.put("", novelty);
                    out.put("similarity only", sim);
                    out.put("head only", head);
                    if (d.scorer().pixels().isPresent()) {
                        double[] pix = new double[s.size()];
                        double[] noPix = new double[s.size()];
                        for (int i = 0; i < pix.length; i++) {
                            pix[i] = -s.pixelSimilarity()[i];
                            noPix[i] = -(s.similarity()[i] + s.lambda() * s.binaryLogOdds()[i]);
                        }
                        out.put("pixel term only", pix);
                        out.put("similarity + head", noPix);
                    }
                    if (local != null) {
                        out.putAll(local.variants(s, images));
                    }
                    if (patches != null) {
                        out.putAll(patches.variants(s, images));
                    }
                    if (spaces != null) {
                        out.putAll(spaces.variants(s, images));
                    }
                    for (int c = 0; c < copies.size(); c++) {
                        out.putAll(copySpaces.get(c).variants(copies.get(c).score(images), images));
                    }
                    return out;
                }

                @Override
                public java.util.Map<String, String> notes() {
                    java.util.Map<String, String> m = new java.util.LinkedHashMap<>(weightNotes(d));
                    if (local != null) {
                        m.putAll(local.notes());
                    }
                    if (patches != null) {
                        m.putAll(patches.notes());
                    }
                    return m;
                }

                @Override
                public double threshold() {
                    return d.threshold();
                }

                @Override
                public void close() {
                    if (local != null) {
                        local.close();
                    }
                    if (patches != null) {
                        patches.close();
                    }
                    copies.forEach(NoveltyDetector::close);
                    d.close();
                }
            };
        });
    }

    /** The raw-pixel nearest-neighbour baseline (Euclidean distance to the nearest inlier). */
    public static Method pixelNearestNeighbour() {
        return Method.named("raw-pixel NN", (inliers, seed) -> {
            PixelNearestNeighbour nn = PixelNearestNeighbour.fit(inliers);
            return Method.Fitted.of(nn::score, nn::close);
        });
    }

    /**
     * A DN2-style baseline (Bergman, Cohen and Hoshen 2020): the mean Euclidean distance to the
     * {@code k} nearest inliers (k = 2 in DN2) in the L2-normalised features of a backbone that
     * UNODE did not train. {@code features} builds the extractor for an inlier shape and seed:
     * a pretrained backbone (true DN2), or the same architecture UNODE trains, as initialised
     * (what UNODE's training adds over its starting point).
     */
    public static Method featureNearestNeighbour(String name, int k,
            java.util.function.BiFunction<ImageSet, Long, FeatureExtractor> features) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        return Method.named(name, (inliers, seed) -> {
            if (inliers.size() < k) {
                throw new EmptyDataException(name + " needs at least " + k + " inliers, got " + inliers.size());
            }
            FeatureExtractor psi = features.apply(inliers, seed);
            NDManager m = NDManager.newBaseManager();
            NearestSearch bank = NearestSearch.over(embed(psi, inliers, m), NearestSearch.Measure.EUCLIDEAN).bankBlock(8192);
            return Method.Fitted.of(images -> {
                try (NDManager scope = m.newSubManager(); Engines.GradMode g = Engines.noGrad()) {
                    return kNearestMeanDistance(embed(psi, images, scope), bank, k);
                }
            }, () -> {
                m.close();
                if (psi instanceof AutoCloseable c) {
                    try {
                        c.close();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
        });
    }

    /** Features of a freshly initialised {@code backbone} (no training), for the DN2-style baseline. */
    public static java.util.function.BiFunction<ImageSet, Long, FeatureExtractor> untrained(
            Function<io.github.unode.core.ImageShape, Backbone> backbone) {
        return (inliers, seed) -> ModelFeatures.initialised(backbone.apply(inliers.shape()), seed);
    }

    static NDArray embed(FeatureExtractor psi, ImageSet images, NDManager target) {
        java.util.List<NDArray> parts = new java.util.ArrayList<>();
        for (int from = 0; from < images.size(); from += 256) {
            int to = Math.min(images.size(), from + 256);
            try (NDManager scope = target.newSubManager(); Engines.GradMode g = Engines.noGrad()) {
                NDArray f = psi.extract(images.batch(from, to, scope));
                NDArray n = f.div(f.norm(new int[] {1}, true).maximum(1e-12f));
                n.attach(target);
                parts.add(n);
            }
        }
        NDArray all = parts.size() == 1 ? parts.get(0) : ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(parts), 0);
        all.attach(target);
        return all;
    }

    /** Mean distance to the k nearest rows of a Euclidean {@code bank} search. */
    static double[] kNearestMeanDistance(NDArray q, NearestSearch bank, int k) {
        int n = (int) q.getShape().get(0);
        float[] distances = bank.nearest(q, k);
        double[] out = new double[n];
        try (NDManager scope = NDManager.newBaseManager(); Engines.GradMode g = Engines.noGrad()) {
            NDArray d = scope.create(distances, new ai.djl.ndarray.types.Shape(n, k));
            float[] v = d.mean(new int[] {1}).toFloatArray();
            for (int i = 0; i < n; i++) {
                out[i] = v[i];
            }
        }
        return out;
    }
}
