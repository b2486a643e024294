package io.github.unode.cli;

import io.github.unode.data.ImageFolderReader;
import io.github.unode.data.ImageSet;
import io.github.unode.data.ImageSets;
import io.github.unode.internal.AtomicFiles;
import io.github.unode.score.NoveltyDetector;
import io.github.unode.score.ScoreBatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Scores images with a saved detector. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Score images with a saved detector: one CSV row per image (its file, novelty, its parts, the threshold in"
                + " use, novel or not).",
            "Exit code 0 even when images are novel; use the CSV or --fail-on-novel to act on them."})
public final class ScoreCommand implements Callable<Integer> {
    /** Exit code of --fail-on-novel when at least one image is novel. */
    static final int NOVEL_FOUND = ExitCodes.NOVEL_FOUND;
    /** The first line of every score file: what tells a score file that unode wrote from any other file. */
    static final String HEADER = "index,path,label,novelty,similarity,binary_log_odds,pixel_similarity,threshold,novel";
    /** The header of score files of unode 0.1 before the path and threshold columns (recognised by --overwrite). */
    private static final String OLD_HEADER = "index,label,novelty,similarity,binary_log_odds,pixel_similarity,novel";

    @Option(names = {"-d", "--detector"}, required = true, paramLabel = "DIR", description = "A detector saved by `unode train`.")
    Path detector;

    @Option(names = "--images", required = true, paramLabel = "PATH", description = "A folder of images (flat, or one folder per class:"
            + " the CSV's label is then the index of the image's class folder among its sorted names), or an IDX images"
            + " file.")
    Path images;

    @Option(names = "--labels", paramLabel = "FILE", description = "An IDX labels file for an IDX images file (copied to the CSV).")
    Path labels;

    @Option(names = "--resize", description = "Resize images of another size to the detector's input size.")
    boolean resize;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write the scores to this CSV file (default: standard output): a new"
            + " file, or an earlier score file with --overwrite.")
    Path out;

    @Mixin
    OutputOptions output;

    @Mixin
    EngineOptions engine;

    /** At most one way of choosing the threshold. */
    static final class ThresholdChoice {
        @Option(names = "--threshold", description = "Flag the images whose novelty is above this value (default: the"
                + " threshold the detector was calibrated with).")
        Double threshold;

        @Option(names = "--fpr", description = "Flag the images above the threshold that flags this share of the"
                + " detector's held-out inliers, in (0, 1) (for example 0.01).")
        Double fpr;
    }

    @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "0..1")
    ThresholdChoice thresholdChoice;

    @Option(names = "--device", description = "Score on this device: cpu, gpu or gpu0, gpu1, ... (default:"
            + " ${DEFAULT-VALUE}; a GPU needs a CUDA native artifact of PyTorch on the class path).", defaultValue = "cpu")
    String device;

    @Option(names = "--fail-on-novel", description = "Exit with code " + NOVEL_FOUND + " when any image is novel.")
    boolean failOnNovel;

    @Override
    public Integer call() throws Exception {
        checkOut(); // before scoring
        engine.apply();
        try (NoveltyDetector d = NoveltyDetector.load(detector, TrainOptions.device(device)); ImageSet set = read(d)) {
            double threshold = threshold(d);
            List<String> paths = paths(set.size());
            long t0 = System.nanoTime();
            ScoreBatch s = d.score(set, resize);
            double sec = (System.nanoTime() - t0) / 1e9;
            StringBuilder csv = new StringBuilder(HEADER + "\n");
            String t = String.format(Locale.ROOT, "%.6f", threshold);
            int novel = 0;
            for (int i = 0; i < s.size(); i++) {
                boolean isNovel = s.novelty()[i] > threshold; // as the detector decides, at the threshold in use
                novel += isNovel ? 1 : 0;
                csv.append(String.format(Locale.ROOT, "%d,%s,%s,%.6f,%.6f,%.6f,%.6f,%s,%b%n", i, csvField(paths.get(i)),
                        set.hasLabels() ? Integer.toString(set.label(i)) : "", s.novelty()[i], s.similarity()[i],
                        s.binaryLogOdds()[i], s.pixelSimilarity()[i], t, isNovel));
            }
            if (out != null) {
                checkOut();
                AtomicFiles.write(out, csv.toString().getBytes(StandardCharsets.UTF_8));
            } else {
                System.out.print(csv);
                System.out.flush();
            }
            // a summary, not data: standard error, so that standard output is the CSV alone
            System.err.printf(Locale.ROOT, "%d images scored in %.2f s (%.0f images/s): %d novel at threshold %.4f%s%n",
                    s.size(), sec, s.size() / Math.max(sec, 1e-9), novel, threshold,
                    out != null ? "; scores in " + out : "");
            return failOnNovel && novel > 0 ? NOVEL_FOUND : ExitCodes.OK;
        }
    }

    /** The threshold in use: --threshold, the one for --fpr, or the detector's. */
    private double threshold(NoveltyDetector d) {
        if (thresholdChoice != null && thresholdChoice.threshold != null) {
            if (!Double.isFinite(thresholdChoice.threshold)) {
                throw new UsageException("--threshold must be a finite number, got " + thresholdChoice.threshold);
            }
            return thresholdChoice.threshold;
        }
        if (thresholdChoice != null && thresholdChoice.fpr != null) {
            double f = thresholdChoice.fpr;
            if (!(f > 0 && f < 1)) {
                throw new UsageException("--fpr must be in (0, 1), got " + f);
            }
            return d.thresholdForFpr(f);
        }
        return d.threshold();
    }

    /**
     * The file of every image, in the order the image set holds them: for a folder, its images
     * (or its class folders' images, class by class) sorted by name, as {@link ImageSets#folder}
     * reads them; for an IDX file, the file itself (the index tells the image).
     */
    private List<String> paths(int n) throws java.io.IOException {
        List<String> p = new ArrayList<>();
        if (Files.isDirectory(images)) {
            List<String> classes = ImageFolderReader.classFolders(images);
            if (classes.isEmpty()) {
                imagesIn(images).forEach(f -> p.add(f.toString()));
            } else {
                for (String c : classes) {
                    imagesIn(images.resolve(c)).forEach(f -> p.add(f.toString()));
                }
            }
        } else {
            for (int i = 0; i < n; i++) {
                p.add(images.toString());
            }
        }
        if (p.size() != n) {
            throw new IllegalStateException("listed " + p.size() + " image files in " + images + " but read " + n
                    + " images");
        }
        return p;
    }

    private static List<Path> imagesIn(Path dir) throws java.io.IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith(".")).filter(f -> {
                String name = f.getFileName().toString();
                int dot = name.lastIndexOf('.');
                return dot > 0 && ImageFolderReader.EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
            }).sorted().toList();
        }
    }

    /** A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. */
    static String csvField(String v) {
        if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0 && v.indexOf('\r') < 0) {
            return v;
        }
        return '"' + v.replace("\"", "\"\"") + '"';
    }

    private void checkOut() throws java.io.IOException {
        if (out != null) {
            output.checkFile(out, "score file", f -> OutputOptions.firstLine(f, l -> l.equals(HEADER) || l.equals(OLD_HEADER)));
        }
    }

    private ImageSet read(NoveltyDetector d) throws java.io.IOException {
        if (Files.isDirectory(images)) {
            return ImageSets.folder(images, d.inputShape());
        }
        return ImageSets.idx(images, labels);
    }
}
