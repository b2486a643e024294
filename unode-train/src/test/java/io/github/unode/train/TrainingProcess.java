package io.github.unode.train;

import io.github.unode.data.ImageSet;
import io.github.unode.data.ImageSets;
import io.github.unode.data.Split;
import io.github.unode.model.Backbone;
import io.github.unode.score.NoveltyDetector;
import java.nio.file.Path;

/**
 * A training run in its own process, for {@link CheckpointResumeTest}: trains on the bundled
 * trousers with a checkpoint directory and saves the detector.
 *
 * <p>Arguments: checkpoint directory, output directory, epochs.
 */
public final class TrainingProcess {
    private TrainingProcess() {}

    static TrainerBuilder recipe(int epochs) {
        return UnodeTrainer.builder().backbone(Backbone.resNet18(io.github.unode.core.ImageShape.grey(28), 0.125))
                .batchSize(32).epochs(epochs).seed(11);
    }

    static ImageSet inliers(ImageSet train) {
        return train.onlyLabel(1).first(320);
    }

    public static void main(String[] args) throws Exception {
        Path checkpoint = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int epochs = Integer.parseInt(args[2]);
        try (ImageSet train = ImageSets.bundledFashionMnist(Split.TRAIN); ImageSet inliers = inliers(train);
                NoveltyDetector d = recipe(epochs).checkpointDirectory(checkpoint)
                        .listener(TrainingListener.logging(System.out)).build().fit(inliers)) {
            d.save(out);
        }
        System.out.println("finished");
    }
}
