package io.github.unode.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import io.github.unode.data.ImageSet;
import io.github.unode.data.ImageSets;
import io.github.unode.data.Split;
import io.github.unode.model.Backbone;
import io.github.unode.model.UnodeModel;
import io.github.unode.score.Calibrator;
import io.github.unode.score.NoveltyDetector;
import io.github.unode.score.NoveltyScorer;
import io.github.unode.score.Provenance;
import io.github.unode.score.ScoreBatch;
import io.github.unode.score.ScoreRecipe;
import io.github.unode.score.ScoreSpace;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transformer and the job in Spark's local mode ({@code local[2]}, one session for the
 * class) with the real engine, on images of the bundled Fashion-MNIST subset: every score equals
 * {@code NoveltyDetector.score} on the same images bit for bit, whatever the partitions and
 * batches; bad rows are reported in the row; the transformer saves and loads in a Pipeline; bad
 * params fail with messages naming them. Everything runs at one engine thread (the main thread's
 * reference and the tasks', {@code engineThreads = 1}), as an executor with one engine thread per
 * Spark core would.
 */
class SparkScoringTest {
    static final int IMAGES = 37;

    @TempDir
    static Path dir;

    static SparkSession spark;
    static Path detector;
    static Path good;
    static Path all;
    /** the library's scores of the files in good/, by file name */
    static Map<String, ScoreBatch.Score> expected = new HashMap<>();
    static float[] pixels;
    static ScoreBatch reference;

    /** An untrained width-1/8 network with a bank of 60 bags: scoring costs what it costs. */
    @BeforeAll
    static void setUp() throws Exception {
        Engine.getEngine("PyTorch");
        JniUtils.setNumThreads(1);
        detector = dir.resolve("detector");
        try (ImageSet train = ImageSets.bundledFashionMnist(Split.TRAIN); ImageSet bags = train.onlyLabel(8);
                ImageSet some = bags.first(80); ImageSet.Partition parts = some.split(0.75, 1)) {
            Model model = Model.newInstance("spark-test");
            UnodeModel net = new UnodeModel(Backbone.resNet18(some.shape(), 0.125));
            net.initialize(model.getNDManager(), 1);
            model.setBlock(net);
            NoveltyScorer scorer = Calibrator.of(ScoreRecipe.of(ScoreSpace.FEATURES, 0.05)).calibrate(model,
                    parts.first(), parts.second());
            try (NoveltyDetector d = new NoveltyDetector(model, scorer, Map.of(), Provenance.now(1, "spark-test", "-",
                    some.size(), 0, Map.of()), null)) {
                d.save(detector);
            }
        }
        all = Files.createDirectories(dir.resolve("images"));
        good = Files.createDirectories(all.resolve("good"));
        Path bad = Files.createDirectories(all.resolve("bad"));
        try (ImageSet test = ImageSets.bundledFashionMnist(Split.TEST); ImageSet some = test.first(IMAGES)) {
            pixels = some.toFloatArray();
        }
        for (int i = 0; i < IMAGES; i++) {
            BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            for (int p = 0; p < 784; p++) {
                img.getRaster().setSample(p % 28, p / 28, 0, Math.round(pixels[i * 784 + p] * 255));
            }
            ImageIO.write(img, "png", good.resolve(String.format("img-%03d.png", i)).toFile());
        }
        // a colour image of another size: converted to grey and shrunk alike on both paths
        BufferedImage rgb = new BufferedImage(60, 60, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 60; y++) {
            for (int x = 0; x < 60; x++) {
                rgb.setRGB(x, y, (x * 4) << 16 | (y * 4) << 8 | ((x + y) * 2));
            }
        }
        ImageIO.write(rgb, "png", good.resolve("zz-colour.png").toFile());
        Files.write(bad.resolve("truncated.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0});
        Files.writeString(bad.resolve("not-an-image.jpg"), "hello");
        try (NoveltyDetector d = NoveltyDetector.load(detector);
                ImageSet files = ImageSets.folder(good, d.inputShape());
                ImageSet first = ImageSet.fromPixels(pixels, d.inputShape(), null, "test")) {
            ScoreBatch s = d.score(files);
            try (var names = Files.list(good)) {
                List<String> sorted = names.map(p -> p.getFileName().toString()).sorted().toList();
                assertThat(sorted).hasSize(IMAGES + 1);
                for (int i = 0; i < sorted.size(); i++) {
                    expected.put(sorted.get(i), s.get(i));
                }
            }
            reference = d.score(first);
        }
        spark = SparkSession.builder().master("local[2]").appName("unode-spark-test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
    }

    @AfterAll
    static void tearDown() {
        if (spark != null) {
            spark.stop();
        }
    }

    static NoveltyTransformer transformer() {
        return new NoveltyTransformer().setDetectorPath(detector.toString()).setEngineThreads(1);
    }

    static String name(Row r) {
        String p = r.getString(r.fieldIndex("path"));
        return p.substring(p.lastIndexOf('/') + 1);
    }

    static void assertSameScore(Row r, ScoreBatch.Score want, String what) {
        assertThat(r.isNullAt(r.fieldIndex("reason"))).as(what).isTrue();
        assertThat(Float.floatToIntBits(r.getFloat(r.fieldIndex("novelty")))).as("novelty of %s", what)
                .isEqualTo(Float.floatToIntBits(want.novelty()));
        assertThat(Float.floatToIntBits(r.getFloat(r.fieldIndex("similarity")))).as("similarity of %s", what)
                .isEqualTo(Float.floatToIntBits(want.similarity()));
        assertThat(Float.floatToIntBits(r.getFloat(r.fieldIndex("binaryLogOdds")))).as("O_bin of %s", what)
                .isEqualTo(Float.floatToIntBits(want.binaryLogOdds()));
        assertThat(r.isNullAt(r.fieldIndex("pixelSimilarity"))).as("no pixel term: null").isTrue();
        assertThat(r.getBoolean(r.fieldIndex("novel"))).as("verdict of %s", what).isEqualTo(want.novel());
    }

    @Test
    void binaryFileRowsScoreAsTheLibraryDoesAndBadFilesAreReported() {
        Dataset<Row> files = spark.read().format("binaryFile").option("recursiveFileLookup", "true").load(all.toString())
                .repartition(5);
        List<Row> rows = transformer().setInputCol("content").setBatchSize(7).transform(files).collectAsList();
        assertThat(rows).hasSize(IMAGES + 3);
        int scored = 0;
        for (Row r : rows) {
            String n = name(r);
            if (expected.containsKey(n)) {
                assertSameScore(r, expected.get(n), n);
                scored++;
            } else {
                assertThat(r.isNullAt(r.fieldIndex("novelty"))).as(n).isTrue();
                assertThat(r.isNullAt(r.fieldIndex("novel"))).as(n).isTrue();
                assertThat(r.getString(r.fieldIndex("reason"))).as(n)
                        .containsAnyOf("cannot be decoded", "is not an image javax.imageio can decode");
            }
        }
        assertThat(scored).isEqualTo(IMAGES + 1);
        assertThat(expected.values().stream().filter(ScoreBatch.Score::novel).count()).as("both verdicts occur")
                .isBetween(1L, (long) IMAGES);
        assertThat(NoveltyTransformer.detectorLoads()).as("one load in this JVM, 5 partitions").isEqualTo(1);
    }

    @Test
    void imageSourceRowsScoreAsTheLibraryDoesAndInvalidRowsAreReported() {
        Dataset<Row> images = spark.read().format("image").option("recursiveFileLookup", "true").load(all.toString())
                .repartition(3);
        List<Row> rows = transformer().setBatchSize(5).transform(images).collectAsList();
        assertThat(rows).hasSize(IMAGES + 3);
        int invalid = 0;
        for (Row r : rows) {
            Row img = r.getStruct(r.fieldIndex("image"));
            String origin = img.getString(img.fieldIndex("origin"));
            String n = origin.substring(origin.lastIndexOf('/') + 1);
            if (expected.containsKey(n)) {
                assertSameScore(r, expected.get(n), n);
            } else {
                assertThat(r.isNullAt(r.fieldIndex("novelty"))).isTrue();
                assertThat(r.getString(r.fieldIndex("reason"))).startsWith("Spark's image source could not decode "
                        + origin);
                invalid++;
            }
        }
        assertThat(invalid).isEqualTo(2);
        assertThat(NoveltyTransformer.detectorLoads()).isEqualTo(1);
    }

    @Test
    void pixelArraysScoreAsTheLibraryDoesAndBadArraysAreReported() {
        StructType schema = new StructType().add("id", DataTypes.IntegerType)
                .add("pixels", DataTypes.createArrayType(DataTypes.FloatType, true));
        List<Row> in = new ArrayList<>();
        for (int i = 0; i < IMAGES; i++) {
            List<Float> v = new ArrayList<>(784);
            for (int p = 0; p < 784; p++) {
                v.add(pixels[i * 784 + p]);
            }
            in.add(RowFactory.create(i, v));
        }
        List<Float> tooShort = new ArrayList<>(List.of(0.5f, 0.5f));
        List<Float> outOfRange = new ArrayList<>(java.util.Collections.nCopies(784, 0.5f));
        outOfRange.set(3, 2f);
        in.add(RowFactory.create(100, tooShort));
        in.add(RowFactory.create(101, outOfRange));
        in.add(RowFactory.create(102, null));
        Dataset<Row> df = spark.createDataFrame(in, schema).repartition(4);
        Map<Integer, Row> byId = new HashMap<>();
        for (Row r : transformer().setInputCol("pixels").setBatchSize(3).transform(df).collectAsList()) {
            byId.put(r.getInt(0), r);
        }
        for (int i = 0; i < IMAGES; i++) {
            assertSameScore(byId.get(i), reference.get(i), "image " + i);
        }
        assertThat(byId.get(100).getString(byId.get(100).fieldIndex("reason")))
                .isEqualTo("2 pixel values; this detector scores images of 1x28x28 (784 values, channel-major)");
        assertThat(byId.get(101).getString(byId.get(101).fieldIndex("reason"))).startsWith("pixel 3 is 2.0;");
        assertThat(byId.get(102).getString(byId.get(102).fieldIndex("reason"))).isEqualTo("no image: the value is null");
        for (int id : new int[] {100, 101, 102}) {
            assertThat(byId.get(id).isNullAt(byId.get(id).fieldIndex("novelty"))).isTrue();
        }
    }

    @Test
    void theTransformerSavesAndLoadsInsideAPipeline() throws Exception {
        Dataset<Row> files = spark.read().format("binaryFile").load(good.toString());
        NoveltyTransformer t = transformer().setInputCol("content").setBatchSize(9).setThreshold(0.25)
                .setNovelCol("flagged");
        PipelineModel model = new Pipeline().setStages(new PipelineStage[] {t}).fit(files);
        String saved = dir.resolve("pipeline").toString();
        model.write().save(saved);
        PipelineModel again = PipelineModel.load(saved);
        NoveltyTransformer loaded = (NoveltyTransformer) again.stages()[0];
        assertThat(loaded.uid()).isEqualTo(t.uid());
        assertThat(loaded.getDetectorPath()).isEqualTo(detector.toString());
        assertThat(loaded.getInputCol()).isEqualTo("content");
        assertThat(loaded.getBatchSize()).isEqualTo(9);
        assertThat(loaded.getEngineThreads()).isEqualTo(1);
        assertThat(loaded.getThreshold()).isEqualTo(0.25);
        assertThat(loaded.getOrDefault(loaded.novelCol())).isEqualTo("flagged");
        List<Row> rows = again.transform(files).collectAsList();
        assertThat(rows).hasSize(IMAGES + 1);
        for (Row r : rows) {
            ScoreBatch.Score want = expected.get(name(r));
            assertThat(r.getFloat(r.fieldIndex("novelty"))).isEqualTo(want.novelty());
            assertThat(r.getBoolean(r.fieldIndex("flagged"))).isEqualTo(want.novelty() > 0.25);
        }
        // alone, too
        String alone = dir.resolve("transformer").toString();
        t.write().save(alone);
        assertThat(NoveltyTransformer.load(alone).getBatchSize()).isEqualTo(9);
    }

    @Test
    void badParamsFailWithMessagesThatNameThem() {
        Dataset<Row> files = spark.read().format("binaryFile").load(good.toString());
        assertThatThrownBy(() -> transformer().setBatchSize(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batchSize").hasMessageContaining("0");
        assertThatThrownBy(() -> transformer().setEngineThreads(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("engineThreads");
        assertThatThrownBy(() -> new NoveltyTransformer().setInputCol("content").transform(files))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("detectorPath is not set");
        assertThatThrownBy(() -> transformer().transform(files)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("inputCol 'image' is not a column").hasMessageContaining("content");
        assertThatThrownBy(() -> transformer().setInputCol("length").transform(files))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("column 'length' has type bigint");
        assertThatThrownBy(() -> transformer().setInputCol("content").setNoveltyCol("path").transform(files))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("output column 'path' already exists");
        assertThatThrownBy(() -> transformer().setInputCol("content").setNovelCol("novelty").transform(files))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'novelty' is named twice");
        String missing = dir.resolve("no-detector").toString();
        assertThatThrownBy(() -> transformer().setInputCol("content").setDetectorPath(missing).transform(files))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(missing + ": no such directory");
        assertThatThrownBy(() -> transformer().setInputCol("content").setDetectorPath(good.toString()).transform(files))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a unode detector");
    }

    @Test
    void theJobWritesParquetWhoseScoresAreTheLibrarys() {
        String out = dir.resolve("scores.parquet").toString();
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int rc = ScoreJob.run(new String[] {"--detector", detector.toString(), "--images", all.toString(), "--output",
                out, "--partitions", "3", "--batch-size", "16"}, new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8), false);
        assertThat(rc).as(e.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(o.toString(StandardCharsets.UTF_8)).startsWith("scored " + (IMAGES + 1) + " of " + (IMAGES + 3)
                + " images (2 unreadable, see 'reason')");
        List<Row> rows = spark.read().parquet(out).collectAsList();
        assertThat(rows).hasSize(IMAGES + 3);
        assertThat(spark.read().parquet(out).columns()).containsExactly("path", "novelty", "similarity",
                "binaryLogOdds", "pixelSimilarity", "novel", "reason");
        for (Row r : rows) {
            if (expected.containsKey(name(r))) {
                assertSameScore(r, expected.get(name(r)), name(r));
            } else {
                assertThat(r.getString(r.fieldIndex("reason"))).isNotNull();
            }
        }
        ByteArrayOutputStream e2 = new ByteArrayOutputStream();
        assertThat(ScoreJob.run(new String[] {"--detector", detector.toString(), "--output", out}, System.out,
                new PrintStream(e2, true, StandardCharsets.UTF_8), false)).isEqualTo(2);
        assertThat(e2.toString(StandardCharsets.UTF_8)).startsWith(
                "error: give exactly one of --images, --table and --parquet").contains("usage:");
        assertThat(ScoreJob.run(new String[] {"--detector", detector.toString(), "--images", all.toString(),
                "--output", out}, System.out, new PrintStream(e2, true, StandardCharsets.UTF_8), false))
                .as("an existing output is refused").isEqualTo(2);
        assertThat(e2.toString(StandardCharsets.UTF_8)).contains("already exists");
        assertThat(NoveltyTransformer.detectorLoads()).isEqualTo(1);
    }
}
