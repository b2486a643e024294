package io.github.unode.benchmarks.universality;

import io.github.unode.augment.AugmentationPool;
import io.github.unode.augment.PositiveAugmentation;
import io.github.unode.core.ImageShape;
import io.github.unode.data.ImageFolderDataset;
import io.github.unode.data.ImageSet;
import io.github.unode.data.ImageSets;
import io.github.unode.data.Split;
import io.github.unode.eval.Method;
import io.github.unode.eval.Methods;
import io.github.unode.eval.baselines.CosineNearestNeighbour;
import io.github.unode.eval.baselines.PatchNearestNeighbour;
import io.github.unode.eval.baselines.PixelNearestNeighbour;
import io.github.unode.eval.corrupt.Corruption;
import io.github.unode.eval.corrupt.Corruptions;
import io.github.unode.eval.metrics.Metrics;
import io.github.unode.model.Backbone;
import io.github.unode.model.BackboneSpec;
import io.github.unode.score.HeadScore;
import io.github.unode.score.ScoreSpace;
import io.github.unode.train.Losses;
import io.github.unode.train.NegativeDraw;
import io.github.unode.train.UnodeTrainer;
import io.github.unode.train.Weighting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongFunction;

/**
 * The universality suite of issue 16 (docs/universality.md): every method side by side on every
 * one-class task of every data set of the suite, one TSV row per (data set, task, method, score
 * variant) appended as soon as it is measured.
 *
 * <pre>
 * unode-benchmarks/scripts/bench universality.UniversalitySuite SUITE OUT.tsv [options]
 *   --fmnist DIR          Fashion-MNIST IDX directory (default data/fashion-mnist-subset)
 *   --data a,b            data sets to run: fmnist, digits, textures (default all three), and the opt-in
 *                         ones: textures-oa, the second texture source (scripts/universality-data
 *                         --openarena), textures-128, the textures at 128 px (--textures-128), glyphs,
 *                         letters from Debian's fonts (--glyphs)
 *   --methods a,b         l2, cosine, blur, dn2, patch, fpatch, unode (default all but fpatch, the
 *                         feature-patch bank on an untrained ResNet-18, which is opt-in)
 *   --unode-steps N       optimiser steps of the CPU recipe (default 200, the command line's)
 *   --unode-tasks SPEC    tasks UNODE runs on, e.g. fmnist:0,1,2/digits:0,1,2/textures:all (default all)
 *   --unode-side N        the most pixels a side the recipe trains and scores at: larger images are
 *                         resized to N x N (default: every task at its own size)
 *   --unode-stem S        the stride of the recipe's ResNet-18 stem, 1, 2 or 4 (default 1, the CIFAR stem;
 *                         2 and 4 are a downsampling stem, BackboneSpec.ResNet18), on tasks whose images
 *                         (after --unode-side) are large enough for it; stride 1 on the others
 *   --unode-local S,S     also report UNODE's "trained feature patches": a feature-patch bank on the
 *                         trained encoder's maps after these ResNet-18 stages, e.g. 2,3, alone, added to
 *                         the score, and with the score's weights chosen per task on held-out inliers
 *                         (Methods.unodeWithParts; default: not reported; none of it is part of the
 *                         detector's score)
 *   --unode-proxy-pool A,B  with --unode-local: leave these augmentations (names of the standard pool,
 *                         e.g. cutpaste,elastic) out of the recipe's training pool and choose the weights
 *                         per task against negatives made by them alone, augmentations the trained terms
 *                         have not seen (default: none left out; the weights are chosen against the
 *                         recipe's own pool). The recipe trained without them is a different recipe; its
 *                         name says so
 *   --unode-without A,B   leave these augmentations (names of the standard pool) out of the recipe's
 *                         training pool, a pool ablation (default: none); the name says "without A+B"
 *   --unode-pool A,B      train on these augmentations of the standard pool alone (the rest left out, as
 *                         --unode-without would; not with it); the name says "only A+B"
 *   --unode-auto-aug on   weigh the training pool with AutoAugOOD as the command line's --auto-aug does
 *                         (default off: uniform weights, the CPU recipe's); the name says "AutoAugOOD
 *                         weights", and the notes file has each augmentation's weight and divergence
 *   --unode-grey-jitter on  train with the positive views' brightness and contrast jitter on grey images
 *                         too (PositiveAugmentation.Config#greyJitter; default off, METHOD 4.2's form); the
 *                         name says so on grey tasks, colour tasks are trained as without it
 *   --unode-contrastive-weight W  the weight of the contrastive loss beside the head's cross-entropy
 *                         (default 0, the CPU recipe's head-only loss; 1 is METHOD's L = L_con + L_CE with
 *                         the contrastive form of the public code, ALL_ANCHORS, not the paper's eq. 9-11);
 *                         a weight other than 0 is named in the method's name
 *   --unode-spaces on     also report the similarity term in other spaces of the trained encoder, from
 *                         the same fit: the last stage with the mean of its 2 nearest, stage 3, stages 3+4,
 *                         stages 2+3+4 (pooled, normalised, joined), alone, with the head, and in the
 *                         recipe's score, each balanced on held-out inliers (Methods.unodeWithSimilaritySpaces;
 *                         default off; none of it is part of the detector's score); not with --unode-proxy-pool
 *   --unode-bn-inliers on  also report, from the same fit, copies of the detector whose batch-norm running
 *                         statistics are re-estimated on other references (training leaves those of batches
 *                         half made of negatives): on the training inliers alone, "similarity only, BN on
 *                         inliers", "similarity + head, BN on inliers", "recipe, BN on inliers"; the same
 *                         three on plain inliers and negatives in training's proportions, "BN on inliers +
 *                         negatives", and on the negatives alone, "BN on negatives"; balanced on held-out inliers
 *                         (Methods.unodeWithInlierStatistics; default off; the detector's own rows are
 *                         unchanged); not with --unode-proxy-pool
 *   --unode-freeze F      keep the encoder's earliest share F of its trainable parameter arrays at their
 *                         initialisation for the whole fit (TrainerBuilder#freezeEarlyLayers; default 0;
 *                         0.5: the stem and stages 1-2 of the ResNet-18, 0.75: also stage 3); named in
 *                         the method's name
 *   --unode-crop-scale S  the positive views' smallest crop area, a share of the image in (0, 1], on every
 *                         task (PositiveAugmentation.Config#minScale; default: METHOD 4.2's, 0.3 for grey
 *                         images of 28 px or less and 0.08 otherwise); named in the method's name
 *   --unode-flip off      no horizontal flip in the positive views, on every task (default on, METHOD
 *                         4.2's); named in the method's name
 *   --seed N              the seed of every method's fit (default 1, the seed of every committed row;
 *                         the test sets, their corrupted copies and the corrupted sample stay those of
 *                         seed 1); another seed's rows name it after the method, "(seed N)", so that
 *                         runs of several seeds can share one file
 *   --notes-out FILE      TSV of what each fit chose from its training data (the weights chosen per
 *                         task); default OUT's name with -notes before its extension
 *   --corruptions LIST    also score each fitted method on corrupted copies of the test set: all (the
 *                         library's fifteen) or names; rows go to --corrupted-out (default: none)
 *   --severity S          severity of the corruptions, 1-5 (default 3)
 *   --corrupted-out FILE  TSV of the corrupted rows: corruption, data, task, method, variant, auroc
 *   --max-corrupted-test N  score at most N test images per corrupted set (a seeded sample, the same
 *                         for every task of a data set; default: all; --corrupted-test, its old name,
 *                         still works and says so)
 *   --corrupted-methods L the methods scored on the corrupted sets (default all but patch, whose scoring
 *                         is the slowest: 15-30 s a set on a shared CPU)
 * </pre>
 *
 * SUITE is what {@code scripts/universality-data} built. Baselines run at each task's own
 * resolution and colour. UNODE is the command line's CPU recipe ({@code ./unode benchmark}'s
 * defaults: ResNet-18 at width 0.25, batch 64, learning rate 0.4, head-only loss, blurred and
 * centred pixel term of weight 4), built here with the same builder calls as the command line's
 * {@code TrainOptions}, at a step budget given here.
 */
