package io.github.unode.spark;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import io.github.unode.core.ImageShape;
import io.github.unode.data.ImageSet;
import io.github.unode.score.NoveltyDetector;
import io.github.unode.score.ScoreBatch;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * What runs on the executors: one partition's rows in batches of {@code batchSize}, each batch
 * decoded and scored in one call of the shared detector ({@link DetectorCache}), rows passed on
 * with six more values. Serializable with the settings only; the detector stays on the executor.
 */
final class PartitionScorer implements MapPartitionsFunction<Row, Row>, Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * A batch of fewer images is padded to this many with copies of its last image: the network's
     * convolutions round a batch of one image differently from a larger one, and the scores must
     * not depend on where a partition happens to end. (The bank searches pad their queries
     * themselves; from 2 images up the forward pass gave the same bits in every batch tried.)
     */
    static final int MIN_FORWARD_BATCH = 4;

    private final String detectorPath;
    private final int inputField;
    private final ImageColumn kind;
    private final int batchSize;
    private final int engineThreads;
    private final double threshold;

    PartitionScorer(String detectorPath, int inputField, ImageColumn kind, int batchSize, int engineThreads,
            double threshold) {
        this.detectorPath = detectorPath;
        this.inputField = inputField;
        this.kind = kind;
        this.batchSize = batchSize;
        this.engineThreads = engineThreads;
        this.threshold = threshold;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        if (!rows.hasNext()) {
            return rows;
        }
        NoveltyDetector detector = DetectorCache.get(detectorPath);
        if (engineThreads > 0) {
            // libtorch's intra-op thread count belongs to the calling thread's OpenMP settings:
            // set it on this task's thread, every partition (a cheap call)
            Engine.getEngine("PyTorch");
            if (JniUtils.getNumThreads() != engineThreads) {
                JniUtils.setNumThreads(engineThreads);
            }
        }
        return new Iterator<>() {
            private final ArrayDeque<Row> ready = new ArrayDeque<>();

            @Override
            public boolean hasNext() {
                if (ready.isEmpty() && rows.hasNext()) {
                    scoreBatch(detector, rows, ready);
                }
                return !ready.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.poll();
            }
        };
    }

    private void scoreBatch(NoveltyDetector detector, Iterator<Row> rows, ArrayDeque<Row> out) {
        ImageShape shape = detector.inputShape();
        int px = shape.pixels();
        List<Row> batch = new ArrayList<>(batchSize);
        List<String> reasons = new ArrayList<>(batchSize);
        List<float[]> images = new ArrayList<>(batchSize);
        while (batch.size() < batchSize && rows.hasNext()) {
            Row r = rows.next();
            batch.add(r);
            try {
                images.add(kind.pixels(r, inputField, shape));
                reasons.add(null);
            } catch (ImageColumn.UnreadableImage e) {
                images.add(null);
                reasons.add(e.getMessage());
            }
        }
        int good = (int) images.stream().filter(i -> i != null).count();
        ScoreBatch scores = null;
        if (good > 0) {
            // the detector forwards in chunks of DEFAULT_BATCH: no chunk may be shorter either
            int n = Math.max(good, MIN_FORWARD_BATCH);
            int rem = n % NoveltyDetector.DEFAULT_BATCH;
            if (rem > 0 && rem < MIN_FORWARD_BATCH) {
                n += MIN_FORWARD_BATCH - rem;
            }
            float[] all = new float[n * px];
            int k = 0;
            float[] last = null;
            for (float[] img : images) {
                if (img != null) {
                    System.arraycopy(img, 0, all, k++ * px, px);
                    last = img;
                }
            }
            for (; k < n; k++) {
                System.arraycopy(last, 0, all, k * px, px);
            }
            try (ImageSet set = ImageSet.fromPixels(all, shape, null, "spark partition")) {
                scores = detector.score(set);
            }
        }
        int k = 0;
        for (int i = 0; i < batch.size(); i++) {
            Row r = batch.get(i);
            int w = r.length();
            Object[] v = new Object[w + 6];
            for (int c = 0; c < w; c++) {
                v[c] = r.get(c);
            }
            if (images.get(i) == null) {
                v[w + 5] = reasons.get(i);
            } else {
                float nov = scores.novelty()[k];
                v[w] = nov;
                v[w + 1] = scores.similarity()[k];
                v[w + 2] = scores.binaryLogOdds()[k];
                float pix = scores.pixelSimilarity()[k];
                v[w + 3] = Float.isNaN(pix) ? null : pix;
                v[w + 4] = Double.isNaN(threshold) ? scores.novel()[k] : nov > threshold;
                k++;
            }
            out.add(RowFactory.create(v));
        }
    }
}
