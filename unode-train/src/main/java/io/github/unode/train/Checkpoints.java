package io.github.unode.train;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.github.unode.core.DetectorFormatException;
import io.github.unode.internal.Hashing;
import io.github.unode.internal.OutputGuard;
import io.github.unode.internal.OutputKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Training checkpoints: after every epoch the trainer writes the network's parameters, the
 * optimiser's momentum buffers and update count, the phase and epoch reached, and the
 * augmentation weights, as one directory replaced atomically. A run that dies (even by
 * {@code kill -9}) resumes from the last one; since every epoch's random draws come from the seed
 * and the epoch number, the resumed run ends with the same detector as an uninterrupted one.
 *
 * <pre>
 * checkpoint/state.json      format, run id, phase, epochs done, updates done, weights report, recipe
 * checkpoint/model.params    the network (DJL parameter format)
 * checkpoint/optimizer.bin   momentum buffers by parameter name
 * checkpoint/sha256          checksums of the three files
 * </pre>
 *
 * The directory is the checkpoint's alone: a run refuses to start on a directory that holds
 * anything but an earlier checkpoint ({@link OutputGuard}), and deleting the checkpoint deletes
 * only these four files (and the directory, once empty).
 */
final class Checkpoints {
    static final int FORMAT_VERSION = 1;
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
    private static final Set<String> FILES = Set.of("state.json", "model.params", "optimizer.bin", "sha256");

    /** A checkpoint as an output: recognised by its state and checksums, it owns its four files. */
    static final OutputKind KIND = new OutputKind() {
        @Override
        public String description() {
            return "unode training checkpoint";
        }

        @Override
        public Optional<Set<String>> entriesWritten(Path dir) {
            return Files.isRegularFile(dir.resolve("state.json")) && Files.isRegularFile(dir.resolve("sha256"))
                    ? Optional.of(FILES) : Optional.empty();
        }
    };
    private static final String HOW_TO_REPLACE = "-"; // a checkpoint always replaces its predecessor

    private final Path dir;
    private final String runId;
    private final String recipe;

    /**
     * @param recipe the run's recipe as JSON, saved in every checkpoint for the record (the run
     *     id, which holds its fingerprint, decides which run a checkpoint belongs to)
     */
    Checkpoints(Path dir, String runId, String recipe) {
        this.dir = dir;
        this.runId = runId;
        this.recipe = recipe;
    }

    /**
     * Where a run stands, and by which recipe ({@code recipe} is null in checkpoints written
     * before checkpoints recorded it).
     */
    record State(int format, String runId, String phase, int epochsDone, int updatesDone, String weightsReport,
            String recipe) {}

    /** A restored checkpoint: its state and the momentum buffers by parameter name. */
    record Restored(State state, Map<String, NDArray> momentum) {}

    /**
     * Where a run picks up: the warm-up's and the main phase's resume points, and the weights
     * report saved with a main-phase checkpoint (or null).
     */
    record Resumption(EpochLoop.Resume warmup, EpochLoop.Resume main, String weightsReport,
            Map<String, NDArray> momentum) {
        static final Resumption NONE = new Resumption(EpochLoop.Resume.NONE, EpochLoop.Resume.NONE, null, Map.of());

        /** Frees the restored momentum buffers, once training is done with them. */
        void release() {
            momentum.values().forEach(NDArray::close);
        }
    }

    /**
     * Restores this run's checkpoint into {@code model}, if there is one, and says where each
     * phase resumes ({@code mainPhase} names the main one), telling {@code listeners}.
     */
    Resumption resume(Model model, String mainPhase, java.util.List<TrainingListener> listeners) {
        Restored restored = restore(model, model.getNDManager());
        if (restored == null) {
            return Resumption.NONE;
        }
        State st = restored.state();
        EpochLoop.Resume r = new EpochLoop.Resume(st.epochsDone() + 1, restored.momentum(), st.updatesDone());
        listeners.forEach(l -> l.onPhase("resuming from the checkpoint in " + dir + ": " + st.phase() + " epoch "
                + st.epochsDone() + " done"));
        return mainPhase.equals(st.phase())
                ? new Resumption(EpochLoop.Resume.NONE, r, st.weightsReport(), restored.momentum())
                : new Resumption(r, EpochLoop.Resume.NONE, null, restored.momentum());
    }

    /** A stable id of a run's inputs: the data, the configuration, the backbone and augmentation setup. */
    static String runId(String... parts) {
        return Hashing.sha256(parts);
    }

