package io.github.unode.cli;

import io.github.unode.augment.AugmentationPool;
import io.github.unode.augment.auto.AugmentationReport;
import io.github.unode.augment.auto.AutoAugOOD;
import io.github.unode.data.ImageSet;
import io.github.unode.internal.AtomicFiles;
import io.github.unode.model.Preprocessing;
import io.github.unode.model.PretrainedBackbone;
import io.github.unode.train.UnodeTrainer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Computes AutoAugOOD's weights for one or more classes without training a detector. */
@Command(name = "weights", mixinStandardHelpOptions = true,
        description = {"Compute AutoAugOOD's augmentation weights for classes of --data and print them",
            "(features: --pretrained TorchScript backbone, or the encoder after a short self-supervised warm-up)."})
public final class WeightsCommand implements Callable<Integer> {
    @Mixin
    DataOptions dataOptions;

    @Option(names = "--classes", split = ",", description = "Inlier classes, each " + DataOptions.CLASS_HELP
            + " (default: every class with training images).")
    List<String> classes = new ArrayList<>();

    @Option(names = "--max-images", paramLabel = "N", description = "At most this many inliers per class for AutoAugOOD"
            + " (default: ${DEFAULT-VALUE}).")
    int maxImages = 2000; // not defaultValue: see Limits

    @Option(names = "--images", hidden = true, description = "Deprecated: --max-images.")
    void imagesRenamed(int n) {
        maxImages = Limits.renamed("--images", "--max-images", n);
    }

    @Option(names = "--warmup-epochs", description = "Warm-up epochs when no --pretrained backbone (default: ${DEFAULT-VALUE}).",
            defaultValue = "3")
    int warmupEpochs;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Also write the reports as JSON lines to this file: a new file, or an"
            + " earlier weights file with --overwrite.")
    Path out;

    @Mixin
    OutputOptions output;

    @Mixin
    TrainOptions train;

    @Override
    public Integer call() throws Exception {
        checkOut(); // before the work
        List<String> json = new ArrayList<>();
        try (DataOptions.Splits d = dataOptions.load()) {
            List<Integer> cs = classes.isEmpty() ? java.util.Arrays.stream(d.train().classes()).boxed().toList()
                    : d.inlierClasses(classes);
            if (train.negatives != null) {
                train.negatives.autoAug = true; // this command is AutoAugOOD: --tau, --divergence, --pretrained apply
            }
            io.github.unode.train.Recipe recipe = train.recipe(train.seed());
            AugmentationPool pool = recipe.negatives().pool();
            io.github.unode.train.Weighting.AutoAugOOD settings = recipe.negatives().weighting()
                    instanceof io.github.unode.train.Weighting.AutoAugOOD a ? a
                    : io.github.unode.train.Weighting.AutoAugOOD.defaults().withSeed(recipe.seed());
            StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-20s", "class"));
            pool.names().forEach(n -> table.append(String.format(Locale.ROOT, " %8s", n)));
            table.append('\n');
            for (int c : cs) {
                try (ImageSet inliers = d.train().onlyLabel(c)) {
                    long t0 = System.nanoTime();
                    AutoAugOOD auto = AutoAugOOD.builder().maxImages(maxImages).temperature(settings.temperature())
                            .divergence(settings.divergence()).seed(settings.seed()).build();
                    AugmentationReport r;
                    if (settings.pretrained() != null) {
                        try (PretrainedBackbone psi = PretrainedBackbone.torchScript(Path.of(settings.pretrained()),
                                Preprocessing.imageNet(settings.pretrainedSize()))) {
                            r = auto.weigh(inliers, pool, psi);
                        }
                    } else {
                        // the warm-up is plain SimCLR: METHOD's settings but the recipe's network, batch, rate and seed
                        r = UnodeTrainer.builder().backbone(recipe.network().forShape(inliers.shape()))
                                .batchSize(recipe.budget().batchSize()).learningRate(recipe.optimiser().learningRate())
                                .seed(recipe.seed()).warmupEpochs(warmupEpochs).augmentations(pool).autoAugOOD(auto)
                                .build().weigh(inliers);
                    }
                    String name = "class " + d.describe(c);
                    System.out.printf(Locale.ROOT, "%s (%.1f s)%n%s%n%n", name, (System.nanoTime() - t0) / 1e9, r.toText());
                    table.append(String.format(Locale.ROOT, "%-20s", name));
                    r.weights().values().forEach(w -> table.append(String.format(Locale.ROOT, " %8.3f", w)));
                    table.append('\n');
                    json.add(r.toJson().replace("\n", " "));
                }
            }
            System.out.println(table);
        }
        if (out != null) {
            checkOut();
            AtomicFiles.write(out, String.join("\n", json).getBytes(StandardCharsets.UTF_8));
        }
        return ExitCodes.OK;
    }

    /** A weights file that unode wrote starts with an augmentation report as one JSON line. */
    private void checkOut() throws java.io.IOException {
        if (out != null) {
            output.checkFile(out, "weights file", f -> OutputOptions.firstLine(f, line -> {
                com.google.gson.JsonObject o = com.google.gson.JsonParser.parseString(line).getAsJsonObject();
                return o.has("featureSource") && o.has("entries");
            }));
        }
    }

}
