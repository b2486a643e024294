package io.github.unode.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.unode.data.ImageSet;
import io.github.unode.data.ImageSets;
import io.github.unode.data.Split;
import io.github.unode.eval.metrics.Metrics;
import io.github.unode.model.Backbone;
import io.github.unode.score.NoveltyDetector;
import io.github.unode.score.ScoreBatch;
import io.github.unode.train.TrainingListener;
import io.github.unode.train.UnodeTrainer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example of docs/user-guide.md, run as a test so that the documentation stays true. */
class QuickstartTest {

    @Test
    void quickstart(@TempDir Path tmp) throws Exception {
        Path saved = tmp.resolve("trouser-detector");
        float[] before;
        try (ImageSet train = ImageSets.bundledFashionMnist(Split.TRAIN);
                ImageSet inliers = train.onlyLabel(1);
                ImageSet test = ImageSets.bundledFashionMnist(Split.TEST);
                NoveltyDetector detector = UnodeTrainer.builder()
                        .backbone(Backbone.resNet18(inliers.shape(), 0.25))
                        .epochs(3).batchSize(32).seed(7)
                        .listener(TrainingListener.logging())
                        .build()
                        .fit(inliers)) {
            ScoreBatch scores = detector.score(test);
            detector.save(saved);
            before = scores.novelty();

            boolean[] novel = new boolean[test.size()];
            double[] s = new double[test.size()];
            for (int i = 0; i < novel.length; i++) {
                novel[i] = test.label(i) != 1;
                s[i] = scores.novelty()[i];
            }
            // trousers are easy to tell apart: a short run already separates them well
            assertThat(Metrics.auroc(s, novel)).isGreaterThan(0.9);
            assertThat(scores.novelCount()).isGreaterThan(test.size() / 2);
        }
        try (NoveltyDetector again = NoveltyDetector.load(saved);
                ImageSet test = ImageSets.bundledFashionMnist(Split.TEST)) {
            assertThat(again.score(test).novelty()).containsExactly(before);
        }
    }
}