    /** Writes a checkpoint, replacing the previous one atomically. */
    void save(Model model, Lars lars, String phase, int epochsDone, int updatesDone, String weightsReport) {
        try {
            ByteArrayOutputStream params = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(params)) {
                model.getBlock().saveParameters(out);
            }
            Map<String, String> idToName = idToName(model);
            ByteArrayOutputStream opt = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(opt)) {
                Map<String, NDArray> buffers = lars.momentumBuffers();
                out.writeInt(buffers.size());
                for (Map.Entry<String, NDArray> e : buffers.entrySet()) {
                    String name = idToName.get(e.getKey());
                    if (name == null) {
                        throw new IllegalStateException("momentum buffer for an unknown parameter " + e.getKey());
                    }
                    out.writeUTF(name);
                    out.write(e.getValue().encode());
                }
            }
            byte[] state = GSON.toJson(new State(FORMAT_VERSION, runId, phase, epochsDone, updatesDone, weightsReport,
                    recipe))
                    .getBytes(StandardCharsets.UTF_8);
            byte[] p = params.toByteArray();
            byte[] o = opt.toByteArray();
            String sums = "state.json " + sha(state) + "\nmodel.params " + sha(p) + "\noptimizer.bin " + sha(o) + "\n";
            OutputGuard.writeDirectory(dir, KIND, true, HOW_TO_REPLACE, tmp -> {
                Files.write(tmp.resolve("state.json"), state);
                Files.write(tmp.resolve("model.params"), p);
                Files.write(tmp.resolve("optimizer.bin"), o);
                Files.writeString(tmp.resolve("sha256"), sums);
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the training checkpoint to " + dir, e);
        }
    }

    /**
     * Loads the checkpoint into {@code model} if there is one for this run.
     *
     * @return the restored state, or null when the directory holds no checkpoint
     * @throws DetectorFormatException if the checkpoint is damaged or belongs to another run
     * @throws UncheckedIOException wrapping an {@link io.github.unode.core.ExistingOutputException}
     *     if the directory holds anything but a checkpoint, which training would otherwise delete
     */
    Restored restore(Model model, NDManager manager) {
        try {
            OutputGuard.checkDirectory(dir, KIND, true, HOW_TO_REPLACE);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        Path statePath = dir.resolve("state.json");
        if (!Files.isRegularFile(statePath)) {
            return null;
        }
        try {
            byte[] state = Files.readAllBytes(statePath);
            byte[] p = Files.readAllBytes(dir.resolve("model.params"));
            byte[] o = Files.readAllBytes(dir.resolve("optimizer.bin"));
            String sums = Files.readString(dir.resolve("sha256"));
            if (!sums.equals("state.json " + sha(state) + "\nmodel.params " + sha(p) + "\noptimizer.bin " + sha(o) + "\n")) {
                throw new DetectorFormatException("the training checkpoint in " + dir + " fails its checksums; delete it"
                        + " to start the run again");
            }
            State s = GSON.fromJson(new String(state, StandardCharsets.UTF_8), State.class);
            if (s.format() > FORMAT_VERSION) {
                throw new DetectorFormatException("the checkpoint in " + dir + " has format " + s.format()
                        + "; this unode reads up to " + FORMAT_VERSION);
            }
            if (!runId.equals(s.runId())) {
                throw new DetectorFormatException("the checkpoint in " + dir + " belongs to another run (other data or"
                        + " settings); delete it or choose another checkpoint directory");
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(p))) {
                model.getBlock().loadParameters(model.getNDManager(), in);
            }
            Map<String, NDArray> byName = new HashMap<>();
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(o))) {
                int count = in.readInt();
                for (int i = 0; i < count; i++) {
                    String name = in.readUTF();
                    byName.put(name, manager.decode(in));
                }
            }
            Map<String, NDArray> byId = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : idToName(model).entrySet()) {
                NDArray buf = byName.get(e.getValue());
                if (buf != null) {
                    byId.put(e.getKey(), buf);
                }
            }
            return new Restored(s, byId);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            if (e instanceof DetectorFormatException d) {
                throw d;
            }
            throw new DetectorFormatException("the training checkpoint in " + dir + " cannot be read (" + e.getMessage()
                    + "); delete it to start the run again", e);
        }
    }

    /** Removes the checkpoint (after a run completes): its files, and the directory if then empty. */
    void delete() {
        try {
            OutputGuard.deleteOutput(dir, KIND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the finished run's checkpoint " + dir, e);
        }
    }

    private static Map<String, String> idToName(Model model) {
        Map<String, String> m = new HashMap<>();
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
            m.put(p.getValue().getId(), p.getKey());
        }
        return m;
    }

    private static String sha(byte[] b) {
        return Hashing.sha256(b);
    }
}
