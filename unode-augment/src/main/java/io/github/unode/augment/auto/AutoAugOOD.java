package io.github.unode.augment.auto;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.unode.augment.Augmentation;
import io.github.unode.augment.AugmentationPool;
import io.github.unode.core.EmptyDataException;
import io.github.unode.core.RandomSource;
import io.github.unode.data.ImageSet;
import io.github.unode.internal.AtomicFiles;
import io.github.unode.internal.Engines;
import io.github.unode.internal.Hashing;
import io.github.unode.model.FeatureExtractor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * AutoAugOOD (METHOD section 3): weighs the hard augmentations of a pool by how far each moves
 * <em>this</em> inlier set from its distribution, in the space of a feature extractor
 * {@code psi}:
 *
 * <ol>
 *   <li>up to {@code maxImages} inliers {@code x} (drawn with the seed), features
 *       {@code H = psi(x)} and {@code H_k = psi(s_k(x))} for every augmentation;
 *   <li>all {@code (k + 1) n} vectors together: PCA to 50 dimensions, then one joint 1-D t-SNE
 *       ({@link TSne1D});
 *   <li>a Gaussian KDE of each set on one common grid ({@link Kde});
 *   <li>divergences {@code j_k = KL(P || Q_k) + KL(Q_k || P)};
 *   <li>weights {@code softmax(j / tau)}.
 * </ol>
 *
 * Features and reports are cached in a directory (when one is set): the same images, pool,
 * extractor and settings give the cached result without recomputation.
 */
public final class AutoAugOOD {
    private final Config config;

    private AutoAugOOD(Config config) {
        this.config = config;
    }

    /**
     * Settings; defaults are METHOD 3's.
     *
     * @param maxImages inliers used (2,000)
     * @param temperature softmax temperature tau (1)
     * @param pcaDimensions PCA dimensions before the t-SNE (50)
     * @param tsne the t-SNE settings
     * @param seed seed of the image sample and of the augmentations
     * @param cacheDirectory where features and reports are cached, or null for no cache
     * @param divergence the divergence of the densities ({@link Divergence#SYMMETRIC_KL}, eq. 7)
     */
    public record Config(int maxImages, double temperature, int pcaDimensions, TSne1D.Options tsne, long seed,
            Path cacheDirectory, Divergence divergence) {
        public Config {
            if (maxImages < 2) {
                throw new IllegalArgumentException("AutoAugOOD needs at least 2 images, got maxImages " + maxImages);
            }
            SoftmaxWeights.checkTemperature(temperature);
            if (divergence == null) {
                throw new IllegalArgumentException("a divergence is required");
            }
            if (pcaDimensions < 1) {
                throw new IllegalArgumentException("PCA dimensions must be at least 1, got " + pcaDimensions);
            }
            if (tsne == null) {
                throw new IllegalArgumentException("t-SNE settings are required");
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Config config() {
        return config;
    }

    /**
     * Computes (or reads from the cache) the weights of {@code pool}'s augmentations for these
     * inliers.
     *
     * @param inliers the inlier set (not modified)
     * @param pool the hard augmentations
     * @param psi the feature extractor
     */
    public AugmentationReport weigh(ImageSet inliers, AugmentationPool pool, FeatureExtractor psi) {
        if (inliers.size() < 2) {
            throw new EmptyDataException("AutoAugOOD needs at least 2 inlier images, got " + inliers.size());
        }
        try (ImageSet x = inliers.atMost(config.maxImages(), config.seed())) {
            String featureKey = sha256(x.fingerprint(), pool.toString(), psi.id(), Long.toString(config.seed()));
            String reportKey = sha256(featureKey, Double.toString(config.temperature()), config.divergence().name(),
                    Integer.toString(config.pcaDimensions()), config.tsne().toString());
            Path reportFile = cacheFile("report-" + reportKey + ".json");
            if (reportFile != null && Files.isRegularFile(reportFile)) {
                try {
                    AugmentationReport cached = AugmentationReport.fromJson(Files.readString(reportFile));
                    if (cached != null && cached.entries().size() == pool.size()) {
                        return cached.fromCache();
                    }
                } catch (IOException | RuntimeException e) {
                    // a damaged cache entry is recomputed and rewritten
                }
            }
            long t0 = System.nanoTime();
            float[][] features = cachedFeatures(featureKey, x, pool, psi);
            long t1 = System.nanoTime();
            AugmentationReport r = analyse(features, pool, psi.description(), x.size(), (t1 - t0) / 1e9, reportKey);
            if (reportFile != null) {
                write(reportFile, r.toJson().getBytes(StandardCharsets.UTF_8));
            }
            return r;
        }
    }

    /** Rows of {@code features[s]} are set s's vectors: s = 0 the inliers, s = k + 1 augmentation k. */
    private float[][] cachedFeatures(String key, ImageSet x, AugmentationPool pool, FeatureExtractor psi) {
        Path file = cacheFile("features-" + key + ".f32");
        int sets = pool.size() + 1;
        if (file != null && Files.isRegularFile(file)) {
            try {
                ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
                int s = b.getInt();
                int len = b.getInt();
                if (s == sets && b.remaining() == 4L * s * len) {
                    float[][] f = new float[s][len];
                    for (float[] row : f) {
                        b.asFloatBuffer().get(row);
                        b.position(b.position() + 4 * len);
                    }
                    return f;
                }
            } catch (IOException e) {
                // recompute
            }
        }
        float[][] f = computeFeatures(x, pool, psi);
        if (file != null) {
            ByteBuffer b = ByteBuffer.allocate(8 + 4 * sets * f[0].length).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(sets).putInt(f[0].length);
            for (float[] row : f) {
                b.asFloatBuffer().put(row);
                b.position(b.position() + 4 * row.length);
            }
            write(file, b.array());
        }
        return f;
    }

    private float[][] computeFeatures(ImageSet x, AugmentationPool pool, FeatureExtractor psi) {
        List<Augmentation> augs = pool.augmentations();
        int sets = augs.size() + 1;
        List<float[]> parts = new ArrayList<>();
        for (int s = 0; s < sets; s++) {
            parts.add(null);
        }
        RandomSource[] streams = new RandomSource[augs.size()];
        RandomSource root = new RandomSource(config.seed());
        for (int k = 0; k < streams.length; k++) {
            streams[k] = root.split();
        }
        int batch = 256;
        List<List<float[]>> chunks = new ArrayList<>();
        for (int s = 0; s < sets; s++) {
            chunks.add(new ArrayList<>());
        }
        for (int from = 0; from < x.size(); from += batch) {
            int to = Math.min(x.size(), from + batch);
            try (NDManager scope = NDManager.newBaseManager(); Engines.GradMode g = Engines.noGrad()) {
                NDArray b = x.batch(from, to, scope);
                chunks.get(0).add(psi.extract(b).toFloatArray());
                for (int k = 0; k < augs.size(); k++) {
                    NDArray a = augs.get(k).apply(b, streams[k]);
                    chunks.get(k + 1).add(psi.extract(a).toFloatArray());
                }
            }
        }
        float[][] out = new float[sets][];
        for (int s = 0; s < sets; s++) {
            int len = chunks.get(s).stream().mapToInt(c -> c.length).sum();
            out[s] = new float[len];
            int pos = 0;
            for (float[] c : chunks.get(s)) {
                System.arraycopy(c, 0, out[s], pos, c.length);
                pos += c.length;
            }
        }
        return out;
    }

    private AugmentationReport analyse(float[][] features, AugmentationPool pool, String source, int n,
            double featureSeconds, String key) {
        int sets = features.length;
        int d = features[0].length / n;
        double[][][] rows = new double[sets][n][d];
        for (int s = 0; s < sets; s++) {
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < d; k++) {
                    rows[s][i][k] = features[s][i * d + k];
                }
            }
        }
        TSne1D.Options tsne = config.tsne().withSeed(config.seed());
        if (tsne.perplexity() * 3 >= sets * n) {
            tsne = tsne.withPerplexity(Math.max(1, (sets * n - 1) / 3.0));
        }
        DistributionShift.Report r = DistributionShift.measure(rows[0], java.util.Arrays.asList(rows).subList(1, sets),
                new DistributionShift.Options(config.pcaDimensions(), tsne, Kde.DEFAULT_POINTS, config.temperature(),
                        config.divergence()));
        List<AugmentationReport.Entry> entries = new ArrayList<>();
        List<String> names = pool.names();
        for (DistributionShift.Shift s : r.shifts()) {
            entries.add(new AugmentationReport.Entry(names.get(s.index()), s.divergence(), s.weight(),
                    s.placement().mean(), s.placement().sd()));
        }
        return new AugmentationReport(source, n, config.temperature(), r.original().mean(), entries, r.tsneKl(),
                featureSeconds, r.timings().total(), false, key, config.divergence());
    }

    private Path cacheFile(String name) {
        return config.cacheDirectory() == null ? null : config.cacheDirectory().resolve(name);
    }

    private static void write(Path file, byte[] bytes) {
        try {
            AtomicFiles.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the AutoAugOOD cache file " + file, e);
        }
    }

    static String sha256(String... parts) {
        return Hashing.sha256(parts).substring(0, 32);
    }

    /** The default cache directory: {@code $XDG_CACHE_HOME/unode/autoaugood} or {@code ~/.cache/unode/autoaugood}. */
    public static Path defaultCacheDirectory() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("unode").resolve("autoaugood");
    }

