package io.github.unode.benchkit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.unode.core.UnodeException;
import io.github.unode.data.ImageFolderReader;
import io.github.unode.data.ImageSet;
import io.github.unode.score.NoveltyDetector;
import io.github.unode.score.ScoreBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** What the benchmarks measure on: the user's saved detector and images, read with clear errors. */
public final class Workloads {
    private Workloads() {}

    /** Checks that {@code dir} is a readable directory; names the option in the message. */
    public static Path requireDirectory(String option, String dir) {
        if (dir == null || dir.isBlank()) {
            throw new BenchException(option + " is required: a directory");
        }
        Path p = Path.of(dir);
        if (!Files.exists(p)) {
            throw new BenchException(option + " " + dir + ": no such directory");
        }
        if (!Files.isDirectory(p)) {
            throw new BenchException(option + " " + dir + ": not a directory");
        }
        if (!Files.isReadable(p) || !Files.isExecutable(p)) {
            throw new BenchException(option + " " + dir + ": not readable");
        }
        return p;
    }

    /** Loads a saved detector, or explains why it cannot be loaded. */
    public static NoveltyDetector loadDetector(String dir) {
        Path p = requireDirectory("--detector", dir);
        try {
            return NoveltyDetector.load(p);
        } catch (IOException | UnodeException e) {
            throw new BenchException("--detector " + dir + " is not a detector this version can load: " + e.getMessage(), e);
        }
    }

    /** Reads the images of {@code dir} at the detector's input shape, or explains why not. */
    public static ImageFolderReader.Folder readImages(String dir, NoveltyDetector detector) {
        Path p = requireDirectory("--images", dir);
        try {
            return ImageFolderReader.read(p, detector.inputShape());
        } catch (IOException | UnodeException e) {
            throw new BenchException("--images " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The first image {@code (1, C, H, W)} and the first {@code batch} images (fewer if the folder
     * has fewer), copies attached to {@code target}.
     */
    public static NDArray[] loadImages(String dir, NoveltyDetector detector, int batch, NDManager target) {
        try (ImageFolderReader.Folder f = readImages(dir, detector)) {
            ImageSet set = f.images();
            int n = Math.min(batch, set.size());
            NDArray one = set.batch(0, 1, target).duplicate();
            NDArray many = set.batch(0, n, target).duplicate();
            one.attach(target);
            many.attach(target);
            return new NDArray[] {one, many};
        }
    }

    /**
     * The detector's AUROC (in points, 0..100) on a labelled folder, the images of class
     * {@code inlierClass} as the inliers and every other class as novel.
     */
    public static double auroc(NoveltyDetector detector, String imagesDir, String inlierClass) {
        try (ImageFolderReader.Folder f = readImages(imagesDir, detector)) {
            List<String> names = f.classNames();
            int inlier = names.indexOf(inlierClass);
            if (inlier < 0) {
                throw new BenchException("--inlier-class " + inlierClass + ": --images " + imagesDir
                        + " has no such class folder (its classes are " + names + ")");
            }
            int[] labels = f.images().labels().orElseThrow();
            boolean[] novel = new boolean[labels.length];
            for (int i = 0; i < labels.length; i++) {
                novel[i] = labels[i] != inlier;
            }
            ScoreBatch s = detector.score(f.images());
            double[] scores = new double[s.size()];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = s.novelty()[i];
            }
            return 100 * auroc(scores, novel);
        }
    }

    /**
     * Area under the ROC curve of {@code scores} (higher = more novel) for the positives
     * {@code novel}, ties counted one half (the Mann-Whitney statistic with mid-ranks).
     */
    public static double auroc(double[] scores, boolean[] novel) {
        int n = scores.length;
        if (n != novel.length) {
            throw new IllegalArgumentException(n + " scores but " + novel.length + " labels");
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double rankSum = 0;
        long pos = 0;
        for (int i = 0; i < n;) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double midRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (novel[order[k]]) {
                    rankSum += midRank;
                    pos++;
                }
            }
            i = j + 1;
        }
        long neg = n - pos;
        if (pos == 0 || neg == 0) {
            throw new IllegalArgumentException("AUROC needs both inliers and novel images, got " + pos + " novel of " + n);
        }
        return (rankSum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }
}
