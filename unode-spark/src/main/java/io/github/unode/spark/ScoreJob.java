package io.github.unode.spark;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The {@code spark-submit} job: scores a folder of images (or a table, or Parquet files with an
 * image column) with a saved detector and writes Parquet, one row per image with its path (or the
 * columns named by {@code --keep}), its scores, the verdict and the reason when it could not be
 * read.
 *
 * <pre>
 * spark-submit --class io.github.unode.spark.ScoreJob unode-spark-0.1.0-SNAPSHOT-job.jar \
 *     --detector /shared/bottle-detector --images /shared/line-7 --output /shared/line-7-scores.parquet
 * </pre>
 *
 * Exit status 0 when the output was written, 2 for bad arguments (the message says which), 1 for
 * any other failure.
 */
public final class ScoreJob {
    private ScoreJob() {}

    static final String USAGE = """
            usage: spark-submit --class io.github.unode.spark.ScoreJob unode-spark-<version>-job.jar
                     --detector DIR  (--images DIR | --table NAME | --parquet PATH)  --output PATH
                     [--input-col COL] [--keep COL,...] [--batch-size N] [--engine-threads N]
                     [--partitions N] [--threshold T]
              --detector DIR      a saved unode detector every executor can read (local path, file:, hdfs:, s3a:)
              --images DIR        a folder of PNG/JPEG/BMP/GIF files, sub-folders included (column 'content')
              --table NAME        a table of the session's catalog with an image column
              --parquet PATH      Parquet files with an image column
              --output PATH       where the Parquet scores go; must not exist
              --input-col COL     the image column (default: content for --images, image otherwise)
              --keep COL,...      input columns copied to the output (default: path for --images)
              --batch-size N      images per scoring call on a partition (default 256)
              --engine-threads N  libtorch threads per task (default 1: one per Spark core)
              --partitions N      repartition the input into N partitions first
              --threshold T       the verdict's threshold (default: the detector's calibrated one)
            """;

    /** Arguments, parsed. */
    record Args(String detector, String images, String table, String parquet, String output, String inputCol,
            List<String> keep, int batchSize, int engineThreads, int partitions, Double threshold) {

        static Args parse(String[] a) {
            String detector = null;
            String images = null;
            String table = null;
            String parquet = null;
            String output = null;
            String inputCol = null;
            List<String> keep = null;
            int batch = 256;
            int threads = 1;
            int partitions = 0;
            Double threshold = null;
            for (int i = 0; i < a.length; i++) {
                String flag = a[i];
                if (flag.equals("--help") || flag.equals("-h")) {
                    throw new IllegalArgumentException("");
                }
                if (i + 1 >= a.length) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                String v = a[++i];
                switch (flag) {
                    case "--detector" -> detector = v;
                    case "--images" -> images = v;
                    case "--table" -> table = v;
                    case "--parquet" -> parquet = v;
                    case "--output" -> output = v;
                    case "--input-col" -> inputCol = v;
                    case "--keep" -> keep = List.of(v.split(","));
                    case "--batch-size" -> batch = positive(flag, v, 1);
                    case "--engine-threads" -> threads = positive(flag, v, 0);
                    case "--partitions" -> partitions = positive(flag, v, 1);
                    case "--threshold" -> threshold = number(flag, v);
                    default -> throw new IllegalArgumentException("unknown option " + flag);
                }
            }
            if (detector == null) {
                throw new IllegalArgumentException("--detector is required");
            }
            if (output == null) {
                throw new IllegalArgumentException("--output is required");
            }
            int sources = (images == null ? 0 : 1) + (table == null ? 0 : 1) + (parquet == null ? 0 : 1);
            if (sources != 1) {
                throw new IllegalArgumentException("give exactly one of --images, --table and --parquet");
            }
            if (inputCol == null) {
                inputCol = images != null ? "content" : "image";
            }
            if (keep == null) {
                keep = images != null ? List.of("path") : List.of();
            }
            return new Args(detector, images, table, parquet, output, inputCol, keep, batch, threads, partitions,
                    threshold);
        }

        private static int positive(String flag, String v, int min) {
            try {
                int n = Integer.parseInt(v);
                if (n >= min) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // below
            }
            throw new IllegalArgumentException(flag + " must be an integer >= " + min + ", got '" + v + "'");
        }

        private static double number(String flag, String v) {
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + " must be a number, got '" + v + "'");
            }
        }
    }

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Runs the job in the active (or a new) Spark session; returns the exit status. */
    static int run(String[] argv, PrintStream out, PrintStream err) {
        return run(argv, out, err, true);
    }

    /** As {@link #run(String[], PrintStream, PrintStream)}, leaving the session running if asked (tests). */
    static int run(String[] argv, PrintStream out, PrintStream err, boolean stopSession) {
        Args a;
        try {
            a = Args.parse(argv);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                err.println("error: " + e.getMessage());
            }
            err.print(USAGE);
            return e.getMessage().isEmpty() ? 0 : 2;
        }
        SparkSession spark = SparkSession.builder().appName("unode-score").getOrCreate();
        try {
            long t0 = System.nanoTime();
            Dataset<Row> input = read(spark, a);
            if (a.partitions() > 0) {
                input = input.repartition(a.partitions());
            }
            NoveltyTransformer t = new NoveltyTransformer().setDetectorPath(a.detector()).setInputCol(a.inputCol())
                    .setBatchSize(a.batchSize()).setEngineThreads(a.engineThreads());
            if (a.threshold() != null) {
                t.setThreshold(a.threshold());
            }
            Dataset<Row> scored = t.transform(input);
            List<Column> cols = new ArrayList<>();
            for (String k : a.keep()) {
                cols.add(functions.col(k));
            }
            for (String c : List.of("novelty", "similarity", "binaryLogOdds", "pixelSimilarity", "novel", "reason")) {
                cols.add(functions.col(c));
            }
            Dataset<Row> result = scored.select(cols.toArray(Column[]::new));
            result.write().mode(SaveMode.ErrorIfExists).parquet(a.output());
            Row summary = spark.read().parquet(a.output()).agg(functions.count(functions.lit(1)),
                    functions.count(functions.col("novelty")), functions.sum(functions.when(functions.col("novel"), 1)
                            .otherwise(0))).first();
            long rows = summary.getLong(0);
            long ok = summary.getLong(1);
            long novel = summary.isNullAt(2) ? 0 : summary.getLong(2);
            out.printf(Locale.ROOT, "scored %d of %d images (%d unreadable, see 'reason'), %d novel; wrote %s in %.1f s%n",
                    ok, rows, rows - ok, novel, a.output(), (System.nanoTime() - t0) / 1e9);
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            if (e instanceof org.apache.spark.sql.AnalysisException) { // a missing table, path or column
                err.println("error: " + e.getMessage());
                return 2;
            }
            throw e;
        } finally {
            if (stopSession) {
                spark.stop();
            }
        }
    }

    private static Dataset<Row> read(SparkSession spark, Args a) {
        if (a.images() != null) {
            return spark.read().format("binaryFile").option("recursiveFileLookup", "true")
                    .option("pathGlobFilter", "*.{png,PNG,jpg,JPG,jpeg,JPEG,bmp,BMP,gif,GIF}").load(a.images());
        }
        if (a.table() != null) {
            return spark.table(a.table());
        }
        return spark.read().parquet(a.parquet());
    }
}
