package io.github.unode.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import io.github.unode.augment.NegativeSampler;
import io.github.unode.augment.PositiveAugmentation;
import io.github.unode.core.NotFiniteException;
import io.github.unode.core.RandomSource;
import io.github.unode.data.ImageSet;
import io.github.unode.model.UnodeModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The epoch loop of one training run: phases of epochs over the training inliers, each with its
 * own warm-up + cosine schedule and LARS, the steps of {@link TrainingStep}, the listeners told
 * of every step and epoch, and a hook after every epoch (the checkpoint). Every epoch's draws
 * come from the seed and the epoch number, so a phase can resume at any epoch.
 */
final class EpochLoop {
    /** Where a phase starts: its first epoch, the optimiser's momentum and update count. */
    record Resume(int firstEpoch, Map<String, NDArray> momentum, int updatesDone) {
        static final Resume NONE = new Resume(1, Map.of(), 0);
    }

    /** The labeled run's class index of every training image, and the number of classes K. */
    record Labels(int[] classOf, int k) {
        /** The labels of {@code set}'s images as indices into {@code classes} (sorted), of {@code classes.length} classes. */
        static Labels of(io.github.unode.data.ImageSet set, int[] classes) {
            int[] out = new int[set.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = java.util.Arrays.binarySearch(classes, set.label(i));
            }
            return new Labels(out, classes.length);
        }
    }

    /** Called after every epoch (to write a checkpoint). */
    @FunctionalInterface
    interface EpochHook {
        void epochDone(Lars lars, int epochsDone, int updatesDone);
    }

    /** What the loop runs by: the recipe (budget, optimiser, loss, negatives' draw, seed), the device, the listeners. */
    record Settings(Recipe recipe, Device device, List<TrainingListener> listeners) {}

    private final Model model;
    private final ImageSet train;
    private final int heldOut;
    private final PositiveAugmentation views;
    private final Labels classLabels;
    private final Recipe recipe;
    private final Optimiser optimiser;
    private final Device device;
    private final List<TrainingListener> listeners;

    /**
     * @param model the model being trained, its block a {@link UnodeModel}
     * @param train the training inliers
     * @param heldOut how many inliers are held out (for the plan the listeners see)
     * @param views the positive-view augmentation
     * @param classLabels the labels of a labeled run, or null
     */
    EpochLoop(Model model, ImageSet train, int heldOut, PositiveAugmentation views, Labels classLabels, Settings s) {
        this.model = model;
        this.train = train;
        this.heldOut = heldOut;
        this.views = views;
        this.classLabels = classLabels;
        this.recipe = s.recipe();
        this.optimiser = recipe.optimiser();
        this.device = s.device();
        this.listeners = s.listeners();
    }

    /** The model being trained. */
    Model model() {
        return model;
    }

    /** The training inliers. */
    ImageSet train() {
        return train;
    }

