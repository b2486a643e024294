package io.github.unode.score;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.unode.core.ImageShape;
import io.github.unode.core.RandomSource;
import io.github.unode.data.ImageSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A loaded detector shared by 8 threads gives exactly the sequential scores. */
class ConcurrencyTest {

    @Test
    void eightThreadsScoreExactlyAsOne(@TempDir Path tmp) throws Exception {
        try (NoveltyDetector d = NoveltyDetectorTest.detector(ScoreSpace.FEATURES)) {
            d.save(tmp.resolve("det"));
        }
        int threads = 8;
        List<ImageSet> sets = new ArrayList<>();
        try (NoveltyDetector d = NoveltyDetector.load(tmp.resolve("det"))) {
            for (int t = 0; t < threads; t++) {
                sets.add(ImageSet.fromPixels(new RandomSource(100 + t).uniforms(300 * 256), ImageShape.grey(16), null,
                        "set " + t));
            }
            List<float[]> sequential = new ArrayList<>();
            for (ImageSet s : sets) {
                sequential.add(d.score(s).novelty());
            }
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<List<float[]>>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int first = t;
                    futures.add(pool.submit(() -> {
                        start.await();
                        List<float[]> out = new ArrayList<>();
                        // each thread scores every set, starting from a different one, three times
                        for (int round = 0; round < 3; round++) {
                            for (int k = 0; k < threads; k++) {
                                out.add(d.score(sets.get((first + k) % threads)).novelty());
                            }
                        }
                        return out;
                    }));
                }
                start.countDown();
                for (int t = 0; t < threads; t++) {
                    List<float[]> got = futures.get(t).get();
                    for (int i = 0; i < got.size(); i++) {
                        assertThat(got.get(i)).containsExactly(sequential.get((t + i) % threads));
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        } finally {
            sets.forEach(ImageSet::close);
        }
    }
}
