package io.github.unode.cli;

import io.github.unode.data.ImageSet;
import io.github.unode.data.ImageSets;
import io.github.unode.score.NoveltyDetector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Trains a detector on normal images and saves it. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a novelty detector on normal images and save it to a directory.",
            "Inliers: one class of --data (--class), or a flat folder of normal images (--images)."})
public final class TrainCommand implements Callable<Integer> {
    @Mixin
    DataOptions dataOptions;

    @Option(names = "--class", description = "The inlier class of --data: " + DataOptions.CLASS_HELP + ".")
    String inlierClass;

    @Option(names = "--images", paramLabel = "DIR", description = "A folder of normal images (flat, or one folder per class: all are inliers).")
    Path images;

    @Mixin
    Limits.MaxInliers inlierLimit;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "Directory to save the detector to (written"
            + " atomically): a new or empty directory, or an earlier detector with --overwrite.")
    Path out;

    @Option(names = "--checkpoint", paramLabel = "DIR", description = "Write a checkpoint to this directory after every epoch, and resume"
            + " from the one there when the same command is run again after a crash or a kill: the same detector as an"
            + " uninterrupted run. The directory is the checkpoint's alone; it is emptied when training completes.")
    Path checkpoint;

    @Mixin
    OutputOptions output;

    @Mixin
    TrainOptions train;

    @Override
    public Integer call() throws Exception {
        if ((inlierClass == null) == (images == null)) {
            throw new UsageException("give either --class (one class of --data) or --images (a folder of normal"
                    + " images)");
        }
        output.checkDetector(out); // before the work, so that a long run is not refused at the end
        ImageSet all;
        if (images != null) {
            if (!Files.isDirectory(images)) {
                throw new UsageException("--images must be a folder of images: " + images);
            }
            all = ImageSets.folder(images, dataOptions.folderShape());
        } else {
            try (DataOptions.Splits d = dataOptions.load()) {
                int c = d.inlierClass(inlierClass);
                System.out.printf(Locale.ROOT, "inlier class %s of %s%n", d.describe(c), d.name());
                all = d.train().onlyLabel(c);
            }
        }
        try (all; ImageSet inliers = all.atMost(inlierLimit.max, train.seed())) {
            System.out.printf(Locale.ROOT, "training on %d inliers of %s (%s)%n", inliers.size(), all.name(), inliers.shape());
            try (NoveltyDetector d = train.trainer(train.seed(), train.progressListener(),
                    checkpoint).fit(inliers)) {
                output.save(d, out);
                io.github.unode.score.NoveltyScorer.FprInterval fpr = d.scorer().fprInterval();
                System.out.printf(Locale.ROOT, "saved to %s (threshold %.4f for %.0f%% false positives on %d held-out"
                        + " inliers, 90%% interval of the rate on new inliers %.1f%%..%.1f%%; %.1f s)%n",
                        out.toAbsolutePath(), d.threshold(), 100 * d.scorer().targetFpr(), fpr.heldOut(),
                        100 * fpr.low(), 100 * fpr.high(), d.provenance().trainingSeconds());
                d.augmentationReport().ifPresent(r -> System.out.println(
                        io.github.unode.augment.auto.AugmentationReport.fromJson(r).toText()));
            }
        }
        return ExitCodes.OK;
    }
}