public final class UniversalitySuite {
    private UniversalitySuite() {}

    /** The ResNet-18 stages whose maps the feature-patch banks join (PatchCore's layers 2 and 3). */
    static final int[] LOCAL_STAGES = {2, 3};

    static final String CORRUPTED_HEADER = "corruption\tseverity\tdata\ttask\tmethod\tvariant\tauroc\n";
    /** The header of the notes file: what each fit chose from its training data (weights chosen per task). */
    static final String NOTES_HEADER = "data\ttask\tmethod\tnote\tvalue\n";

    static final String HEADER = "data\ttask\tmethod\tvariant\tauroc\tfitSeconds\tscoreSeconds\ttrain\ttest\tside\tchannels\tdefects\n";

    /** One one-class task: inliers to fit on, a labelled test set, and the novel subsets to report apart. */
    record Task(String data, String name, ImageSet inliers, ImageSet test, boolean[] novel,
            Map<String, boolean[]> kinds, Map<String, boolean[]> kindNovel) implements AutoCloseable {
        @Override
        public void close() {
            inliers.close();
            test.close();
        }
    }

    /** The options the suite takes, without their leading dashes. */
    static final Set<String> OPTIONS = Set.of("fmnist", "data", "methods", "unode-steps", "unode-tasks", "unode-side",
            "unode-stem", "unode-local", "corruptions", "severity", "corrupted-out", "max-corrupted-test", "corrupted-methods",
            "notes-out", "unode-proxy-pool", "unode-without", "unode-pool", "unode-grey-jitter", "unode-contrastive-weight",
            "unode-auto-aug", "unode-spaces", "unode-bn-inliers", "unode-freeze", "unode-crop-scale", "unode-flip", "unode-patch-term",
            "seed");

    /** Old option names and the names they became. */
    static final Map<String, String> RENAMED = Map.of("corrupted-test", "max-corrupted-test");

