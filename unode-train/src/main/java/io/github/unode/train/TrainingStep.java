package io.github.unode.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import io.github.unode.augment.NegativeSampler;
import io.github.unode.augment.PositiveAugmentation;
import io.github.unode.core.RandomSource;
import io.github.unode.model.ModelOutputs;
import io.github.unode.model.UnodeModel;

/**
 * One optimiser step of METHOD section 4, the unit {@link UnodeTrainer} repeats (public so that
 * benchmarks and profilers time exactly what training runs):
 *
 * <ol>
 *   <li>negatives {@code n1, n2} from the sampler, drawn as {@link Negatives#draw} says
 *       ({@code n1 = n2} unless {@link NegativeDraw#INDEPENDENT}), and views {@code t([x, n1])},
 *       {@code t'([x, n2])} ({@link #views});
 *   <li>one forward pass over the 4B batch, NT-Xent plus the head's cross-entropy, backward, and
 *       the optimiser's update ({@link #learn}).
 * </ol>
 *
 * Without a sampler it is the plain SimCLR step of the warm-up (two views of the inliers, NT-Xent
 * over 2B, no head loss).
 */
public final class TrainingStep {
    private final Trainer trainer;
    private final NegativeSampler sampler;
    private final PositiveAugmentation views;
    private final Loss loss;
    private final NegativeDraw draw;
    private final NDArray labels;

    /**
     * @param trainer DJL trainer of a {@link UnodeModel} with its optimiser
     * @param sampler the negative sampler, or null for the warm-up step
     * @param views the positive-pair augmentation
     * @param loss the recipe's loss (form, temperature, weights, reduction)
     * @param draw how the negatives are drawn and shared between the two views
     * @param labels head targets for the 4B batch ({@link UnodeTrainer#headLabels})
     */
    public TrainingStep(Trainer trainer, NegativeSampler sampler, PositiveAugmentation views, Loss loss,
            NegativeDraw draw, NDArray labels) {
        this.trainer = trainer;
        this.sampler = sampler;
        this.views = views;
        this.loss = java.util.Objects.requireNonNull(loss, "loss");
        this.draw = java.util.Objects.requireNonNull(draw, "draw");
        this.labels = labels;
    }

    /** The batch the network sees for inliers {@code x}: {@code [t(x), t(n1) | t'(x), t'(n2)]}. */
    public NDArray views(NDArray x, RandomSource random) {
        if (sampler == null) {
            return views.apply(x, random).concat(views.apply(x, random), 0);
        }
        NDArray n1;
        NDArray n2;
        switch (draw) {
            case INDEPENDENT -> {
                n1 = sampler.sample(x, random);
                n2 = sampler.sample(x, random);
            }
            case PER_IMAGE -> {
                n1 = sampler.sample(x, random);
                n2 = n1;
            }
            case PER_BATCH -> {
                n1 = sampler.sampleBatchComposition(x, random).negatives();
                n2 = n1;
            }
            default -> throw new IllegalStateException("unknown negative draw " + draw);
        }
        NDArray v1 = views.apply(x.concat(n1, 0), random);
        NDArray v2 = views.apply(x.concat(n2, 0), random);
        return v1.concat(v2, 0);
    }

    /**
     * Forward, loss, backward and update on a prepared batch.
     *
     * @param input the output of {@link #views}
     * @param inliers B, the number of inliers it was made from
     * @return the losses and the head's accuracy, measured before the update
     */
    public StepResult learn(NDArray input, int inliers) {
        StepResult out;
        try (GradientCollector gc = trainer.newGradientCollector()) {
            ModelOutputs o = ModelOutputs.of(trainer.forward(new NDList(input)));
            if (sampler == null) {
                NDArray con = Losses.ntXent(o.projection(), loss.temperature(), inliers, false);
                gc.backward(con);
                float c = con.getFloat();
                out = new StepResult(c, c, 0f, 0f);
            } else {
                NDArray con = Losses.contrastive(o.projection(), loss.temperature(), inliers,
                        loss.contrastiveForm());
                NDArray logits = o.logits();
                NDArray ce = Losses.crossEntropy(logits, labels, loss.crossEntropyReduction());
                NDArray total = con.mul(loss.contrastiveWeight()).add(ce.mul(loss.crossEntropyWeight()));
                gc.backward(total);
                out = new StepResult(total.getFloat(), con.getFloat(), ce.getFloat(),
                        logits.argMax(1).eq(labels).toType(DataType.FLOAT32, false).mean().getFloat());
            }
        }
        trainer.step();
        return out;
    }

    /**
     * The ids of a labelled 4B batch {@code [x, n1 | x', n2]} for SupCon (METHOD 5): an inlier view
     * gets its class, both views of the negative of image {@code i} get {@code k + i}, so that a
     * negative's only positive is its twin.
     */
    public static long[] supConIds(int[] classes, int k) {
        int b = classes.length;
        long[] ids = new long[4 * b];
        for (int i = 0; i < b; i++) {
            ids[i] = classes[i];
            ids[2 * b + i] = classes[i];
            ids[b + i] = k + i;
            ids[3 * b + i] = k + i;
        }
        return ids;
    }

    /** The (K+1)-way head targets of a labelled 4B batch: the class for inlier views, K for negatives. */
    public static long[] labeledTargets(int[] classes, int k) {
        int b = classes.length;
        long[] targets = new long[4 * b];
        for (int i = 0; i < b; i++) {
            targets[i] = classes[i];
            targets[2 * b + i] = classes[i];
            targets[b + i] = k;
            targets[3 * b + i] = k;
        }
        return targets;
    }

    /** {@link #views} then {@link #learn}. */
    public StepResult run(NDArray x, RandomSource random) {
        return learn(views(x, random), (int) x.getShape().get(0));
    }

    /**
     * The labeled multi-class step (METHOD section 5): SupCon instead of NT-Xent (inlier views of
     * the same class are positives of each other; each negative's only positive is its twin) and
     * a (K+1)-way head (classes 0..K-1 for the inliers, K for the negatives).
     *
     * @param x the inliers
     * @param classes class index in [0, K) of each inlier
     * @param k number of inlier classes K
     */
    public StepResult runLabeled(NDArray x, int[] classes, int k, RandomSource random) {
        if (sampler == null) {
            throw new IllegalStateException("the labeled step needs a negative sampler");
        }
        int b = (int) x.getShape().get(0);
        NDArray input = views(x, random);
        long[] ids = supConIds(classes, k);
        long[] targets = labeledTargets(classes, k);
        StepResult out;
        try (GradientCollector gc = trainer.newGradientCollector()) {
            ModelOutputs o = ModelOutputs.of(trainer.forward(new NDList(input)));
            NDArray con = Losses.supCon(o.projection(), ids, loss.temperature());
            NDArray logits = o.logits();
            NDArray t = input.getManager().create(targets).toDevice(input.getDevice(), false);
            NDArray ce = Losses.crossEntropy(logits, t, loss.crossEntropyReduction());
            NDArray total = con.mul(loss.contrastiveWeight()).add(ce.mul(loss.crossEntropyWeight()));
            gc.backward(total);
            out = new StepResult(total.getFloat(), con.getFloat(), ce.getFloat(),
                    logits.argMax(1).eq(t).toType(DataType.FLOAT32, false).mean().getFloat());
        }
        trainer.step();
        return out;
    }
}
