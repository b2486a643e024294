package io.github.unode.spark;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Scores a column of images with a saved unode detector: a Spark ML {@link Transformer} that adds
 * the novelty, its parts and the verdict to every row.
 *
 * <pre>{@code
 * Dataset<Row> images = spark.read().format("binaryFile").load("hdfs:///line-7/2026-12-01");
 * Dataset<Row> scored = new NoveltyTransformer()
 *         .setDetectorPath("hdfs:///models/bottle-detector")   // a saved detector directory
 *         .setInputCol("content")                               // PNG/JPEG bytes
 *         .transform(images);                                    // + novelty, ..., novel, reason
 * }</pre>
 *
 * <p>The input column is Spark's {@code image} struct ({@code spark.read().format("image")}),
 * encoded image bytes (PNG, JPEG, BMP, GIF: {@code binaryFile}'s {@code content}) or pixels
 * ({@code array<float>} or {@code array<double>} of {@code C x H x W} values in [0, 1]). Images
 * are converted to the detector's input shape as {@code ImageSets.folder} converts files (channels,
 * then size), so a file scores the same here as through the library. Added columns (names are
 * params): {@code novelty}, {@code similarity} (O_sim), {@code binaryLogOdds} (O_bin),
 * {@code pixelSimilarity} (O_pix, null without a pixel term), {@code novel} (novelty above the
 * detector's calibrated threshold, or {@link #threshold()} when set), all floats but the boolean;
 * and {@code reason}: null for a scored row, else why its image could not be read, with the
 * scores null. One bad row never fails the job.
 *
 * <p>The detector is loaded once per executor JVM and shared by its tasks
 * ({@link DetectorCache}); each partition is decoded and scored in batches of
 * {@link #batchSize()} rows. A row's scores do not depend on its batch or partition: they equal
 * {@code NoveltyDetector.score} on the same images, bit for bit, on the same machine and thread
 * count. {@link #engineThreads()} sets libtorch's intra-op threads on each task's thread, so that
 * an executor with {@code spark.executor.cores = C} and {@code engineThreads = T} keeps C x T
 * threads busy: make it the executor's cores (T = 1 with C = cores, the default tested here).
 *
 * <p>Saved and loaded with its params by Spark ML's default persistence, alone or in a
 * {@code Pipeline}: the detector itself is referenced by its path, not copied.
 */
public final class NoveltyTransformer extends Transformer implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;

    private final Param<String> inputCol;
    private final Param<String> detectorPath;
    private final IntParam batchSize;
    private final IntParam engineThreads;
    private final DoubleParam threshold;
    private final Param<String> noveltyCol;
    private final Param<String> similarityCol;
    private final Param<String> binaryLogOddsCol;
    private final Param<String> pixelSimilarityCol;
    private final Param<String> novelCol;
    private final Param<String> reasonCol;

    /** A transformer with a new random uid. */
    public NoveltyTransformer() {
        this(Identifiable.randomUID("unodeNovelty"));
    }

    /** A transformer with the given uid (Spark ML's persistence calls this). */
    public NoveltyTransformer(String uid) {
        this.uid = uid; // before the params: each takes its parent's uid
        inputCol = new Param<>(this, "inputCol",
                "the image column: Spark's image struct, encoded image bytes, or array<float|double> pixels");
        detectorPath = new Param<>(this, "detectorPath",
                "the saved unode detector directory, a path every executor can read (local, file:, hdfs:, s3a:, ...)");
        batchSize = new IntParam(this, "batchSize",
                "images decoded and scored together on a partition (>= 1)", ParamValidators.gtEq(1));
        engineThreads = new IntParam(this, "engineThreads",
                "libtorch intra-op threads per task (0 leaves the engine's setting)", ParamValidators.gtEq(0));
        threshold = new DoubleParam(this, "threshold",
                "the novelty above which a row is novel (NaN: the detector's calibrated threshold)");
        noveltyCol = new Param<>(this, "noveltyCol", "output column of the novelty");
        similarityCol = new Param<>(this, "similarityCol", "output column of O_sim");
        binaryLogOddsCol = new Param<>(this, "binaryLogOddsCol", "output column of O_bin");
        pixelSimilarityCol = new Param<>(this, "pixelSimilarityCol",
                "output column of O_pix (null without a pixel term)");
        novelCol = new Param<>(this, "novelCol", "output column of the verdict");
        reasonCol = new Param<>(this, "reasonCol",
                "output column of why an image could not be scored (null when it was)");
        setDefault(inputCol, "image");
        setDefault(batchSize, 256);
        setDefault(engineThreads, 0);
        setDefault(threshold, Double.NaN);
        setDefault(noveltyCol, "novelty");
        setDefault(similarityCol, "similarity");
        setDefault(binaryLogOddsCol, "binaryLogOdds");
        setDefault(pixelSimilarityCol, "pixelSimilarity");
        setDefault(novelCol, "novel");
        setDefault(reasonCol, "reason");
    }

    @Override
    public String uid() {
        return uid;
    }

    // the params, as Spark ML finds them (public methods without arguments returning a Param)

    /** The image column (default {@code image}). */
    public Param<String> inputCol() {
        return inputCol;
    }

    /** The detector's directory (no default: required). */
    public Param<String> detectorPath() {
        return detectorPath;
    }

    /** Rows per scoring call on a partition (default 256, as {@code NoveltyDetector.score}). */
    public IntParam batchSize() {
        return batchSize;
    }

    /** libtorch intra-op threads per task (default 0: leave them). */
    public IntParam engineThreads() {
        return engineThreads;
    }

    /** The verdict's threshold (default NaN: the detector's calibrated one). */
    public DoubleParam threshold() {
        return threshold;
    }

    public Param<String> noveltyCol() {
        return noveltyCol;
    }

    public Param<String> similarityCol() {
        return similarityCol;
    }

    public Param<String> binaryLogOddsCol() {
        return binaryLogOddsCol;
    }

    public Param<String> pixelSimilarityCol() {
        return pixelSimilarityCol;
    }

    public Param<String> novelCol() {
        return novelCol;
    }

    public Param<String> reasonCol() {
        return reasonCol;
    }

    public NoveltyTransformer setInputCol(String value) {
        set(inputCol, value);
        return this;
    }

    public NoveltyTransformer setDetectorPath(String value) {
        set(detectorPath, value);
        return this;
    }

    public NoveltyTransformer setBatchSize(int value) {
        set(batchSize, value);
        return this;
    }

    public NoveltyTransformer setEngineThreads(int value) {
        set(engineThreads, value);
        return this;
    }

    public NoveltyTransformer setThreshold(double value) {
        set(threshold, value);
        return this;
    }

    public NoveltyTransformer setNoveltyCol(String value) {
        set(noveltyCol, value);
        return this;
    }

    public NoveltyTransformer setNovelCol(String value) {
        set(novelCol, value);
        return this;
    }

    public NoveltyTransformer setReasonCol(String value) {
        set(reasonCol, value);
        return this;
    }

    public String getInputCol() {
        return getOrDefault(inputCol);
    }

    public String getDetectorPath() {
        return isDefined(detectorPath) ? getOrDefault(detectorPath) : null;
    }

    public int getBatchSize() {
        return (Integer) getOrDefault(batchSize);
    }

    public int getEngineThreads() {
        return (Integer) getOrDefault(engineThreads);
    }

    public double getThreshold() {
        return (Double) getOrDefault(threshold);
    }

    /** How many detectors this JVM has loaded ({@link DetectorCache#loads()}). */
    public static int detectorLoads() {
        return DetectorCache.loads();
    }

    private List<String> outputColumns() {
        return List.of(getOrDefault(noveltyCol), getOrDefault(similarityCol), getOrDefault(binaryLogOddsCol),
                getOrDefault(pixelSimilarityCol), getOrDefault(novelCol), getOrDefault(reasonCol));
    }

    @Override
    public StructType transformSchema(StructType schema) {
        String in = getInputCol();
        if (!List.of(schema.fieldNames()).contains(in)) {
            throw new IllegalArgumentException("inputCol '" + in + "' is not a column of the data (its columns: "
                    + String.join(", ", schema.fieldNames()) + "); setInputCol names the image column");
        }
        ImageColumn.of(in, schema.apply(in).dataType());
        if (getDetectorPath() == null || getDetectorPath().isBlank()) {
            throw new IllegalArgumentException("detectorPath is not set: setDetectorPath(dir) names the saved unode "
                    + "detector, a directory every executor can read");
        }
        Set<String> seen = new HashSet<>();
        for (String c : outputColumns()) {
            if (c == null || c.isBlank()) {
                throw new IllegalArgumentException("output column names must not be empty");
            }
            if (!seen.add(c)) {
                throw new IllegalArgumentException("output column '" + c + "' is named twice; give each output its own");
            }
            if (List.of(schema.fieldNames()).contains(c)) {
                throw new IllegalArgumentException("output column '" + c + "' already exists in the data; drop it "
                        + "or choose another name with its set...Col");
            }
        }
        List<String> out = outputColumns();
        StructField[] fields = schema.fields();
        StructField[] all = java.util.Arrays.copyOf(fields, fields.length + 6);
        all[fields.length] = DataTypes.createStructField(out.get(0), DataTypes.FloatType, true);
        all[fields.length + 1] = DataTypes.createStructField(out.get(1), DataTypes.FloatType, true);
        all[fields.length + 2] = DataTypes.createStructField(out.get(2), DataTypes.FloatType, true);
        all[fields.length + 3] = DataTypes.createStructField(out.get(3), DataTypes.FloatType, true);
        all[fields.length + 4] = DataTypes.createStructField(out.get(4), DataTypes.BooleanType, true);
        all[fields.length + 5] = DataTypes.createStructField(out.get(5), DataTypes.StringType, true);
        return new StructType(all);
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType out = transformSchema(dataset.schema());
        String path = getDetectorPath();
        requireDetectorVisible(path);
        String in = getInputCol();
        ImageColumn kind = ImageColumn.of(in, dataset.schema().apply(in).dataType());
        PartitionScorer scorer = new PartitionScorer(path, dataset.schema().fieldIndex(in), kind, getBatchSize(),
                getEngineThreads(), getThreshold());
        return dataset.toDF().mapPartitions(scorer, Encoders.row(out));
    }

    /**
     * Fails early, on the driver, for an absolute local path that holds no detector (a typo
     * should not wait for the first task); other locations are left to the executors, which may
     * see files the driver does not (--archives, a node-local copy).
     */
    private static void requireDetectorVisible(String path) {
        URI uri;
        try {
            uri = URI.create(path.replace(" ", "%20"));
        } catch (IllegalArgumentException e) {
            return;
        }
        Path local = uri.getScheme() == null ? Path.of(path)
                : "file".equals(uri.getScheme()) ? Path.of(uri) : null;
        if (local == null || !local.isAbsolute()) {
            return;
        }
        if (!Files.isDirectory(local)) {
            throw new IllegalArgumentException("detectorPath " + path + ": no such directory (it must name a saved "
                    + "unode detector, NoveltyDetector.save or unode train -o)");
        }
        if (!Files.isRegularFile(local.resolve("manifest.json"))) {
            throw new IllegalArgumentException("detectorPath " + path + " is not a unode detector (it has no "
                    + "manifest.json)");
        }
    }

    @Override
    public NoveltyTransformer copy(ParamMap extra) {
        return (NoveltyTransformer) defaultCopy(extra);
    }

    /** Spark ML's reader of a saved transformer (what {@code Pipeline.load} calls by reflection). */
    public static MLReader<NoveltyTransformer> read() {
        return new DefaultParamsReader<>();
    }

    /** Loads a transformer saved with {@code write().save(path)}. */
    public static NoveltyTransformer load(String path) {
        return read().load(path);
    }

}
