package io.github.unode.train;

import io.github.unode.core.EngineFaultException;
import io.github.unode.data.ImageSet;
import io.github.unode.data.ImageSets;
import io.github.unode.data.Split;
import io.github.unode.model.Backbone;
import io.github.unode.model.ConvolutionCheck;
import io.github.unode.score.NoveltyDetector;

/**
 * For {@link EngineGuardTest}: in a JVM whose environment the test chose, prints the engine
 * probe's verdict, then trains a detector at width 0.125 (8-channel convolutions) twice and
 * prints either the refusal or the novelty of the first test images of both fits.
 */
public final class EngineGuardProcess {
    private EngineGuardProcess() {}

    public static void main(String[] args) throws Exception {
        System.out.println("faulty=" + ConvolutionCheck.engineFaulty());
        try (ImageSet train = ImageSets.bundledFashionMnist(Split.TRAIN); ImageSet inliers = train.onlyLabel(1).first(80);
                ImageSet test = ImageSets.bundledFashionMnist(Split.TEST).first(40)) {
            for (int run = 0; run < 2; run++) {
                try (NoveltyDetector d = UnodeTrainer.builder().backbone(Backbone.resNet18(inliers.shape(), 0.125))
                        .batchSize(32).epochs(2).seed(5).build().fit(inliers)) {
                    float[] novelty = d.score(test).novelty();
                    StringBuilder line = new StringBuilder("novelty=");
                    for (float v : novelty) {
                        line.append(Float.floatToIntBits(v)).append(',');
                    }
                    System.out.println(line);
                } catch (EngineFaultException e) {
                    System.out.println("refused=" + e.getMessage());
                    return;
                }
            }
        }
    }
}
