package example;

import io.github.unode.core.ImageShape;
import io.github.unode.data.ImageSet;
import io.github.unode.data.ImageSets;
import io.github.unode.model.Backbone;
import io.github.unode.score.NoveltyDetector;
import io.github.unode.score.ScoreBatch;
import io.github.unode.train.TrainingListener;
import io.github.unode.train.UnodeTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Trains a detector on a folder of normal colour images, saves it, loads it back, scores a folder
 * of new images and prints the novel ones.
 *
 * <pre>java example.NovelImages NORMAL_DIR NEW_DIR DETECTOR_DIR [STEPS]</pre>
 */
public final class NovelImages {
    private NovelImages() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: NovelImages NORMAL_DIR NEW_DIR DETECTOR_DIR [STEPS]");
            System.exit(2);
        }
        Path normal = Path.of(args[0]);
        Path fresh = Path.of(args[1]);
        Path saved = Path.of(args[2]);
        int steps = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        ImageShape shape = ImageShape.rgb(32);

        try (ImageSet inliers = ImageSets.folder(normal, shape);
                NoveltyDetector detector = UnodeTrainer.builder()
                        .backbone(Backbone.resNet18(inliers.shape(), 0.125))
                        .steps(steps).batchSize(16).seed(7)
                        .listener(TrainingListener.slf4j()) // progress at INFO through this application's logging
                        .build()
                        .fit(inliers)) {
            detector.save(saved);
        }

        List<Path> files;
        try (Stream<Path> s = Files.list(fresh)) {
            files = s.filter(Files::isRegularFile).sorted().toList(); // the order ImageSets.folder reads a flat folder in
        }
        try (ImageSet images = ImageSets.folder(fresh, shape);
                NoveltyDetector again = NoveltyDetector.load(saved)) {
            ScoreBatch scores = again.score(images);
            System.out.printf("%d images, threshold %.4f:%n", scores.size(), again.threshold());
            for (int i = 0; i < scores.size(); i++) {
                if (scores.novel()[i]) {
                    System.out.printf("novel  %.4f  %s%n", scores.novelty()[i], files.get(i).getFileName());
                }
            }
            System.out.printf("%d of %d novel%n", scores.novelCount(), scores.size());
        }
    }
}