    /** Builder; defaults are METHOD 3's, caching in {@link #defaultCacheDirectory()}. */
    public static final class Builder {
        private int maxImages = 2000;
        private double temperature = 1;
        private Divergence divergence = Divergence.SYMMETRIC_KL;
        private int pcaDimensions = 50;
        private TSne1D.Options tsne = TSne1D.Options.defaults();
        private long seed = 1;
        private Path cacheDirectory = defaultCacheDirectory();

        private Builder() {}

        public Builder maxImages(int n) {
            this.maxImages = n;
            return this;
        }

        /**
         * Softmax temperature tau of METHOD 3.6 (default 1), in {@code [1e-6, 1e6]}.
         *
         * @throws IllegalArgumentException for a temperature outside that range, here rather than
         *     when the weights are first computed
         */
        public Builder temperature(double tau) {
            this.temperature = SoftmaxWeights.checkTemperature(tau);
            return this;
        }

        /** The divergence between the densities (default {@link Divergence#SYMMETRIC_KL}, eq. 7 without a floor). */
        public Builder divergence(Divergence divergence) {
            this.divergence = java.util.Objects.requireNonNull(divergence, "divergence");
            return this;
        }

        public Builder pcaDimensions(int k) {
            this.pcaDimensions = k;
            return this;
        }

        public Builder tsne(TSne1D.Options tsne) {
            this.tsne = tsne;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Where to cache features and reports; null turns caching off. */
        public Builder cacheDirectory(Path dir) {
            this.cacheDirectory = dir;
            return this;
        }

        public AutoAugOOD build() {
            return new AutoAugOOD(new Config(maxImages, temperature, pcaDimensions, tsne, seed, cacheDirectory,
                    divergence));
        }
    }
}
