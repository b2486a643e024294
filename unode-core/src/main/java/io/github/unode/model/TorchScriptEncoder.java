package io.github.unode.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A TorchScript network as the encoder {@code f} of a {@link UnodeModel}: images are
 * preprocessed ({@link Preprocessing}), run through the module, and a 4-D output is averaged
 * over its spatial axes, so the encoder always yields {@code (B, d)}.
 *
 * <p>The module is loaded with trainable parameters into the model's own memory manager when the
 * model is initialised, so UnodeTrainer fine-tunes it and closing the model frees it. Saving a
 * detector writes the whole module, so a saved detector does not need the original file.
 */
public final class TorchScriptEncoder extends AbstractBlock {
    private static final byte VERSION = 1;

    private final Path file;
    private final Preprocessing preprocessing;
    private PtSymbolBlock module;

    TorchScriptEncoder(Path file, Preprocessing preprocessing) {
        super(VERSION);
        this.file = file;
        this.preprocessing = preprocessing;
    }

    private PtSymbolBlock module() {
        if (module == null) {
            throw new IllegalStateException("the TorchScript encoder is not loaded yet: initialise the model first");
        }
        return module;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = preprocessing.apply(inputs.singletonOrThrow());
        NDArray out = module().forward(ps, new NDList(x), training, params).get(0);
        return new NDList(PretrainedBackbone.pool(out));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        Shape out = module().getOutputShapes(new Shape[] {preprocessing.input().batchShape(in.get(0))})[0];
        return new Shape[] {new Shape(in.get(0), out.get(1))};
    }

    @Override
    public void initialize(NDManager manager, DataType dataType, Shape... shapes) {
        if (module == null) {
            if (file == null || !Files.isRegularFile(file)) {
                throw new IllegalStateException("TorchScript file not found: " + file);
            }
            module = JniUtils.loadModule((PtNDManager) manager, file, true, new String[0], new String[0], true);
        }
        this.inputShapes = shapes;
        for (Parameter p : module.getParameters().values()) {
            if (p.requiresGradient() && p.getArray() != null && !p.getArray().hasGradient()) {
                p.getArray().setRequiresGradient(true);
            }
        }
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // the module brings its own parameters
    }

    @Override
    public boolean isInitialized() {
        return module != null;
    }

    @Override
    public ParameterList getParameters() {
        return module == null ? new ParameterList() : module.getParameters();
    }

    @Override
    public void saveParameters(DataOutputStream os) throws IOException {
        os.writeByte(VERSION);
        module().saveParameters(os);
    }

    @Override
    public void loadParameters(NDManager manager, DataInputStream is) throws IOException, MalformedModelException {
        byte v = is.readByte();
        if (v != VERSION) {
            throw new MalformedModelException("unsupported TorchScript encoder version " + v);
        }
        PtSymbolBlock loaded = new PtSymbolBlock((PtNDManager) manager);
        loaded.loadParameters(manager, is);
        module = loaded;
    }
}
