package io.github.unode.score;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.TypeAdapter;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import io.github.unode.core.DetectorFormatException;
import io.github.unode.core.ImageShape;
import io.github.unode.internal.AtomicFiles;
import io.github.unode.internal.DetectorLayout;
import io.github.unode.internal.Hashing;
import io.github.unode.internal.OutputGuard;
import io.github.unode.internal.OutputKind;
import io.github.unode.model.Backbone;
import io.github.unode.model.BackboneSpec;
import io.github.unode.model.ConvolutionCheck;
import io.github.unode.model.Preprocessing;
import io.github.unode.model.UnodeModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The saved form of a {@link NoveltyDetector}: a directory of files, each listed in
 * {@code manifest.json} with its size and SHA-256, under a format name and version.
 *
 * <pre>
 * manifest.json              format, formatVersion, libraryVersion, files {name: {bytes, sha256}}
 * model.json                 backbone spec and head size (a ResNet-18's "stem" only when it is not 1)
 * model.params               the network's parameters (DJL's parameter format)
 * bank.f32                   the embedding bank, float32 little-endian, row-major
 * pixels.f32                 the pixel bank of the pixel term, if the detector has one
 * scorer.json                space, lambda, mu, target FPR, held-out novelty, bank shapes,
 *                            the pixel term's blur, centring and image shape (format 2)
 * configuration.json         the training configuration
 * provenance.json            where the detector came from
 * augmentation-report.json   AutoAugOOD report (when there is one)
 * recipe.json                the recipe the detector was trained by (when it is known)
 * </pre>
 *
 * A recipe adds a file but does not change the format version: scoring does not read it, so a
 * reader of an older version that ignores it still scores the detector correctly, and a detector
 * without one (saved before detectors recorded their recipe) loads with its recipe unknown.
 *
 * The directory is written atomically ({@link AtomicFiles#writeDirectory}) and only where
 * {@link OutputGuard} allows: a new or empty directory, or, when replacing, a directory that
 * holds a detector and nothing its manifest does not list ({@link #KIND}). Loading refuses, with
 * the reason, a missing or extra-short file, any changed byte, a foreign directory and a newer
 * format version.
 */
final class DetectorStore {
    /** The format name in every manifest. */
    static final String FORMAT = DetectorLayout.FORMAT;
    /**
     * The newest format version this library reads and writes. It writes 4 for a detector whose
     * ResNet-18 has a downsampling stem (a reader of version 3 would build the stride-1 stem, and
     * load a stride-2 network's parameters into it), 3 for one whose
     * head score is the probability (a reader of version 2 would score it by the log-odds), 2 for
     * one whose pixel term blurs or centres (a reader of version 1 would search those pixels as raw
     * pixels) and 1 otherwise, so that older readers keep loading what they can score correctly.
     */
    static final int FORMAT_VERSION = 4;
    static final String MANIFEST = DetectorLayout.MANIFEST;

    static final OutputKind KIND = DetectorLayout.KIND;

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
            .serializeSpecialFloatingPointValues()
            .registerTypeAdapter(Instant.class, new TypeAdapter<Instant>() {
                @Override
                public void write(JsonWriter out, Instant value) throws IOException {
                    out.value(value.toString());
                }

                @Override
                public Instant read(JsonReader in) throws IOException {
                    return Instant.parse(in.nextString());
                }
            }.nullSafe())
            .create();

    private DetectorStore() {}

    /**
     * Saves {@code d} to {@code dir} (see {@link NoveltyDetector#save} and
     * {@link NoveltyDetector#saveReplacing}).
     */
    static void save(NoveltyDetector d, Path dir, boolean replace) throws IOException {
        OutputGuard.checkDirectory(dir, KIND, replace, "use NoveltyDetector.saveReplacing");
        Map<String, byte[]> files = new LinkedHashMap<>();
        UnodeModel net = d.network();
        JsonObject modelJson = new JsonObject();
        modelJson.add("backbone", SavedBackbone.toJson(net.backbone().spec()));
        modelJson.addProperty("headClasses", net.headClasses());
        files.put("model.json", json(modelJson));

        ByteArrayOutputStream params = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(params)) {
            net.saveParameters(out);
        }
        files.put("model.params", params.toByteArray());

        NoveltyScorer s = d.scorer();
        files.put("bank.f32", littleEndian(s.bank().toFloatArray()));

        s.pixels().ifPresent(p -> files.put("pixels.f32", littleEndian(p.toFloatArray())));

        JsonObject scorer = new JsonObject();
        scorer.addProperty("space", s.space().name());
        if (s.head() != HeadScore.LOG_ODDS) {
            scorer.addProperty("head", s.head().name());
        }
        scorer.addProperty("lambda", s.lambda());
        scorer.addProperty("targetFpr", s.targetFpr());
        scorer.addProperty("threshold", s.threshold());
        scorer.addProperty("bankRows", s.bank().size());
        scorer.addProperty("bankDimension", s.bank().dimension());
        scorer.addProperty("bankPrecision", s.bank().precision().name());
        s.pixels().ifPresent(p -> {
            scorer.addProperty("mu", s.mu());
            scorer.addProperty("pixelRows", p.size());
            scorer.addProperty("pixelDimension", p.dimension());
            if (p.transformsPixels()) {
                scorer.addProperty("pixelBlur", p.blurSigma());
                scorer.addProperty("pixelCentred", p.centred());
                p.imageShape().ifPresent(chw -> {
                    scorer.addProperty("pixelChannels", chw[0]);
                    scorer.addProperty("pixelHeight", chw[1]);
                    scorer.addProperty("pixelWidth", chw[2]);
                });
            }
        });
        scorer.add("heldOutNovelty", GSON.toJsonTree(s.heldOutNovelty()));
        files.put("scorer.json", json(scorer));

        files.put("configuration.json", json(GSON.toJsonTree(new TreeMap<>(d.configuration()))));
        files.put("provenance.json", json(GSON.toJsonTree(d.provenance())));
        d.augmentationReport().ifPresent(r -> files.put("augmentation-report.json", r.getBytes(StandardCharsets.UTF_8)));
        d.recipe().ifPresent(r -> files.put("recipe.json", r.json().getBytes(StandardCharsets.UTF_8)));

        JsonObject manifest = new JsonObject();
        manifest.addProperty("format", FORMAT);
        // a blurred or centred pixel bank is format 2: a reader of format 1 would search it as raw pixels
        boolean transformed = s.pixels().map(PixelBank::transformsPixels).orElse(false);
        // a probability head is format 3: a reader of format 2 would ignore "head" and use the log-odds
        // a downsampling stem is format 4: a reader of format 3 would ignore "stem" and build the
        // stride-1 network, into which a stride-2 network's parameters load (the same blocks and
        // shapes), and score wrongly (a stride-4 one's max-pool is a block more: it would not load)
        boolean stem = net.backbone().spec() instanceof BackboneSpec.ResNet18 r && r.stem() != 1;
        manifest.addProperty("formatVersion", stem ? 4 : s.head() != HeadScore.LOG_ODDS ? 3 : transformed ? 2 : 1);
        manifest.addProperty("libraryVersion", Provenance.currentLibraryVersion());
        JsonObject list = new JsonObject();
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            JsonObject f = new JsonObject();
            f.addProperty("bytes", e.getValue().length);
            f.addProperty("sha256", sha256(e.getValue()));
            list.add(e.getKey(), f);
        }
        manifest.add("files", list);
        byte[] manifestBytes = json(manifest);

        OutputGuard.writeDirectory(dir, KIND, replace, "use NoveltyDetector.saveReplacing", tmp -> {
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                Files.write(tmp.resolve(e.getKey()), e.getValue());
            }
            Files.write(tmp.resolve(MANIFEST), manifestBytes);
        });
    }

    static NoveltyDetector load(Path dir, Device device) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new DetectorFormatException("no detector at " + dir + ": not a directory");
        }
        Path manifestPath = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifestPath)) {
            throw new DetectorFormatException(dir + " is not a saved unode detector: " + MANIFEST
                    + " is missing (was the save interrupted, or is this another directory?)");
        }
        JsonObject manifest = parse(Files.readAllBytes(manifestPath), MANIFEST);
        String format = string(manifest, "format", MANIFEST);
        if (!FORMAT.equals(format)) {
            throw new DetectorFormatException(dir + " holds '" + format + "', not a " + FORMAT);
        }
        int version = integer(manifest, "formatVersion", MANIFEST);
        if (version > FORMAT_VERSION) {
            throw new DetectorFormatException("the detector at " + dir + " was written in format version "
                    + version + " by unode " + optString(manifest, "libraryVersion")
                    + "; this unode (" + Provenance.currentLibraryVersion() + ") reads versions up to "
                    + FORMAT_VERSION + ": upgrade unode to load it");
        }
        if (version < 1) {
            throw new DetectorFormatException(MANIFEST + " has an invalid format version " + version);
        }
        if (!manifest.has("files") || !manifest.get("files").isJsonObject()) {
            throw new DetectorFormatException(MANIFEST + " in " + dir + " lists no files");
        }
        Map<String, byte[]> files = new TreeMap<>();
        for (Map.Entry<String, JsonElement> e : manifest.getAsJsonObject("files").entrySet()) {
            String name = e.getKey();
            if (name.contains("/") || name.contains("\\") || name.startsWith(".")) {
                throw new DetectorFormatException(MANIFEST + " names an invalid file '" + name + "'");
            }
            JsonObject f = e.getValue().getAsJsonObject();
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(dir.resolve(name));
            } catch (NoSuchFileException ex) {
                throw new DetectorFormatException("the detector at " + dir + " is incomplete: " + name + " is missing");
            }
            long expected = f.get("bytes").getAsLong();
            if (bytes.length != expected) {
                throw new DetectorFormatException(name + " in " + dir + " has " + bytes.length + " bytes but "
                        + expected + " were saved: the file is truncated or was changed");
            }
            String sum = sha256(bytes);
            if (!sum.equals(f.get("sha256").getAsString())) {
                throw new DetectorFormatException(name + " in " + dir + " fails its SHA-256 check: the file is"
                        + " damaged or was changed after saving");
            }
            files.put(name, bytes);
        }
        for (String required : new String[] {"model.json", "model.params", "bank.f32", "scorer.json",
            "configuration.json", "provenance.json"}) {
            if (!files.containsKey(required)) {
                throw new DetectorFormatException(MANIFEST + " in " + dir + " does not list " + required);
            }
        }
        return assemble(files, dir, device);
    }

    /** Floats as saved: float32, little-endian, row-major. */
    private static byte[] littleEndian(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return b.array();
    }

    /** Reads {@code rows x dim} saved floats, refusing a file of any other size. */
    private static float[] floats(byte[] bytes, String name, int rows, int dim) {
        if ((long) rows * dim * Float.BYTES != bytes.length || rows < 1 || dim < 1) {
            throw new DetectorFormatException(name + " holds " + bytes.length + " bytes, not the "
                    + rows + " x " + dim + " floats scorer.json describes");
        }
        float[] out = new float[rows * dim];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    private static NoveltyDetector assemble(Map<String, byte[]> files, Path dir, Device device) throws IOException {
        JsonObject modelJson = parse(files.get("model.json"), "model.json");
        BackboneSpec spec;
        try {
            // Gson builds records through their canonical constructors, so the spec is validated here
            spec = SavedBackbone.fromJson(modelJson.get("backbone"));
        } catch (RuntimeException e) {
            throw new DetectorFormatException("model.json in " + dir + " has an invalid backbone: " + e.getMessage(), e);
        }
        UnodeModel net = new UnodeModel(Backbone.fromSpec(spec), integer(modelJson, "headClasses", "model.json"));
        Model model = device == null ? Model.newInstance("unode-detector") : Model.newInstance("unode-detector", device);
        try {
            model.setBlock(net);
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(files.get("model.params")))) {
                net.loadParameters(model.getNDManager(), in);
            } catch (MalformedModelException | RuntimeException e) {
                throw new DetectorFormatException("model.params in " + dir + " does not fit the saved architecture: "
                        + e.getMessage(), e);
            }
            // a detector trained elsewhere may have convolutions this CPU's engine computes wrongly
            ConvolutionCheck.requireCorrectForward(net, model.getNDManager().getDevice());
            JsonObject sj = parse(files.get("scorer.json"), "scorer.json");
            int rows = integer(sj, "bankRows", "scorer.json");
            int dim = integer(sj, "bankDimension", "scorer.json");
            float[] bank = floats(files.get("bank.f32"), "bank.f32", rows, dim);
            ScoreSpace space;
            try {
                space = ScoreSpace.valueOf(string(sj, "space", "scorer.json"));
            } catch (IllegalArgumentException e) {
                throw new DetectorFormatException("scorer.json names an unknown score space", e);
            }
            float[] heldOut = GSON.fromJson(sj.get("heldOutNovelty"), float[].class);
            EmbeddingBank eb = EmbeddingBank.restore(bank, dim, model.getNDManager().getDevice());
            if (sj.has("bankPrecision") && !"FLOAT32".equals(sj.get("bankPrecision").getAsString())) {
                EmbeddingBank narrow;
                try {
                    narrow = eb.withPrecision(EmbeddingBank.Precision.valueOf(sj.get("bankPrecision").getAsString()));
                } catch (IllegalArgumentException e) {
                    eb.close();
                    throw new DetectorFormatException("scorer.json names an unknown bank precision", e);
                }
                eb.close();
                eb = narrow;
            }
            PixelBank pixels = null;
            if (sj.has("pixelRows")) {
                int prow = integer(sj, "pixelRows", "scorer.json");
                int pdim = integer(sj, "pixelDimension", "scorer.json");
                byte[] pixelBytes = files.get("pixels.f32");
                if (pixelBytes == null) {
                    eb.close();
                    throw new DetectorFormatException(MANIFEST + " in " + dir + " does not list pixels.f32, which"
                            + " scorer.json's pixel term needs");
                }
                float[] px;
                try {
                    px = floats(pixelBytes, "pixels.f32", prow, pdim);
                } catch (DetectorFormatException e) {
                    eb.close();
                    throw e;
                }
                try {
                    double blur = sj.has("pixelBlur") ? sj.get("pixelBlur").getAsDouble() : 0.0;
                    boolean centred = sj.has("pixelCentred") && sj.get("pixelCentred").getAsBoolean();
                    pixels = blur > 0
                            ? PixelBank.restore(px, integer(sj, "pixelChannels", "scorer.json"),
                                    integer(sj, "pixelHeight", "scorer.json"), integer(sj, "pixelWidth", "scorer.json"),
                                    blur, centred)
                            : PixelBank.restore(px, 1, 1, pdim, 0.0, centred);
                } catch (RuntimeException e) {
                    eb.close();
                    throw new DetectorFormatException("scorer.json's pixel term does not fit pixels.f32: "
                            + e.getMessage(), e);
                }
            }
            HeadScore head;
            try {
                head = sj.has("head") ? HeadScore.valueOf(string(sj, "head", "scorer.json")) : HeadScore.LOG_ODDS;
            } catch (IllegalArgumentException e) {
                throw new DetectorFormatException("scorer.json names an unknown head score", e);
            }
            NoveltyScorer scorer = NoveltyScorer.restore(space, head, eb, sj.get("lambda").getAsDouble(), pixels,
                    sj.has("mu") ? sj.get("mu").getAsDouble() : 0.0, sj.get("targetFpr").getAsDouble(), heldOut);
            Map<String, String> config = GSON.fromJson(new String(files.get("configuration.json"),
                    StandardCharsets.UTF_8), new TypeToken<Map<String, String>>() {}.getType());
            Provenance prov = GSON.fromJson(parse(files.get("provenance.json"), "provenance.json"),
                    Provenance.class);
            byte[] report = files.get("augmentation-report.json");
            byte[] recipe = files.get("recipe.json");
            SavedRecipe saved = null;
            if (recipe != null) {
                String text = new String(recipe, StandardCharsets.UTF_8);
                SavedRecipe.parse(text); // a recipe of a newer version is refused here, naming it
                saved = SavedRecipe.of(text);
            }
            return new NoveltyDetector(model, scorer, config, prov,
                    report == null ? null : new String(report, StandardCharsets.UTF_8), saved);
        } catch (RuntimeException | IOException e) {
            model.close();
            if (e instanceof DetectorFormatException || e instanceof IOException) {
                throw e;
            }
            throw new DetectorFormatException("the detector at " + dir + " could not be read: " + e.getMessage(), e);
        }
    }

    private static byte[] json(JsonElement e) {
        return GSON.toJson(e).getBytes(StandardCharsets.UTF_8);
    }

    private static JsonObject parse(byte[] bytes, String name) {
        try {
            JsonElement e = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8));
            if (!e.isJsonObject()) {
                throw new DetectorFormatException(name + " is not a JSON object");
            }
            return e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new DetectorFormatException(name + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static String string(JsonObject o, String key, String file) {
        if (!o.has(key) || !o.get(key).isJsonPrimitive()) {
            throw new DetectorFormatException(file + " lacks '" + key + "'");
        }
        return o.get(key).getAsString();
    }

    private static String optString(JsonObject o, String key) {
        return o.has(key) ? o.get(key).getAsString() : "unknown";
    }

    private static int integer(JsonObject o, String key, String file) {
        try {
            return o.get(key).getAsInt();
        } catch (RuntimeException e) {
            throw new DetectorFormatException(file + " lacks a valid integer '" + key + "'");
        }
    }

    static String sha256(byte[] bytes) {
        return Hashing.sha256(bytes);
    }

    /**
     * A backbone as {@code model.json} holds it: one flat object of every kind's fields
     * ({@code kind, input, width, depth, widen, file, preprocessing, features}), the unused ones 0
     * or absent: the layout of detectors written when {@link BackboneSpec} was one record of all
     * kinds, which stay readable and are written the same.
     */
    private static final class SavedBackbone {
        private SavedBackbone() {}

        static JsonObject toJson(BackboneSpec spec) {
            JsonObject o = new JsonObject();
            o.addProperty("kind", spec.kind());
            o.add("input", GSON.toJsonTree(spec.input()));
            BackboneSpec.TorchScript ts = spec instanceof BackboneSpec.TorchScript s ? s : null;
            o.addProperty("width", spec instanceof BackboneSpec.ResNet18 r ? r.width() : 0);
            o.addProperty("depth", spec instanceof BackboneSpec.WideResNet w ? w.depth() : 0);
            o.addProperty("widen", spec instanceof BackboneSpec.WideResNet w ? w.widen() : 0);
            if (ts != null && ts.file() != null) {
                o.addProperty("file", ts.file());
            }
            if (ts != null) {
                o.add("preprocessing", GSON.toJsonTree(ts.preprocessing()));
            }
            o.addProperty("features", ts == null ? 0 : ts.features());
            // written only for a downsampling stem, so that a stride-1 detector's model.json is as it was
            if (spec instanceof BackboneSpec.ResNet18 r && r.stem() != 1) {
                o.addProperty("stem", r.stem());
            }
            return o;
        }

        /** The spec, validated by its record's constructor. */
        static BackboneSpec fromJson(JsonElement json) {
            if (json == null || !json.isJsonObject()) {
                throw new IllegalArgumentException("the backbone must be a JSON object");
            }
            JsonObject o = json.getAsJsonObject();
            String kind = o.has("kind") && !o.get("kind").isJsonNull() ? o.get("kind").getAsString() : null;
            ImageShape input = GSON.fromJson(o.get("input"), ImageShape.class);
            if (kind == null || input == null) {
                throw new IllegalArgumentException("a backbone needs a kind and an input shape");
            }
            return switch (kind) {
                // detectors saved before the stem was a setting have none: the CIFAR stem, stride 1
                case BackboneSpec.RESNET18 -> new BackboneSpec.ResNet18(input, number(o, "width"),
                        o.has("stem") ? number(o, "stem") : 1);
                case BackboneSpec.WIDE_RESNET -> new BackboneSpec.WideResNet(input, number(o, "depth"),
                        number(o, "widen"));
                case BackboneSpec.TORCHSCRIPT -> new BackboneSpec.TorchScript(input,
                        o.has("file") && !o.get("file").isJsonNull() ? o.get("file").getAsString() : null,
                        GSON.fromJson(o.get("preprocessing"), Preprocessing.class), number(o, "features"));
                default -> throw new IllegalArgumentException("unknown backbone kind '" + kind + "'; known: "
                        + BackboneSpec.RESNET18 + ", " + BackboneSpec.WIDE_RESNET + ", " + BackboneSpec.TORCHSCRIPT);
            };
        }

        private static int number(JsonObject o, String name) {
            return o.has(name) && !o.get(name).isJsonNull() ? o.get(name).getAsInt() : 0;
        }
    }
}