    /**
     * The options as {@code --name value} pairs: a name the suite does not take is refused (so a
     * misspelt option cannot be ignored silently), an old name is read as its new one with a line
     * on standard error, and a name given twice is refused.
     */
    static Map<String, String> options(String... args) {
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("options come as --name value, got " + args[i]);
            }
            String name = args[i].substring(2);
            if (RENAMED.containsKey(name)) {
                System.err.println("warning: --" + name + " is now --" + RENAMED.get(name));
                name = RENAMED.get(name);
            }
            if (!OPTIONS.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "; known: --"
                        + String.join(", --", new TreeSet<>(OPTIONS)));
            }
            if (opt.put(name, args[i + 1]) != null) {
                throw new IllegalArgumentException("--" + name + " is given twice");
            }
        }
        return opt;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: UniversalitySuite SUITE OUT.tsv [--fmnist DIR] [--data ...]"
                    + " [--methods ...] [--unode-steps N] [--unode-tasks SPEC] [--unode-side N]");
        }
        Path suite = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Map<String, String> opt = options(Arrays.copyOfRange(args, 2, args.length));
        Path fmnist = Path.of(opt.getOrDefault("fmnist", "data/fashion-mnist-subset"));
        List<String> data = List.of(opt.getOrDefault("data", "fmnist,digits,textures").split(","));
        List<String> methods = List.of(opt.getOrDefault("methods", "l2,cosine,blur,dn2,patch,unode").split(","));
        int steps = Integer.parseInt(opt.getOrDefault("unode-steps", "200"));
        Map<String, Set<String>> unodeTasks = parseTasks(opt.getOrDefault("unode-tasks", "fmnist:all/digits:all/textures:all/textures-oa:all/textures-128:all/glyphs:all"));
        Integer unodeSide = opt.containsKey("unode-side") ? Integer.valueOf(opt.get("unode-side")) : null;
        int unodeStem = Integer.parseInt(opt.getOrDefault("unode-stem", "1"));
        BackboneSpec.ResNet18.minimumSide(unodeStem); // refuses a stride there is not, before any work
        int[] unodeLocal = opt.containsKey("unode-local") ? stages(opt.get("unode-local")) : new int[0];
        List<String> proxyPool = opt.containsKey("unode-proxy-pool") ? proxyPool(opt.get("unode-proxy-pool"), unodeLocal)
                : List.of();
        if (opt.containsKey("unode-without") && opt.containsKey("unode-pool")) {
            throw new IllegalArgumentException("--unode-pool and --unode-without both choose the pool: give one");
        }
        List<String> without = opt.containsKey("unode-without") ? without(opt.get("unode-without"), proxyPool)
                : opt.containsKey("unode-pool") ? onlyPool(opt.get("unode-pool"), proxyPool) : List.of();
        boolean greyJitter = onOff("--unode-grey-jitter", opt.getOrDefault("unode-grey-jitter", "off"));
        long seed = seed(opt.getOrDefault("seed", "1"));
        float contrastiveWeight = contrastiveWeight(opt.getOrDefault("unode-contrastive-weight", "0"));
        boolean autoAug = onOff("--unode-auto-aug", opt.getOrDefault("unode-auto-aug", "off"));
        boolean spaces = onOff("--unode-spaces", opt.getOrDefault("unode-spaces", "off"));
        boolean bnInliers = onOff("--unode-bn-inliers", opt.getOrDefault("unode-bn-inliers", "off"));
        double freeze = freeze(opt.getOrDefault("unode-freeze", "0"));
        double cropScale = opt.containsKey("unode-crop-scale") ? cropScale(opt.get("unode-crop-scale")) : 0;
        boolean flip = onOff("--unode-flip", opt.getOrDefault("unode-flip", "on"));
        boolean patchTerm = onOff("--unode-patch-term", opt.getOrDefault("unode-patch-term", "off"));
        Unode unode = new Unode(steps, unodeSide, unodeStem, unodeLocal, proxyPool, greyJitter, contrastiveWeight,
                without, autoAug, spaces, bnInliers, freeze, cropScale, flip, patchTerm);
        if (!Files.exists(out)) {
            Files.writeString(out, HEADER);
        }
        Path notesOut = opt.containsKey("notes-out") ? Path.of(opt.get("notes-out")) : notesPath(out);
        List<Corruption> corruptions = new ArrayList<>();
        if (opt.containsKey("corruptions")) {
            if (opt.get("corruptions").equals("all")) {
                corruptions.addAll(Arrays.asList(Corruption.values()));
            } else {
                for (String c : opt.get("corruptions").split(",")) {
                    corruptions.add(Corruption.of(c));
                }
            }
        }
        int severity = Integer.parseInt(opt.getOrDefault("severity", "3"));
        int corruptedTest = Integer.parseInt(opt.getOrDefault("max-corrupted-test", Integer.toString(Integer.MAX_VALUE)));
        Path corruptedOut = corruptions.isEmpty() ? null : Path.of(Objects.requireNonNull(opt.get("corrupted-out"),
                "--corruptions needs --corrupted-out FILE"));
        if (corruptedOut != null && !Files.exists(corruptedOut)) {
            Files.writeString(corruptedOut, CORRUPTED_HEADER);
        }
        Map<String, ImageSet> corrupted = new LinkedHashMap<>();
        Set<String> corruptedMethods = new TreeSet<>(Arrays.asList(
                opt.getOrDefault("corrupted-methods", "l2,cosine,blur,dn2,unode").split(",")));
        for (String d : data) {
            for (Task t : tasks(d, suite, fmnist)) {
                try (t) {
                    for (String m : methods) {
                        if (m.equals("unode") && !wants(unodeTasks, t)) {
                            continue;
                        }
                        Method method = method(m, unode, t.inliers().shape());
                        List<String> crows = new ArrayList<>();
                        List<String> nrows = new ArrayList<>();
                        for (String row : run(method, t, seed, corruptedMethods.contains(m) ? corruptions : List.of(),
                                severity, corruptedTest, corrupted, crows, nrows)) {
                            Files.writeString(out, row + "\n", StandardOpenOption.APPEND);
                            System.out.println(row);
                        }
                        for (String row : nrows) {
                            if (!Files.exists(notesOut)) {
                                Files.writeString(notesOut, NOTES_HEADER);
                            }
                            Files.writeString(notesOut, row + "\n", StandardOpenOption.APPEND);
                            System.out.println("note\t" + row);
                        }
                        for (String row : crows) {
                            Files.writeString(corruptedOut, row + "\n", StandardOpenOption.APPEND);
                        }
                    }
                }
                if (t.kinds().isEmpty()) {
                    continue; // an IDX data set's tasks share one test set: keep its corrupted copies
                }
                for (ImageSet c : corrupted.values()) {
                    c.close();
                }
                corrupted.clear();
            }
            for (ImageSet c : corrupted.values()) {
                c.close();
            }
            corrupted.clear();
        }
    }

    /** The default notes file beside {@code out}: its name with {@code -notes} before the extension. */
    static Path notesPath(Path out) {
        String name = out.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String notes = dot > 0 ? name.substring(0, dot) + "-notes" + name.substring(dot) : name + "-notes";
        return out.resolveSibling(notes);
    }

    static Map<String, Set<String>> parseTasks(String spec) {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        for (String part : spec.split("/")) {
            String[] kv = part.split(":", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("--unode-tasks takes data:task,task/data:all, got " + part);
            }
            m.put(kv[0], new TreeSet<>(Arrays.asList(kv[1].split(","))));
        }
        return m;
    }

    private static boolean wants(Map<String, Set<String>> spec, Task t) {
        Set<String> s = spec.get(t.data());
        return s != null && (s.contains("all") || s.contains(t.name()));
    }

    /** The tasks of one data set of the suite. */
    static List<Task> tasks(String data, Path suite, Path fmnist) throws IOException {
        return switch (data) {
            case "fmnist" -> idxTasks("fmnist", fmnist);
            case "digits", "glyphs" -> idxTasks(data, suite.resolve(data));
            case "textures", "textures-oa", "textures-128" -> textureTasks(data, suite.resolve(data));
            default -> throw new IllegalArgumentException("unknown data set " + data
                    + " (fmnist, digits, textures, textures-oa, textures-128, glyphs)");
        };
    }

    private static List<Task> idxTasks(String data, Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " not found: build the suite with scripts/universality-data");
        }
        List<Task> tasks = new ArrayList<>();
        try (ImageSet train = ImageSets.idxDirectory(dir, Split.TRAIN); ImageSet test = ImageSets.idxDirectory(dir, Split.TEST)) {
            for (int c : train.classes()) {
                boolean[] novel = new boolean[test.size()];
                for (int i = 0; i < novel.length; i++) {
                    novel[i] = test.label(i) != c;
                }
                tasks.add(new Task(data, Integer.toString(c), train.onlyLabel(c), test.first(test.size()), novel,
                        Map.of(), Map.of()));
            }
        }
        return tasks;
    }

    private static List<Task> textureTasks(String data, Path dir) throws IOException {
        Path index = dir.resolve("tasks.tsv");
        if (!Files.exists(index)) {
            throw new IOException(index + " not found: build the suite with scripts/universality-data");
        }
        List<Task> tasks = new ArrayList<>();
        for (String line : Files.readAllLines(index).subList(1, Files.readAllLines(index).size())) {
            String[] f = line.split("\t");
            int channels = Integer.parseInt(f[1]);
            int side = Integer.parseInt(f[2]);
            ImageShape shape = new ImageShape(channels, side, side);
            try (ImageFolderDataset ds = ImageSets.folderDataset(dir.resolve(f[0]), shape)) {
                int good = ds.classIndex("good");
                ImageSet test = ds.test();
                boolean[] novel = new boolean[test.size()];
                for (int i = 0; i < novel.length; i++) {
                    novel[i] = test.label(i) != good;
                }
                Map<String, boolean[]> kinds = new LinkedHashMap<>();
                Map<String, boolean[]> kindNovel = new LinkedHashMap<>();
                for (int k : ds.testOnlyClasses()) {
                    boolean[] in = new boolean[test.size()];
                    boolean[] nov = new boolean[test.size()];
                    for (int i = 0; i < in.length; i++) {
                        in[i] = test.label(i) == good || test.label(i) == k;
                        nov[i] = test.label(i) == k;
                    }
                    kinds.put(ds.classNames().get(k), in);
                    kindNovel.put(ds.classNames().get(k), nov);
                }
                tasks.add(new Task(data, f[0], ds.train().first(ds.train().size()), test.first(test.size()),
                        novel, kinds, kindNovel));
            }
        }
        return tasks;
    }

    /**
     * How the suite trains UNODE: the recipe's steps, the most pixels a side it trains at (null:
     * each task's own), its stem's stride, the local term's stages (none: no local term), the
     * augmentations held out of training for the weights' proxy (none: the recipe's whole pool),
     * whether grey images get brightness and contrast jitter in the positive views, and the weight of
     * the contrastive loss beside the head's cross-entropy (0: the CPU recipe's head-only loss), the
     * augmentations left out of the training pool ({@code --unode-without}, or the complement of
     * {@code --unode-pool}), and whether the pool is weighted by AutoAugOOD ({@code --auto-aug}'s
     * defaults) instead of uniformly; the positive views' smallest crop ({@code --unode-crop-scale},
     * 0: METHOD 4.2's) and flip ({@code --unode-flip}); and whether the raw-patch term's variants
     * are reported beside the detector's score ({@code --unode-patch-term}, {@code Methods#unodeWithPatchTerm}).
     */
    record Unode(int steps, Integer side, int stem, int[] local, List<String> proxyPool, boolean greyJitter,
            float contrastiveWeight, List<String> without, boolean autoAug, boolean similaritySpaces,
            boolean inlierStatistics, double freeze, double cropScale, boolean flip, boolean patchTerm) {
        Unode {
            if (!(freeze >= 0 && freeze < 1)) {
                throw new IllegalArgumentException("--unode-freeze takes a share of the encoder's parameters in [0, 1), got "
                        + freeze);
            }
            if (!(cropScale >= 0 && cropScale <= 1)) { // 0: METHOD 4.2's default for the shape
                throw new IllegalArgumentException("--unode-crop-scale takes a share of the image in (0, 1], got "
                        + cropScale);
            }
            local = local.clone();
            proxyPool = List.copyOf(proxyPool);
            without = List.copyOf(without);
            if (similaritySpaces && !proxyPool.isEmpty()) {
                throw new IllegalArgumentException("--unode-spaces and --unode-proxy-pool cannot be combined: give one");
            }
            if (inlierStatistics && !proxyPool.isEmpty()) {
                throw new IllegalArgumentException("--unode-bn-inliers and --unode-proxy-pool cannot be combined: give one");
            }
            if (patchTerm && (local.length > 0 || similaritySpaces || inlierStatistics)) {
                throw new IllegalArgumentException("--unode-patch-term cannot be combined with --unode-local, --unode-spaces"
                        + " or --unode-bn-inliers: give one");
            }
        }

        /** The recipe without the raw-patch term's variants ({@code --unode-patch-term off}). */
        Unode(int steps, Integer side, int stem, int[] local, List<String> proxyPool, boolean greyJitter,
                float contrastiveWeight, List<String> without, boolean autoAug, boolean similaritySpaces,
                boolean inlierStatistics, double freeze, double cropScale, boolean flip) {
            this(steps, side, stem, local, proxyPool, greyJitter, contrastiveWeight, without, autoAug, similaritySpaces,
                    inlierStatistics, freeze, cropScale, flip, false);
        }

        /** The recipe with METHOD 4.2's positive views (no {@code --unode-crop-scale} or {@code --unode-flip}). */
        Unode(int steps, Integer side, int stem, int[] local, List<String> proxyPool, boolean greyJitter,
                float contrastiveWeight, List<String> without, boolean autoAug, boolean similaritySpaces,
                boolean inlierStatistics, double freeze) {
            this(steps, side, stem, local, proxyPool, greyJitter, contrastiveWeight, without, autoAug, similaritySpaces,
                    inlierStatistics, freeze, 0, true);
        }

        /** The recipe with every parameter trained ({@code --unode-freeze 0}). */
        Unode(int steps, Integer side, int stem, int[] local, List<String> proxyPool, boolean greyJitter,
                float contrastiveWeight, List<String> without, boolean autoAug, boolean similaritySpaces,
                boolean inlierStatistics) {
            this(steps, side, stem, local, proxyPool, greyJitter, contrastiveWeight, without, autoAug, similaritySpaces,
                    inlierStatistics, 0);
        }

        /** The recipe without the inlier batch-norm copy's variants ({@code --unode-bn-inliers off}). */
        Unode(int steps, Integer side, int stem, int[] local, List<String> proxyPool, boolean greyJitter,
                float contrastiveWeight, List<String> without, boolean autoAug, boolean similaritySpaces) {
            this(steps, side, stem, local, proxyPool, greyJitter, contrastiveWeight, without, autoAug, similaritySpaces,
                    false);
        }

        /** The recipe without the similarity spaces' variants ({@code --unode-spaces off}). */
        Unode(int steps, Integer side, int stem, int[] local, List<String> proxyPool, boolean greyJitter,
                float contrastiveWeight, List<String> without, boolean autoAug) {
            this(steps, side, stem, local, proxyPool, greyJitter, contrastiveWeight, without, autoAug, false);
        }

        /** The recipe with uniform weights over its pool (no {@code --unode-auto-aug}). */
        Unode(int steps, Integer side, int stem, int[] local, List<String> proxyPool, boolean greyJitter,
                float contrastiveWeight, List<String> without) {
            this(steps, side, stem, local, proxyPool, greyJitter, contrastiveWeight, without, false);
        }

        /** The recipe with its whole pool but for {@code proxyPool} (no {@code --unode-without}). */
        Unode(int steps, Integer side, int stem, int[] local, List<String> proxyPool, boolean greyJitter,
                float contrastiveWeight) {
            this(steps, side, stem, local, proxyPool, greyJitter, contrastiveWeight, List.of());
        }

        /** The recipe at {@code steps} and {@code side}, the CIFAR stem, nothing else. */
        static Unode of(int steps, Integer side) {
            return new Unode(steps, side, 1, new int[0], List.of(), false, 0f);
        }

        @Override
        public int[] local() {
            return local.clone();
        }
    }

    /** The method named {@code m}, UNODE at {@code steps} and {@code unodeSide} ({@link Unode#of}). */
    static Method method(String m, int steps, Integer unodeSide, ImageShape shape) {
        return method(m, Unode.of(steps, unodeSide), shape);
    }

    /**
     * The augmentations {@code --unode-proxy-pool} names: distinct names of the standard pool, not
     * all of it (the recipe must keep some to train on), and only with local stages (the weights
     * per task are chosen with the local term).
     */
    static List<String> proxyPool(String text, int[] local) {
        if (local.length == 0) {
            throw new IllegalArgumentException("--unode-proxy-pool chooses the weights per task, which needs --unode-local");
        }
        return leftOut("--unode-proxy-pool", text, List.of());
    }

    /** The pool the recipe trains on: the standard pool without the proxy pool's and {@code --unode-without}'s. */
    static AugmentationPool trainingPool(Unode u) {
        return AugmentationPool.standard().without(u.proxyPool().toArray(String[]::new))
                .without(u.without().toArray(String[]::new));
    }

    /**
     * The augmentations {@code --unode-without} names: distinct names of the standard pool, none of
     * them also in {@code proxyPool}, and together with it not the whole pool (the recipe must keep
     * some to train on).
     */
    static List<String> without(String text, List<String> proxyPool) {
        return leftOut("--unode-without", text, proxyPool);
    }

    /**
     * The augmentations {@code --unode-pool}'s list leaves out of training: the standard pool but
     * for the names given (distinct names of the pool, none held out by {@code proxyPool}), as
     * {@link #without} would take them.
     */
    static List<String> onlyPool(String text, List<String> proxyPool) {
        List<String> names = poolNames("--unode-pool", text, proxyPool);
        return AugmentationPool.standard().names().stream().filter(n -> !names.contains(n) && !proxyPool.contains(n))
                .toList();
    }

    /** The pool's part of the method's name: what is left out, or what is kept ({@code kept}) when that is shorter. */
    static String poolText(List<String> without, List<String> kept) {
        if (without.isEmpty()) {
            return "";
        }
        return kept.size() < without.size() ? ", only " + String.join("+", kept) : ", without " + String.join("+", without);
    }

    /**
     * Names of the standard pool that {@code option} leaves out of training beside those
     * {@code --unode-proxy-pool} already holds out ({@code proxyPool}): each in the pool, in neither
     * list twice, and some of the pool kept to train on.
     */
    private static List<String> leftOut(String option, String text, List<String> proxyPool) {
        List<String> names = poolNames(option, text, proxyPool);
        if (names.size() + proxyPool.size() >= AugmentationPool.standard().size()) {
            throw new IllegalArgumentException(option + " leaves no augmentation to train on: " + text);
        }
        return names;
    }

    /**
     * The names {@code option} gives: each in the standard pool, none twice, none already held out
     * by {@code --unode-proxy-pool} ({@code proxyPool}).
     */
    private static List<String> poolNames(String option, String text, List<String> proxyPool) {
        List<String> names = Arrays.stream(text.split(",")).map(String::trim).toList();
        AugmentationPool standard = AugmentationPool.standard();
        for (String n : names) {
            if (!standard.names().contains(n)) {
                throw new IllegalArgumentException(option + ": '" + n + "' is not in the standard pool " + standard.names());
            }
            if (proxyPool.contains(n)) {
                throw new IllegalArgumentException(option + ": '" + n + "' is already held out by --unode-proxy-pool");
            }
        }
        if (names.stream().distinct().count() != names.size()) {
            throw new IllegalArgumentException(option + " names an augmentation twice: " + text);
        }
        return names;
    }

    /** ResNet-18 stages written {@code 2,3}: each 1 to 4, at least one, none twice. */
    static int[] stages(String text) {
        int[] st;
        try {
            st = java.util.Arrays.stream(text.split(",")).mapToInt(x -> Integer.parseInt(x.trim())).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--unode-local takes ResNet-18 stages such as 2,3, got " + text);
        }
        if (st.length == 0 || java.util.Arrays.stream(st).anyMatch(x -> x < 1 || x > 4)
                || java.util.Arrays.stream(st).distinct().count() != st.length) {
            throw new IllegalArgumentException("--unode-local takes distinct ResNet-18 stages 1 to 4, got " + text);
        }
        return st;
    }

    /**
     * The method named {@code m}; UNODE with a stem of stride {@code stem} where the images it
     * trains on are large enough for it, stride 1 otherwise (its name says which).
     */
    static Method method(String m, Unode u, ImageShape shape) {
        int steps = u.steps();
        Integer unodeSide = u.side();
        int stem = u.stem();
        int[] local = u.local();
        List<String> proxyPool = u.proxyPool();
        ImageShape trained = unodeSide == null || shape.height() <= unodeSide ? shape
                : new ImageShape(shape.channels(), unodeSide, unodeSide);
        int st = Math.min(trained.height(), trained.width()) >= BackboneSpec.ResNet18.minimumSide(stem) ? stem : 1;
        return switch (m) {
            case "l2" -> Methods.pixelNearestNeighbour();
            case "cosine" -> Method.named("raw-pixel NN (cosine)", (in, seed) -> {
                CosineNearestNeighbour nn = CosineNearestNeighbour.fit(in);
                return Method.Fitted.of(nn::score, nn::close);
            });
            case "blur" -> Method.named("blurred+centred pixel NN", (in, seed) -> {
                PixelNearestNeighbour nn = PixelNearestNeighbour.fit(in, 1.0, true);
                return Method.Fitted.of(nn::score, nn::close);
            });
            case "dn2" -> Methods.featureNearestNeighbour("DN2-style NN (untrained ResNet-18)", 2,
                    Methods.untrained(s -> Backbone.resNet18(s, 0.25)));
            case "patch" -> Method.named("patch NN (8x8 centred, stride 4)", (in, seed) -> {
                PatchNearestNeighbour nn = PatchNearestNeighbour.fit(in, 8, 4, 16384, 1);
                return Method.Fitted.of(nn::score, nn::close);
            });
            case "fpatch" -> Methods.untrainedFeaturePatches("feature-patch NN (untrained ResNet-18, stages 2+3)",
                    s -> Backbone.resNet18(s, 0.25), LOCAL_STAGES, 16384);
            case "unode" -> {
                boolean greyJitter = u.greyJitter() && trained.channels() == 1;
                AugmentationPool pool = trainingPool(u);
                String name = "UNODE (CPU recipe, " + steps + " steps" + (st == 1 ? "" : ", stride-" + st + " stem")
                        + (proxyPool.isEmpty() ? "" : ", " + String.join("+", proxyPool) + " held out of training")
                        + poolText(u.without(), pool.names())
                        + (u.autoAug() ? ", AutoAugOOD weights" : "")
                        + (greyJitter ? ", grey jitter" : "")
                        + (u.contrastiveWeight() == 0f ? "" : ", contrastive weight " + weightText(u.contrastiveWeight()))
                        + (u.freeze() == 0 ? "" : ", encoder's first " + weightText((float) u.freeze()) + " frozen")
                        + (u.cropScale() == 0 ? "" : ", crop scale from " + weightText((float) u.cropScale()))
                        + (u.flip() ? "" : ", no flip") + ")";
                String[] held = proxyPool.toArray(String[]::new);
                PositiveAugmentation.Config views = positiveViews(trained, greyJitter, u.cropScale(), u.flip());
                LongFunction<UnodeTrainer> trainer = seed -> cpuRecipe(steps, seed, trained, st, pool, views,
                        u.contrastiveWeight(), u.autoAug(), u.freeze());
                Method fitted = u.patchTerm() ? Methods.unodeWithPatchTerm(name, trainer)
                        : u.inlierStatistics() ? Methods.unodeWithInlierStatistics(name, trainer, u.similaritySpaces(), local)
                        : u.similaritySpaces() ? Methods.unodeWithSimilaritySpaces(name, trainer, local)
                        : proxyPool.isEmpty() ? Methods.unodeWithParts(name, trainer, local)
                        : Methods.unodeWithParts(name, trainer, AugmentationPool.standard().only(held), local);
                yield resizedTo(unodeSide == null || shape.height() <= unodeSide ? null : unodeSide, fitted);
            }
            default -> throw new IllegalArgumentException("unknown method " + m + " (l2, cosine, blur, dn2, patch, fpatch, unode)");
        };
    }

    /**
     * The command line's CPU recipe ({@code TrainOptions} with {@code --recipe cpu} and every
     * default), for images of {@code shape}, at {@code steps} optimiser steps.
     */
    static UnodeTrainer cpuRecipe(int steps, long seed, ImageShape shape) {
        return cpuRecipe(steps, seed, shape, 1);
    }

    /** {@link #cpuRecipe(int, long, ImageShape)} with a ResNet-18 stem of stride {@code stem} ({@code --stem-stride}). */
    static UnodeTrainer cpuRecipe(int steps, long seed, ImageShape shape, int stem) {
        return cpuRecipe(steps, seed, shape, stem, AugmentationPool.standard(), false, 0f);
    }

    /**
     * {@link #cpuRecipe(int, long, ImageShape, int)} training on the negatives of {@code pool}
     * ({@code --augmentations}), and with {@code greyJitter} the positive views' defaults for
     * {@code shape} with brightness and contrast jitter on grey images, with the contrastive loss at
     * {@code contrastiveWeight} beside the head's cross-entropy (0: the recipe's head-only loss).
     */
    static UnodeTrainer cpuRecipe(int steps, long seed, ImageShape shape, int stem, AugmentationPool pool,
            boolean greyJitter, float contrastiveWeight) {
        return cpuRecipe(steps, seed, shape, stem, pool, greyJitter, contrastiveWeight, false);
    }

    /**
     * {@link #cpuRecipe(int, long, ImageShape, int, AugmentationPool, boolean, float)} with, when
     * {@code autoAug}, the pool weighted by AutoAugOOD as the command line's {@code --auto-aug} does
     * ({@link Weighting.AutoAugOOD#defaults()}: tau 1, eq. 7's symmetric KL, features of the encoder
     * after a 3-epoch self-supervised warm-up, drawing from the run's seed); uniform weights otherwise.
     */
    static UnodeTrainer cpuRecipe(int steps, long seed, ImageShape shape, int stem, AugmentationPool pool,
            boolean greyJitter, float contrastiveWeight, boolean autoAug) {
        return cpuRecipe(steps, seed, shape, stem, pool, greyJitter, contrastiveWeight, autoAug, 0);
    }

    /**
     * {@link #cpuRecipe(int, long, ImageShape, int, AugmentationPool, boolean, float, boolean)}
     * with, when {@code freeze > 0}, the encoder's earliest {@code freeze} of its trainable
     * parameter arrays (network order) kept at their initialisation for the whole fit
     * ({@link io.github.unode.train.TrainerBuilder#freezeEarlyLayers} for every epoch of the fit):
     * 0.5 keeps the stem and stages 1 and 2 of the CIFAR ResNet-18 random, 0.75 also stage 3.
     */
    static UnodeTrainer cpuRecipe(int steps, long seed, ImageShape shape, int stem, AugmentationPool pool,
            boolean greyJitter, float contrastiveWeight, boolean autoAug, double freeze) {
        return cpuRecipe(steps, seed, shape, stem, pool, positiveViews(shape, greyJitter, 0, true), contrastiveWeight,
                autoAug, freeze);
    }

    /**
     * The positive views of {@code shape}: METHOD 4.2's defaults ({@code null}, resolved by the
     * trainer) unless {@code greyJitter}, a {@code cropScale} other than 0 (the smallest crop area)
     * or no {@code flip} asks for another.
     */
    static PositiveAugmentation.Config positiveViews(ImageShape shape, boolean greyJitter, double cropScale, boolean flip) {
        if (!greyJitter && cropScale == 0 && flip) {
            return null;
        }
        PositiveAugmentation.Config c = PositiveAugmentation.Config.defaultsFor(shape).withGreyJitter(greyJitter)
                .withHorizontalFlip(flip);
        return cropScale == 0 ? c : c.withMinScale(cropScale);
    }

    /**
     * {@link #cpuRecipe(int, long, ImageShape, int, AugmentationPool, boolean, float, boolean, double)}
     * with the positive views {@code views} ({@code null}: METHOD 4.2's defaults for the shape).
     */
    static UnodeTrainer cpuRecipe(int steps, long seed, ImageShape shape, int stem, AugmentationPool pool,
            PositiveAugmentation.Config views, float contrastiveWeight, boolean autoAug, double freeze) {
        Weighting.AutoAugOOD auto = Weighting.AutoAugOOD.defaults().withSeed(seed);
        io.github.unode.train.TrainerBuilder b = UnodeTrainer.builder();
        if (freeze > 0) {
            b.freezeEarlyLayers(Integer.MAX_VALUE, freeze); // every epoch of the step budget
        }
        return b.epochs(1).steps(steps).batchSize(64).seed(seed)
                .positiveViews(views)
                .augmentations(pool).learningRate(0.4f).maxCompositions(Math.min(2, pool.size()))
                .scoreSpace(ScoreSpace.FEATURES).targetFpr(0.05).contrastiveWeight(contrastiveWeight).crossEntropyWeight(1f)
                .pixelTerm(true).pixelBlur(1).pixelCentre(true).pixelWeight(4)
                .contrastiveForm(Losses.ContrastiveForm.ALL_ANCHORS).temperature(0.5f)
                .crossEntropyReduction(Losses.CrossEntropyReduction.MEAN).negativeDraw(NegativeDraw.INDEPENDENT)
                .headScore(HeadScore.LOG_ODDS).autoAugOOD(autoAug ? auto.algorithm() : null)
                .warmupEpochs(auto.warmupEpochs())
                .backbone(Backbone.resNet18(shape, 0.25, stem)).build();
    }

    /** {@code inner} fitted and scored on images resized to {@code side} (its own name says so), or as is when null. */
    static Method resizedTo(Integer side, Method inner) {
        if (side == null) {
            return inner;
        }
        return Method.named(inner.name() + " at " + side + " px", (inliers, seed) -> {
            ImageShape s = new ImageShape(inliers.shape().channels(), side, side);
            try (ImageSet r = inliers.resized(s)) {
                Method.Fitted f = inner.fit(r, seed);
                return new Method.Fitted() {
                    @Override
                    public double[] score(ImageSet images) {
                        try (ImageSet q = images.resized(s)) {
                            return f.score(q);
                        }
                    }

                    @Override
                    public Map<String, double[]> scoreVariants(ImageSet images) {
                        try (ImageSet q = images.resized(s)) {
                            return f.scoreVariants(q);
                        }
                    }

                    @Override
                    public Map<String, String> notes() {
                        return f.notes();
                    }

                    @Override
                    public void close() {
                        f.close();
                    }
                };
            }
        });
    }

    /** Fits {@code m} on the task's inliers (seed 1), scores its test set; one row per score variant. */
    static List<String> run(Method m, Task t) {
        return run(m, t, 1, List.of(), 3, Integer.MAX_VALUE, new LinkedHashMap<>(), new ArrayList<>(), new ArrayList<>());
    }

    /** The value of an on/off {@code option}: true for on, false for off, refused otherwise. */
    static boolean onOff(String option, String text) {
        return switch (text) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException(option + " takes on or off, got " + text);
        };
    }

    /** The value of --seed: a whole number. */
    static long seed(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--seed takes a whole number, got " + text, e);
        }
    }

    /** {@code --unode-contrastive-weight}'s value: a finite number, 0 or more. */
    static float contrastiveWeight(String text) {
        float w;
        try {
            w = Float.parseFloat(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--unode-contrastive-weight takes a number, 0 or more, got " + text, e);
        }
        if (!Float.isFinite(w) || w < 0) {
            throw new IllegalArgumentException("--unode-contrastive-weight takes a finite number, 0 or more, got " + text);
        }
        return w;
    }

    /** The {@code --unode-crop-scale} share, a number in (0, 1]. */
    static double cropScale(String text) {
        double s;
        try {
            s = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--unode-crop-scale takes a share of the image in (0, 1], got " + text, e);
        }
        if (!(s > 0 && s <= 1)) {
            throw new IllegalArgumentException("--unode-crop-scale takes a share of the image in (0, 1], got " + text);
        }
        return s;
    }

    /** The {@code --unode-freeze} share, a number. */
    static double freeze(String text) {
        try {
            return Double.parseDouble(text); // the range is the Unode record's to check
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--unode-freeze takes a share of the encoder's parameters in [0, 1), got "
                    + text, e);
        }
    }

    /** A weight as the method's name shows it: 1 as "1", 0.5 as "0.5". */
    static String weightText(float w) {
        return w == Math.rint(w) ? Long.toString((long) w) : Float.toString(w);
    }

    /** The method's name in the rows: its own name, then "(seed N)" for a fit at a seed other than 1. */
    static String rowName(Method m, long seed) {
        return seed == 1 ? m.name() : m.name() + " (seed " + seed + ")";
    }

    /**
     * As {@link #run(Method, Task)}, and the same fit scores a copy of the test set under each
     * corruption ({@code cache}: the corrupted copies by corruption, reused across the tasks of
     * one data set), rows added to {@code corruptedRows}; at most {@code corruptedTest} test images,
     * a sample drawn with seed 1; what the fit chose ({@link Method.Fitted#notes()}) added to
     * {@code noteRows} as {@link #NOTES_HEADER}'s rows. The fit is at {@code seed}; the rows name the
     * method by {@link #rowName}.
     */
    static List<String> run(Method m, Task t, long seed, List<Corruption> corruptions, int severity, int corruptedTest,
            Map<String, ImageSet> cache, List<String> corruptedRows, List<String> noteRows) {
        long t0 = System.nanoTime();
        String name = rowName(m, seed);
        try (Method.Fitted f = m.fit(t.inliers(), seed)) {
            double fit = (System.nanoTime() - t0) / 1e9;
            for (Map.Entry<String, String> e : f.notes().entrySet()) {
                noteRows.add(t.data() + "\t" + t.name() + "\t" + name + "\t" + e.getKey() + "\t" + e.getValue());
            }
            long t1 = System.nanoTime();
            Map<String, double[]> variants = f.scoreVariants(t.test());
            double score = (System.nanoTime() - t1) / 1e9;
            List<String> rows = new ArrayList<>();
            ImageShape s = t.inliers().shape();
            for (Map.Entry<String, double[]> v : variants.entrySet()) {
                StringBuilder kinds = new StringBuilder();
                for (Map.Entry<String, boolean[]> k : t.kinds().entrySet()) {
                    kinds.append(kinds.length() == 0 ? "" : ";").append(k.getKey()).append('=').append(String.format(
                            Locale.ROOT, "%.2f", 100 * auroc(v.getValue(), t.kindNovel().get(k.getKey()), k.getValue())));
                }
                rows.add(String.format(Locale.ROOT, "%s\t%s\t%s\t%s\t%.2f\t%.1f\t%.1f\t%d\t%d\t%d\t%d\t%s", t.data(), t.name(),
                        name, v.getKey().isEmpty() ? "-" : v.getKey(), 100 * Metrics.auroc(v.getValue(), t.novel()), fit,
                        score, t.inliers().size(), t.test().size(), s.height(), s.channels(),
                        kinds.length() == 0 ? "-" : kinds));
            }
            int[] sample = sample(t.test().size(), corruptedTest);
            boolean[] novel = new boolean[sample.length];
            for (int i = 0; i < sample.length; i++) {
                novel[i] = t.novel()[sample[i]];
            }
            for (Corruption c : corruptions) {
                ImageSet test = cache.computeIfAbsent(c.id(), k -> {
                    try (ImageSet part = t.test().select(sample)) {
                        return Corruptions.apply(part, c, severity, 1);
                    }
                });
                for (Map.Entry<String, double[]> v : f.scoreVariants(test).entrySet()) {
                    corruptedRows.add(String.format(Locale.ROOT, "%s\t%d\t%s\t%s\t%s\t%s\t%.2f", c.id(), severity, t.data(),
                            t.name(), name, v.getKey().isEmpty() ? "-" : v.getKey(),
                            100 * Metrics.auroc(v.getValue(), novel)));
                }
            }
            return rows;
        }
    }

    /** {@code min(n, k)} indices of {@code 0..n-1}, a seeded uniform sample in increasing order (all of them when k >= n). */
    static int[] sample(int n, int k) {
        int[] idx = java.util.stream.IntStream.range(0, n).toArray();
        if (k >= n) {
            return idx;
        }
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < k; i++) {
            int j = i + r.nextInt(n - i);
            int tmp = idx[i];
            idx[i] = idx[j];
            idx[j] = tmp;
        }
        int[] out = Arrays.copyOf(idx, k);
        Arrays.sort(out);
        return out;
    }

    /** AUROC over the images where {@code keep} is true. */
    static double auroc(double[] scores, boolean[] novel, boolean[] keep) {
        int n = 0;
        for (boolean k : keep) {
            n += k ? 1 : 0;
        }
        double[] s = new double[n];
        boolean[] y = new boolean[n];
        int j = 0;
        for (int i = 0; i < keep.length; i++) {
            if (keep[i]) {
                s[j] = scores[i];
                y[j++] = novel[i];
            }
        }
        return Metrics.auroc(s, y);
    }
}
