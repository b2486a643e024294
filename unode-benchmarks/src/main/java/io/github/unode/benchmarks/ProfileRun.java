package io.github.unode.benchmarks;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.unode.augment.AugmentationPool;
import io.github.unode.augment.NegativeSampler;
import io.github.unode.augment.PositiveAugmentation;
import io.github.unode.core.RandomSource;
import io.github.unode.data.ImageSet;
import io.github.unode.data.ImageSets;
import io.github.unode.data.Split;
import io.github.unode.model.Backbone;
import io.github.unode.model.UnodeModel;
import io.github.unode.score.Calibrator;
import io.github.unode.score.NoveltyDetector;
import io.github.unode.score.NoveltyScorer;
import io.github.unode.score.Provenance;
import io.github.unode.score.ScoreRecipe;
import io.github.unode.score.ScoreSpace;
import io.github.unode.train.Lars;
import io.github.unode.train.Recipe;
import io.github.unode.train.TrainingStep;
import io.github.unode.train.UnodeTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where the time of a training step and of a scoring batch goes: runs them under libtorch's
 * profiler (through DJL's {@code JniUtils.startProfile}), then splits the wall time into time
 * inside libtorch operators (the union of every operator's interval, on any thread) and the rest
 * (Java, JNI, copies, augmentation bookkeeping), and lists the operators that take the most time.
 *
 * <pre>
 * unode-benchmarks/scripts/bench ProfileRun [steps=10] [trace-dir=target/profile]
 * </pre>
 */
public final class ProfileRun {
    private ProfileRun() {}

    public static void main(String[] args) throws Exception {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path dir = Path.of(args.length > 1 ? args[1] : "unode-benchmarks/target/profile");
        Files.createDirectories(dir);
        try (ImageSet all = ImageSets.bundledFashionMnist(Split.TRAIN); ImageSet bags = all.onlyLabel(8);
                ImageSet test = ImageSets.bundledFashionMnist(Split.TEST)) {
            Model model = Model.newInstance("profile");
            UnodeModel net = new UnodeModel(Backbone.resNet18(bags.shape(), 0.25));
            net.initialize(model.getNDManager(), 1);
            model.setBlock(net);
            int b = 64;
            try (Lars lars = Lars.builder().setLearningRateTracker(Tracker.fixed(0.4f)).build();
                    Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(lars))) {
                trainer.initialize(bags.shape().batchShape(b));
                TrainingStep step = new TrainingStep(trainer, new NegativeSampler(AugmentationPool.standard(), 2),
                        new PositiveAugmentation(PositiveAugmentation.Config.defaultsFor(bags.shape())),
                        Recipe.method().loss(), Recipe.method().negatives().draw(),
                        model.getNDManager().create(UnodeTrainer.headLabels(b)));
                RandomSource r = new RandomSource(1);
                int[] idx = new int[b];
                Runnable one = () -> {
                    for (int i = 0; i < b; i++) {
                        idx[i] = r.nextInt(bags.size());
                    }
                    try (NDManager scope = model.getNDManager().newSubManager()) {
                        step.run(bags.batch(idx, scope), r);
                    }
                };
                for (int i = 0; i < 3; i++) {
                    one.run(); // warm up
                }
                report("training step (4B = 256 views, width 16, 28 px)", steps, one, dir.resolve("train-trace.json"));
            }
            NoveltyScorer scorer;
            try (ImageSet.Partition parts = bags.split(0.9, 1)) {
                scorer = Calibrator.of(ScoreRecipe.of(ScoreSpace.FEATURES, 0.05)).calibrate(model, parts.first(), parts.second());
            }
            try (NoveltyDetector d = new NoveltyDetector(model, scorer, Map.of(), Provenance.now(1, "p", "-", 0, 0,
                    Map.of()), null); NDManager m = NDManager.newBaseManager()) {
                NDArray batch = test.batch(0, 256, m).duplicate();
                Runnable one = () -> d.score(batch);
                for (int i = 0; i < 3; i++) {
                    one.run();
                }
                report("scoring a batch of 256 (bank of 900)", steps * 4, one, dir.resolve("score-trace.json"));
            }
        }
    }

    private static void report(String what, int repeats, Runnable work, Path trace) throws Exception {
        JniUtils.startProfile(false, false, false);
        long t0 = System.nanoTime();
        for (int i = 0; i < repeats; i++) {
            work.run();
        }
        long wallUs = (System.nanoTime() - t0) / 1000;
        JniUtils.stopProfile(trace.toString());
        JsonElement root = JsonParser.parseString(Files.readString(trace));
        JsonArray events = root.isJsonArray() ? root.getAsJsonArray() : root.getAsJsonObject().getAsJsonArray("traceEvents");
        List<long[]> intervals = new ArrayList<>();
        Map<String, Long> byName = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        for (JsonElement e : events) {
            JsonObject o = e.getAsJsonObject();
            if (!o.has("dur") || !o.has("ts")) {
                continue;
            }
            long ts = (long) o.get("ts").getAsDouble();
            long dur = (long) o.get("dur").getAsDouble();
            intervals.add(new long[] {ts, ts + dur});
            String name = o.get("name").getAsString();
            byName.merge(name, dur, Long::sum);
            counts.merge(name, 1, Integer::sum);
        }
        intervals.sort((a, c) -> Long.compare(a[0], c[0]));
        long union = 0;
        long curStart = -1;
        long curEnd = -1;
        for (long[] iv : intervals) {
            if (iv[0] > curEnd) {
                union += curEnd - curStart;
                curStart = iv[0];
                curEnd = iv[1];
            } else {
                curEnd = Math.max(curEnd, iv[1]);
            }
        }
        union += curEnd - curStart;
        System.out.printf(Locale.ROOT, "%n%s, %d repeats: wall %.1f ms per repeat%n", what, repeats, wallUs / 1000.0 / repeats);
        System.out.printf(Locale.ROOT, "  inside libtorch operators: %.1f ms (%.0f%%); everything else (Java, JNI, copies): %.1f ms"
                + " (%.0f%%); %d operator calls per repeat%n", union / 1000.0 / repeats, 100.0 * union / wallUs,
                (wallUs - union) / 1000.0 / repeats, 100.0 * (wallUs - union) / wallUs, intervals.size() / repeats);
        System.out.println("  operators by inclusive time (nested operators counted inside their parents too):");
        byName.entrySet().stream().sorted((a, c) -> Long.compare(c.getValue(), a.getValue())).limit(12)
                .forEach(en -> System.out.printf(Locale.ROOT, "    %-40s %8.1f ms %7d calls%n", en.getKey(),
                        en.getValue() / 1000.0 / repeats, counts.get(en.getKey()) / repeats));
        System.out.println("  trace: " + trace);
    }
}