    /**
     * Runs {@code epochs} epochs with their own warm-up + cosine schedule. With a sampler this is
     * UNODE's training; without one it is plain SimCLR on the inliers (the warm-up of METHOD 3.1).
     */
    void run(String phase, NegativeSampler sampler, int epochs, Resume resume, EpochHook hook) {
        int n = train.size();
        int b = Math.min(recipe.budget().batchSize(), n);
        int stepsPerEpoch = Math.max(1, n / b);
        int totalSteps = stepsPerEpoch * epochs;
        int warmup = optimiser.warmupStepsOf(totalSteps);
        WarmupCosineTracker schedule = new WarmupCosineTracker(optimiser.learningRate(),
                optimiser.learningRate() * optimiser.peakMultiplier(), warmup, totalSteps);
        UnodeModel block = (UnodeModel) model.getBlock();
        TrainingPlan plan = new TrainingPlan(block.backbone().toString(), device.toString(), n, heldOut, epochs,
                stepsPerEpoch, b, sampler == null ? "none (" + phase + ")" : sampler.toString());
        if (resume.firstEpoch() > epochs) {
            return; // the checkpoint was written after the last epoch of this phase
        }
        try (Lars lars = Lars.builder().setLearningRateTracker(schedule).optMomentum(optimiser.momentum())
                        .optWeightDecay(optimiser.weightDecay()).optTrustCoefficient(optimiser.trustCoefficient())
                        .optBeginNumUpdate(resume.updatesDone()).build();
                Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss())
                        .optOptimizer(lars).optDevices(new Device[] {device}))) {
            trainer.initialize(train.shape().batchShape(b));
            if (optimiser.excludeBiasAndNorm()) {
                lars.excludeFromAdaptation(biasAndNormParameters(block));
            }
            java.util.Set<String> early = sampler != null && optimiser.freezeEpochs() > 0 ? earliestParameters(block) : java.util.Set.of();
            if (sampler != null) {
                listeners.forEach(l -> l.onStart(plan));
            }
            NDManager root = model.getNDManager();
            NDArray labels = root.create(headLabels(b)).toDevice(device, false);
            TrainingStep trainingStep = new TrainingStep(trainer, sampler, views, recipe.loss(), recipe.negatives().draw(), labels);
            if (!resume.momentum().isEmpty()) {
                lars.restoreMomentum(resume.momentum());
            }
            int updates = resume.updatesDone();
            for (int epoch = resume.firstEpoch(); epoch <= epochs; epoch++) {
                lars.freeze(epoch <= optimiser.freezeEpochs() ? early : java.util.Set.of());
                RandomSource random = new RandomSource(epochSeed(recipe.seed() + (sampler == null ? 7919 : 0), epoch));
                int[] order = random.permutation(n);
                long start = System.nanoTime();
                double sumLoss = 0;
                double sumCon = 0;
                double sumCe = 0;
                double sumAcc = 0;
                for (int step = 0; step < stepsPerEpoch; step++) {
                    int[] idx = new int[b];
                    System.arraycopy(order, step * b, idx, 0, b);
                    try (NDManager scope = root.newSubManager()) {
                        StepResult parts;
                        if (sampler != null && classLabels != null) {
                            int[] cls = new int[b];
                            for (int i = 0; i < b; i++) {
                                cls[i] = classLabels.classOf()[idx[i]];
                            }
                            parts = trainingStep.runLabeled(train.batch(idx, scope), cls, classLabels.k(), random);
                        } else {
                            parts = trainingStep.run(train.batch(idx, scope), random);
                        }
                        if (!Float.isFinite(parts.loss())) {
                            throw new NotFiniteException("training diverged at epoch " + epoch + ", step "
                                    + (step + 1) + ": the loss is " + parts.loss()
                                    + "; lower the learning rate or check the images");
                        }
                        sumLoss += parts.loss();
                        sumCon += parts.contrastive();
                        sumCe += parts.crossEntropy();
                        sumAcc += parts.headAccuracy();
                    }
                    int e = epoch;
                    int s = step + 1;
                    double running = sumLoss / s;
                    if (sampler != null) {
                        listeners.forEach(l -> l.onStep(e, s, stepsPerEpoch, running));
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                EpochStats stats = new EpochStats(epoch, epochs, stepsPerEpoch, sumLoss / stepsPerEpoch,
                        sumCon / stepsPerEpoch, sumCe / stepsPerEpoch, sumAcc / stepsPerEpoch, lars.lastLearningRate(),
                        seconds, stepsPerEpoch * (double) b / seconds);
                if (sampler != null) {
                    listeners.forEach(l -> l.onEpoch(stats));
                } else {
                    listeners.forEach(l -> l.onPhase(phase + " " + stats));
                }
                updates += stepsPerEpoch;
                requireFiniteWeights(block, phase + " epoch " + epoch);
                if (hook != null) {
                    hook.epochDone(lars, epoch, updates);
                }
            }
        }
    }

    /**
     * Refuses a network with a NaN or infinite weight (or BatchNorm statistic): the loss of the
     * last step is computed before its update, so only this catches an update that broke the
     * weights at the end of a phase. One sum per parameter; NaN and infinities survive a sum.
     */
    static void requireFiniteWeights(UnodeModel block, String when) {
        for (ai.djl.util.Pair<String, ai.djl.nn.Parameter> p : block.getParameters()) {
            if (!p.getValue().isInitialized()) {
                continue;
            }
            float sum;
            try (NDArray s = p.getValue().getArray().sum()) {
                sum = s.getFloat();
            }
            if (!Float.isFinite(sum)) {
                throw new NotFiniteException("after " + when + " the weights of " + p.getKey()
                        + " are not finite (their sum is " + sum + "): training failed and no detector is returned."
                        + " Lower the learning rate; if it fails at once on a CPU with AVX-512, see ConvolutionCheck");
            }
        }
    }

    /** Ids of the biases and batch-norm scales and shifts: what SimCLR's LARS leaves out. */
    static java.util.Set<String> biasAndNormParameters(UnodeModel block) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        block.getParameters().forEach(p -> {
            ai.djl.nn.Parameter.Type t = p.getValue().getType();
            if (t == ai.djl.nn.Parameter.Type.BIAS || t == ai.djl.nn.Parameter.Type.GAMMA
                    || t == ai.djl.nn.Parameter.Type.BETA) {
                ids.add(p.getValue().getId());
            }
        });
        return ids;
    }

    /** Ids of the first {@code freezeFraction} of the encoder's parameters, in network order. */
    private java.util.Set<String> earliestParameters(UnodeModel block) {
        List<String> ids = new ArrayList<>();
        block.encoder().getParameters().forEach(p -> {
            if (p.getValue().requiresGradient()) {
                ids.add(p.getValue().getId());
            }
        });
        return java.util.Set.copyOf(ids.subList(0, (int) Math.ceil(optimiser.freezeFraction() * ids.size())));
    }

    /** Head targets for the 4B batch {@code [x, n1, x', n2]}: 1 for inlier views, 0 for negatives. */
    static long[] headLabels(int b) {
        long[] l = new long[4 * b];
        for (int i = 0; i < b; i++) {
            l[i] = 1;
            l[2 * b + i] = 1;
        }
        return l;
    }

    /** A well-mixed seed per epoch, so that a run can resume at any epoch with the same draws. */
    static long epochSeed(long seed, int epoch) {
        long z = seed + 0x9E3779B97F4A7C15L * (epoch + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
