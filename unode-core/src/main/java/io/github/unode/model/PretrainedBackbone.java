package io.github.unode.model;

import ai.djl.Device;
import ai.djl.ModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;
import io.github.unode.core.DataFormatException;
import io.github.unode.core.UnodeException;
import io.github.unode.internal.Engines;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.util.HexFormat;

/**
 * A pretrained network used, frozen, as the feature extractor {@code psi} of AutoAugOOD
 * (METHOD 3.1): from a TorchScript file, or from a DJL model-zoo URL when the machine is online
 * (DJL caches downloads under {@code ~/.djl.ai}). Output of 4-D shape is average-pooled to
 * {@code (B, d)}. Thread-safe for concurrent extraction.
 */
public final class PretrainedBackbone implements FeatureExtractor, AutoCloseable {
    private final NDManager manager;
    private final ZooModel<NDList, NDList> zooModel;
    private final Block block;
    private final Preprocessing preprocessing;
    private final String id;
    private final String description;
    private final int featureDim;

    private PretrainedBackbone(NDManager manager, ZooModel<NDList, NDList> zooModel, Block block,
            Preprocessing preprocessing, String id, String description) {
        this.manager = manager;
        this.zooModel = zooModel;
        this.block = block;
        this.preprocessing = preprocessing;
        this.id = id;
        this.description = description;
        try (NDManager probe = NDManager.newBaseManager()) {
            this.featureDim = (int) extract(probe.zeros(preprocessing.input().batchShape(1))).getShape().get(1);
        }
    }

    /**
     * Loads a TorchScript file for inference.
     *
     * @throws DataFormatException if the file is missing or is not a TorchScript module
     */
    public static PretrainedBackbone torchScript(Path file, Preprocessing preprocessing) {
        if (!Files.isRegularFile(file)) {
            throw new DataFormatException("TorchScript file not found: " + file);
        }
        String sum = sha256(file);
        Engines.engine();
        NDManager m = NDManager.newBaseManager(Device.cpu());
        try {
            Block b = JniUtils.loadModule((PtNDManager) m, file, true, new String[0], new String[0], false);
            return new PretrainedBackbone(m, null, b, preprocessing, "torchscript:" + sum,
                    "TorchScript " + file.getFileName() + " (sha256 " + sum.substring(0, 12) + ")");
        } catch (RuntimeException e) {
            m.close();
            if (e instanceof UnodeException) {
                throw e;
            }
            throw new DataFormatException(file + " cannot be loaded as a TorchScript module: " + e.getMessage(), e);
        }
    }

    /**
     * Loads a model from a DJL model-zoo URL (for example
     * {@code djl://ai.djl.pytorch/resnet18_embedding}); downloads are cached by DJL. When the
     * machine is offline and the model is not cached, this fails with a message saying so.
     */
    public static PretrainedBackbone modelZoo(String url, Preprocessing preprocessing) {
        ZooModel<NDList, NDList> model;
        try {
            model = Criteria.builder().setTypes(NDList.class, NDList.class).optModelUrls(url)
                    .optEngine(Engines.ENGINE).build().loadModel();
        } catch (IOException | ModelException | RuntimeException e) {
            boolean offline = Boolean.parseBoolean(System.getenv("DJL_OFFLINE"))
                    || Boolean.getBoolean("ai.djl.offline") || Boolean.getBoolean("offline");
            throw new UnodeException("the model-zoo backbone " + url + " could not be loaded"
                    + (offline ? " because this machine is offline (DJL_OFFLINE=true) and it is not in DJL's cache"
                            + " (~/.djl.ai/cache); load it once online or use a TorchScript file instead" : "")
                    + ": " + e.getMessage(), e);
        }
        return new PretrainedBackbone(model.getNDManager(), model, model.getBlock(), preprocessing, "zoo:" + url,
                "DJL model zoo " + url);
    }

    /** Average over the spatial axes of a 4-D output; 2-D passes through; others are flattened. */
    static NDArray pool(NDArray out) {
        long b = out.getShape().get(0);
        if (out.getShape().dimension() == 4) {
            return out.reshape(b, out.getShape().get(1), -1).mean(new int[] {2});
        }
        return out.getShape().dimension() == 2 ? out : out.reshape(b, -1);
    }

    @Override
    public NDArray extract(NDArray batch) {
        try (Engines.GradMode g = Engines.noGrad()) {
            NDArray x = preprocessing.apply(batch);
            NDArray out = block.forward(new ParameterStore(x.getManager(), false), new NDList(x), false).get(0);
            return pool(out);
        }
    }

    public int featureDim() {
        return featureDim;
    }

    public Preprocessing preprocessing() {
        return preprocessing;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void close() {
        if (zooModel != null) {
            zooModel.close();
        } else {
            manager.close();
        }
    }

    static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), io.github.unode.internal.Hashing.sha256())) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new DataFormatException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
