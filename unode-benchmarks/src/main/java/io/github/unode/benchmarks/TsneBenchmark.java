package io.github.unode.benchmarks;

import io.github.unode.augment.auto.Pca;
import io.github.unode.augment.auto.TSne1D;
import io.github.unode.data.ImageSet;
import io.github.unode.data.ImageSets;
import io.github.unode.data.Split;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Times unode's 1-D t-SNE (PCA 50 + kNN affinities + FFT-accelerated optimisation, 1,000
 * iterations) on real data: the first n Fashion-MNIST training images (784 pixels each).
 * With {@code --export dir} it also writes the PCA-50 input of each size as
 * {@code pca50-<n>.f32} (little-endian float32 with an int32 header n, d) so that
 * {@code python/tsne_sklearn.py} runs scikit-learn on exactly the same points.
 *
 * <pre>
 * unode-benchmarks/scripts/bench TsneBenchmark [--data dir] [--export dir] [--repeat r] 5000 10000 20000 40000
 * </pre>
 */
public final class TsneBenchmark {
    private TsneBenchmark() {}

    public static void main(String[] args) throws IOException {
        Path data = Path.of("/usr/share/datasets/fashion-mnist");
        Path export = null;
        int repeat = 1;
        java.util.List<Integer> sizes = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[++i]);
                case "--export" -> export = Path.of(args[++i]);
                case "--repeat" -> repeat = Integer.parseInt(args[++i]);
                default -> sizes.add(Integer.parseInt(args[i]));
            }
        }
        if (sizes.isEmpty()) {
            sizes = java.util.List.of(5000, 10000, 20000, 40000);
        }
        float[] pixels;
        int total;
        try (ImageSet train = ImageSets.idxDirectory(data, Split.TRAIN)) {
            pixels = train.toFloatArray();
            total = train.size();
        }
        System.out.printf(Locale.ROOT, "# unode 1-D t-SNE on Fashion-MNIST pixels (784-d -> PCA 50), %d threads%n",
                Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-8s %8s %10s %10s %10s %8s%n", "n", "pca_s", "affin_s", "optim_s", "total_s", "kl");
        for (int n : sizes) {
            if (n > total) {
                throw new IllegalArgumentException(n + " points asked, the data has " + total);
            }
            double[] x = new double[n * 784];
            for (int i = 0; i < x.length; i++) {
                x[i] = pixels[i];
            }
            for (int r = 0; r < repeat; r++) {
                long t0 = System.nanoTime();
                double[] p = Pca.project(x, n, 784, 50);
                double pca = (System.nanoTime() - t0) / 1e9;
                if (export != null && r == 0) {
                    write(export.resolve("pca50-" + n + ".f32"), p, n, 50);
                }
                TSne1D.Result res = TSne1D.run(p, n, 50, TSne1D.Config.defaults());
                System.out.printf(Locale.ROOT, "%-8d %8.2f %10.2f %10.2f %10.2f %8.4f%n", n, pca, res.neighbourSeconds(),
                        res.optimisationSeconds(), pca + res.neighbourSeconds() + res.optimisationSeconds(), res.kl());
            }
        }
    }

    private static void write(Path file, double[] p, int n, int d) throws IOException {
        Files.createDirectories(file.getParent());
        ByteBuffer b = ByteBuffer.allocate(8 + 4 * p.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(n).putInt(d);
        for (double v : p) {
            b.putFloat((float) v);
        }
        Files.write(file, b.array());
    }

}
