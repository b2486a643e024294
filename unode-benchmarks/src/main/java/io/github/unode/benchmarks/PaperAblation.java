package io.github.unode.benchmarks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.github.unode.augment.AugmentationPool;
import io.github.unode.augment.auto.AutoAugOOD;
import io.github.unode.augment.auto.TSne1D;
import io.github.unode.core.ImageShape;
import io.github.unode.data.ImageSet;
import io.github.unode.data.ImageSets;
import io.github.unode.data.Split;
import io.github.unode.eval.metrics.Metrics;
import io.github.unode.model.Backbone;
import io.github.unode.model.ModelOutputs;
import io.github.unode.score.EmbeddingBank;
import io.github.unode.score.HeadScore;
import io.github.unode.score.NoveltyDetector;
import io.github.unode.score.ScoreSpace;
import io.github.unode.train.Losses;
import io.github.unode.train.NegativeDraw;
import io.github.unode.train.TrainerBuilder;
import io.github.unode.train.UnodeTrainer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * The paper's ablations (Tables 4, 5 and 6) at a CPU budget, with the library's present form
 * beside the paper's exact one, one-class, on Fashion-MNIST and on a colour set of texture crops.
 * One JVM; one row per (data set, class, arm) appended to a TSV as soon as it is measured, with the
 * AUROC of every score form from the same trained network (Table 6: O_sim in the encoder-feature
 * and projection spaces, O_bin as log-odds and probability, and their balanced sums).
 *
 * <pre>
 * unode-benchmarks/scripts/bench PaperAblation fmnist DIR OUT.tsv CLASSES ARMS STEPS INLIERS TEST
 * unode-benchmarks/scripts/bench PaperAblation textures DIR OUT.tsv CLASSES ARMS STEPS INLIERS TEST
 * </pre>
 *
 * Arms (comma-separated): {@code present-uniform, paper-uniform, present-autoaugood,
 * paper-autoaugood, present-rotate, paper-rotate, present-cutout, paper-cutout, present-cutpaste,
 * paper-cutpaste, present-con, paper-con, present-ce, paper-ce, present-none, paper-recipe}. "present" is the
 * library's form (every row an anchor, two independent negatives per image, up to 2 augmentations
 * each); "paper" is eq. 9-11 with one composition per batch seen through both views and
 * {@code r ~ U(1, k)}. Both at temperature 0.5, learning rate 0.4, batch 32, width 0.25, no pixel
 * term; "-con" and "-ce" train one loss alone (Table 5); "-none" trains without negatives
 * (plain SimCLR on the inliers, Table 4's "None"); "paper-recipe" is
 * {@link UnodeTrainer#paperMethod()} in full at the same budget.
 */
public final class PaperAblation {
    private PaperAblation() {}

    /** The colobot textures used as the colour set's classes (Debian's colobot-common-textures). */
    static final String[] TEXTURES = {"desert4", "green01", "rocb2", "roca2", "moon103", "chili01",
        "objects/wood01", "objects/cellar01"};

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        Path dir = Path.of(args[1]);
        Path out = Path.of(args[2]);
        int[] classes = java.util.Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray();
        String[] arms = args[4].split(",");
        int steps = Integer.parseInt(args[5]);
        int inliers = Integer.parseInt(args[6]);
        int testSize = Integer.parseInt(args[7]);
        ImageSet train;
        ImageSet test;
        if (kind.equals("fmnist")) {
            train = ImageSets.idxDirectory(dir, Split.TRAIN);
            try (ImageSet t = ImageSets.idxDirectory(dir, Split.TEST)) {
                test = t.sample(Math.min(testSize, t.size()), 99);
            }
        } else {
            train = textures(dir, true, inliers);
            test = textures(dir, false, testSize / TEXTURES.length);
        }
        if (!Files.exists(out)) {
            Files.writeString(out, "data\tclass\tarm\tfitSeconds\tsimFeatures\tsimProjection\tbinLogOdds\tbinProbability"
                    + "\tpresentScore\tpaperScore\tweights\tfeaturesProbability\tprojectionLogOdds\n");
        }
        for (String arm : arms) {
            for (int c : classes) {
                try (ImageSet all = train.onlyLabel(c);
                        ImageSet in = all.atMost(inliers, 1)) {
                    String row = run(kind, c, arm, in, test, steps);
                    Files.writeString(out, row + "\n", StandardOpenOption.APPEND);
                    System.out.println(row);
                }
            }
        }
    }

    private static String run(String kind, int cls, String arm, ImageSet in, ImageSet test, int steps) {
        TrainerBuilder b = builder(arm, steps)
                .backbone(Backbone.resNet18(in.shape(), 0.25)).batchSize(32).seed(1);
        UnodeTrainer trainer = b.build();
        long t0 = System.nanoTime();
        try (NoveltyDetector d = trainer.fit(in)) {
            double fit = (System.nanoTime() - t0) / 1e9;
            boolean[] novel = new boolean[test.size()];
            for (int i = 0; i < novel.length; i++) {
                novel[i] = test.label(i) != cls;
            }
            double holdOut = trainer.recipe().score().holdOutFraction();
            try (ImageSet.Partition parts = in.split(1 - holdOut, trainer.recipe().seed());
                    NDManager m = NDManager.newBaseManager()) {
                ModelOutputs bank = outputs(d, parts.first(), m);
                ModelOutputs held = outputs(d, parts.second(), m);
                ModelOutputs tst = outputs(d, test, m);
                double[][] simF = similarity(bank, held, tst, ScoreSpace.FEATURES);
                double[][] simP = similarity(bank, held, tst, ScoreSpace.PROJECTION);
                float[] loH = HeadScore.LOG_ODDS.of(held.logits());
                float[] loT = HeadScore.LOG_ODDS.of(tst.logits());
                float[] prH = HeadScore.PROBABILITY.of(held.logits());
                float[] prT = HeadScore.PROBABILITY.of(tst.logits());
                double present = auroc(balanced(simF, loH, loT), novel);
                double paper = auroc(balanced(simP, prH, prT), novel);
                double featuresProbability = auroc(balanced(simF, prH, prT), novel);
                double projectionLogOdds = auroc(balanced(simP, loH, loT), novel);
                String weights = d.augmentationReport().isPresent() ? compact(d.configuration().get("augmentations")) : "-";
                return String.format(Locale.ROOT, "%s\t%d\t%s\t%.1f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%s\t%.2f\t%.2f",
                        kind, cls, arm, fit, auroc(negD(simF[1]), novel), auroc(negD(simP[1]), novel),
                        auroc(RecipeProbe.neg(loT), novel), auroc(RecipeProbe.neg(prT), novel), present, paper, weights, featuresProbability,
                        projectionLogOdds);
            }
        }
    }

    static String compact(String s) {
        return s == null ? "-" : s.replace("\t", " ");
    }

    static TrainerBuilder builder(String arm, int steps) {
        if (arm.equals("paper-recipe")) {
            return UnodeTrainer.paperMethod().steps(steps).epochs(1)
                    .autoAugOOD(AutoAugOOD.builder().temperature(1).seed(1)
                            .tsne(TSne1D.Options.defaults()).build());
        }
        String[] p = arm.split("-", 2);
        boolean paper = p[0].equals("paper");
        TrainerBuilder b = UnodeTrainer.builder().steps(steps).epochs(1).learningRate(0.4f).temperature(0.5f)
                .pixelTerm(false).augmentations(AugmentationPool.standard());
        if (paper) {
            b.contrastiveForm(Losses.ContrastiveForm.PAPER).negativeDraw(NegativeDraw.PER_BATCH);
        }
        int poolSize = AugmentationPool.standard().size();
        switch (p[1]) {
            case "uniform", "con", "ce" -> b.maxCompositions(paper ? poolSize : 2);
            case "autoaugood" -> b.maxCompositions(paper ? poolSize : 2)
                    .autoAugOOD(AutoAugOOD.builder().temperature(1).seed(1).build());
            case "none" -> b.negatives(false);
            case "rotate", "cutout", "cutpaste" -> b.augmentations(AugmentationPool.standard().only(p[1]))
                    .maxCompositions(1);
            default -> throw new IllegalArgumentException("unknown arm " + arm);
        }
        if (p[1].equals("con")) {
            b.crossEntropyWeight(0f);
        } else if (p[1].equals("ce")) {
            b.contrastiveWeight(0f);
        }
        return b;
    }

    /** The outputs of the detector's network for a whole set (projection, logits, features), in {@code m}. */
    static ModelOutputs outputs(NoveltyDetector d, ImageSet set, NDManager m) {
        NDList projection = new NDList();
        NDList logits = new NDList();
        NDList features = new NDList();
        for (int from = 0; from < set.size(); from += 256) {
            int to = Math.min(set.size(), from + 256);
            try (NDManager scope = m.newSubManager()) {
                ModelOutputs o = d.outputs(set.batch(from, to, scope), m);
                projection.add(o.projection());
                logits.add(o.logits());
                features.add(o.features());
            }
        }
        return new ModelOutputs(joined(projection), joined(logits), joined(features));
    }

    private static NDArray joined(NDList col) {
        return col.size() == 1 ? col.get(0) : NDArrays.concat(col, 0);
    }

    /** O_sim of the held-out [0] and test [1] images against the bank, in one space. */
    static double[][] similarity(ModelOutputs bank, ModelOutputs held, ModelOutputs test, ScoreSpace space) {
        try (EmbeddingBank eb = EmbeddingBank.of(space.of(bank))) {
            float[] h = eb.maxSimilarity(space.of(held), null);
            float[] t = eb.maxSimilarity(space.of(test), null);
            return new double[][] {RecipeProbe.toD(h), RecipeProbe.toD(t)};
        }
    }

    /** Novelty {@code -(O_sim + lambda O_bin)} of the test images, lambda = std ratio on the held-out ones. */
    static double[] balanced(double[][] sim, float[] binHeld, float[] binTest) {
        double lambda = io.github.unode.internal.Stats.std(binHeld) > 1e-12 ? io.github.unode.internal.Stats.std(sim[0]) / io.github.unode.internal.Stats.std(binHeld) : 0;
        double[] out = new double[binTest.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = -(sim[1][i] + lambda * binTest[i]);
        }
        return out;
    }

    static double auroc(double[] novelty, boolean[] novel) {
        return 100 * Metrics.auroc(novelty, novel);
    }

    static double[] negD(double[] v) {
        double[] o = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            o[i] = -v[i];
        }
        return o;
    }

    /**
     * The colour set: 32x32 RGB crops of the textures, class k = texture k; training crops from the
     * top half of each texture, test crops from the bottom half (seeded).
     */
    static ImageSet textures(Path dir, boolean trainHalf, int perClass) throws IOException {
        int side = 32;
        ImageShape shape = ImageShape.rgb(side);
        float[] px = new float[TEXTURES.length * perClass * 3 * side * side];
        int[] labels = new int[TEXTURES.length * perClass];
        Random r = new Random(trainHalf ? 11 : 12);
        int o = 0;
        int n = 0;
        for (int k = 0; k < TEXTURES.length; k++) {
            BufferedImage img = ImageIO.read(dir.resolve(TEXTURES[k] + ".png").toFile());
            if (img == null) {
                throw new IOException("cannot read " + TEXTURES[k]);
            }
            int h = img.getHeight() / 2;
            int y0 = trainHalf ? 0 : img.getHeight() - h;
            for (int i = 0; i < perClass; i++) {
                int x = r.nextInt(img.getWidth() - side);
                int y = y0 + r.nextInt(h - side);
                for (int c = 0; c < 3; c++) {
                    for (int yy = 0; yy < side; yy++) {
                        for (int xx = 0; xx < side; xx++) {
                            int rgb = img.getRGB(x + xx, y + yy);
                            px[o++] = ((rgb >> (16 - 8 * c)) & 0xff) / 255f;
                        }
                    }
                }
                labels[n++] = k;
            }
        }
        return ImageSet.fromPixels(px, shape, labels, "textures-" + (trainHalf ? "train" : "test"));
    }
}
