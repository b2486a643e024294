package io.github.unode.benchmarks;

import io.github.unode.augment.auto.Pca;
import io.github.unode.augment.auto.TSne1D;
import io.github.unode.augment.auto.TSneResult;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Times AutoAugOOD's joint-embedding pipeline (METHOD 3.3: PCA to 50, then the 1-D t-SNE) on
 * real images, one line per size, to compare with scikit-learn's Barnes-Hut t-SNE
 * ({@code unode-benchmarks/python/tsne_sklearn.py}; both are driven by
 * {@code unode-benchmarks/scripts/tsne-side-by-side.sh}).
 *
 * <p>Features: the first n Fashion-MNIST training images as raw pixels in [0, 1] (784-d). Raw
 * pixels stand in for backbone features, which the project cannot extract yet; the t-SNE sees
 * the 50 PCA scores either way, so its cost depends on n, not on where the features came from.
 *
 * <p>Usage: {@code TsneBenchmark [--data DIR] [--threads T] [--save-pca DIR] [--warmup N] [SIZE...]},
 * sizes default to 5000 10000 20000 40000. {@code --save-pca} writes each size's PCA-50 scores
 * as little-endian float64 ({@code pca50_n<SIZE>.f64}, row-major n x 50), so the Python peer
 * embeds exactly the same input. Output lines:
 * <pre>java n=20000 threads=2 pca=0.512 affinities=2.104 optimisation=4.330 tsne=6.434 total=6.946 kl=2.8701</pre>
 * (seconds; "tsne" = affinities + optimisation, the part comparable with scikit-learn's
 * {@code TSNE.fit}).
 */
public final class TsneBenchmark {
    private static final Path DEFAULT_DATA = Path.of("/usr/share/datasets/fashion-mnist");

    private TsneBenchmark() {
    }

    /** Runs the benchmark; see the class comment for the arguments. */
    public static void main(String[] args) throws IOException {
        Path data = DEFAULT_DATA;
        Path savePca = null;
        int threads = 0;
        int warmup = 1000;
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--save-pca" -> savePca = Path.of(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "-h", "--help" -> {
                    System.out.println("usage: TsneBenchmark [--data DIR] [--threads T] [--save-pca DIR]"
                            + " [--warmup N] [SIZE...]");
                    return;
                }
                default -> sizes.add(Integer.parseInt(args[i]));
            }
        }
        if (sizes.isEmpty()) {
            sizes = List.of(5000, 10000, 20000, 40000);
        }
        int max = sizes.stream().mapToInt(Integer::intValue).max().orElseThrow();
        double[][] pixels = readImages(data.resolve("train-images-idx3-ubyte.gz"), max);
        TSne1D.Options options = TSne1D.Options.defaults().withThreads(threads);
        if (warmup > 0) {
            // Lets the JIT compile the hot loops once, so the first size is not charged for it.
            run(slice(pixels, Math.min(warmup, max)), options);
        }
        for (int n : sizes) {
            double[][] x = slice(pixels, n);
            long t0 = System.nanoTime();
            double[][] scores = Pca.fit(x, Pca.DEFAULT_COMPONENTS, threads).transform(x);
            double pcaSeconds = (System.nanoTime() - t0) / 1e9;
            if (savePca != null) {
                write(scores, savePca.resolve("pca50_n" + n + ".f64"));
            }
            TSneResult r = TSne1D.fit(scores, options);
            System.out.println(String.format(Locale.ROOT,
                    "java n=%d threads=%d pca=%.3f affinities=%.3f optimisation=%.3f tsne=%.3f total=%.3f kl=%.4f",
                    n, threads == 0 ? Runtime.getRuntime().availableProcessors() : threads, pcaSeconds,
                    r.affinitySeconds(), r.optimisationSeconds(), r.seconds(), pcaSeconds + r.seconds(), r.kl()));
        }
    }

    private static void run(double[][] x, TSne1D.Options options) {
        TSne1D.fit(Pca.fit(x, Pca.DEFAULT_COMPONENTS, options.threads()).transform(x), options);
    }

    private static double[][] slice(double[][] x, int n) {
        double[][] out = new double[n][];
        System.arraycopy(x, 0, out, 0, n);
        return out;
    }

    /** The first {@code n} images of a gzipped IDX3 file as rows of pixels scaled to [0, 1]. */
    static double[][] readImages(Path file, int n) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new GZIPInputStream(raw, 1 << 16))) {
            int magic = in.readInt();
            if (magic != 0x00000803) {
                throw new IOException(file + " is not an IDX3 image file (magic " + Integer.toHexString(magic) + ")");
            }
            int count = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (n > count) {
                throw new IOException(file + " holds " + count + " images, " + n + " were asked for");
            }
            int d = rows * cols;
            byte[] buf = new byte[d];
            double[][] out = new double[n][d];
            for (int i = 0; i < n; i++) {
                in.readFully(buf);
                for (int c = 0; c < d; c++) {
                    out[i][c] = (buf[c] & 0xff) / 255.0;
                }
            }
            return out;
        }
    }

    private static void write(double[][] x, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        int d = x[0].length;
        ByteBuffer row = ByteBuffer.allocate(8 * d).order(ByteOrder.LITTLE_ENDIAN);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            for (double[] r : x) {
                row.clear();
                for (double v : r) {
                    row.putDouble(v);
                }
                out.write(row.array());
            }
        }
    }
}
