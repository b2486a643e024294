package io.github.unode.benchmarks;

import io.github.unode.data.ImageSet;
import io.github.unode.data.ImageSets;
import io.github.unode.score.NoveltyDetector;
import io.github.unode.score.ScoreBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Checks the Parquet that {@code ScoreJob} wrote against the library: every row's novelty and
 * verdict against {@code NoveltyDetector.score} of the same folder (a flat one), bit for bit.
 * Exit status 0 when all match.
 *
 * <pre>
 * unode-benchmarks/scripts/bench SparkExampleCheck scores.parquet detector-dir images-dir
 * </pre>
 */
public final class SparkExampleCheck {
    private SparkExampleCheck() {}

    public static void main(String[] args) throws Exception {
        Path parquet = Path.of(args[0]);
        Path detector = Path.of(args[1]);
        Path images = Path.of(args[2]);
        java.util.Map<String, ScoreBatch.Score> want = new java.util.HashMap<>();
        try (NoveltyDetector d = NoveltyDetector.load(detector); ImageSet set = ImageSets.folder(images, d.inputShape());
                Stream<Path> s = Files.list(images)) {
            // the folder reader's order: sorted names of the image files
            List<String> names = s.map(p -> p.getFileName().toString())
                    .filter(f -> f.matches("(?i).*\\.(png|jpe?g|bmp|gif)")).sorted().toList();
            ScoreBatch b = d.score(set);
            for (int i = 0; i < names.size(); i++) {
                want.put(names.get(i), b.get(i));
            }
        }
        SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false").getOrCreate();
        try {
            List<Row> rows = spark.read().parquet(parquet.toString()).collectAsList();
            int equal = 0;
            int unreadable = 0;
            for (Row r : rows) {
                String p = r.getString(r.fieldIndex("path"));
                ScoreBatch.Score w = want.get(p.substring(p.lastIndexOf('/') + 1));
                if (r.isNullAt(r.fieldIndex("novelty"))) {
                    unreadable++;
                } else if (w != null && Float.floatToIntBits(w.novelty()) == Float.floatToIntBits(r.getFloat(
                        r.fieldIndex("novelty"))) && w.novel() == r.getBoolean(r.fieldIndex("novel"))) {
                    equal++;
                }
            }
            System.out.printf("%d rows in %s: %d scores and verdicts equal NoveltyDetector.score's bit for bit, "
                    + "%d unreadable; the library scored %d images%n", rows.size(), parquet, equal, unreadable, want.size());
            System.exit(equal == want.size() && equal + unreadable == rows.size() ? 0 : 1);
        } finally {
            spark.stop();
        }
    }
}
