package io.github.unode.score;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.unode.core.DataFormatException;
import io.github.unode.internal.Hashing;
import io.github.unode.internal.RecordJson;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A recipe as saved inside a detector or a checkpoint: its canonical JSON text and the
 * fingerprint of that text. The typed recipe is {@code io.github.unode.train.Recipe}
 * ({@code Recipe.fromJson(saved.json())}); the detector itself reads only the score part
 * ({@link #score()}).
 *
 * @param json the recipe's canonical JSON (format {@value #FORMAT}, version {@link #VERSION})
 * @param fingerprint SHA-256 of the UTF-8 bytes of {@code json}, lower-case hex
 */
public record SavedRecipe(String json, String fingerprint) {
    /** The format name in every recipe's JSON. */
    public static final String FORMAT = "unode-recipe";
    /** The newest recipe version this library reads and writes. */
    public static final int VERSION = 1;

    /**
     * Checks that the fingerprint is the text's.
     *
     * @throws DataFormatException if it is not (the recipe was changed after it was saved)
     */
    public SavedRecipe {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(fingerprint, "fingerprint");
        if (!fingerprint.equals(fingerprintOf(json))) {
            throw new DataFormatException("the recipe's fingerprint " + fingerprint + " is not that of its text");
        }
    }

    /** A saved recipe of this canonical text, with its fingerprint. */
    public static SavedRecipe of(String canonicalJson) {
        return new SavedRecipe(canonicalJson, fingerprintOf(canonicalJson));
    }

    /** SHA-256 of the UTF-8 bytes of {@code text}. */
    public static String fingerprintOf(String text) {
        return Hashing.sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Parses a recipe's JSON text and checks its format and version.
     *
     * @throws DataFormatException if the text is not JSON, not a unode recipe, or of a version
     *     this library cannot read (naming the version found and the one read)
     */
    public static JsonObject parse(String text) {
        JsonElement e;
        try {
            e = JsonParser.parseString(text);
        } catch (JsonParseException ex) {
            throw new DataFormatException("the recipe is not valid JSON: " + ex.getMessage(), ex);
        }
        if (!e.isJsonObject()) {
            throw new DataFormatException("a recipe must be a JSON object");
        }
        JsonObject o = e.getAsJsonObject();
        JsonElement format = o.get("format");
        if (format == null || !format.isJsonPrimitive() || !FORMAT.equals(format.getAsString())) {
            throw new DataFormatException("not a unode recipe: \"format\" must be \"" + FORMAT + "\", got " + format);
        }
        JsonElement version = o.get("version");
        if (version == null || !version.isJsonPrimitive() || !version.getAsJsonPrimitive().isNumber()) {
            throw new DataFormatException("the recipe lacks an integer \"version\"");
        }
        int v = version.getAsInt();
        if (v > VERSION) {
            throw new DataFormatException("the recipe is of version " + v + ", written by a newer unode; this unode ("
                    + Provenance.currentLibraryVersion() + ") reads versions up to " + VERSION + ": upgrade unode");
        }
        if (v < 1) {
            throw new DataFormatException("the recipe has an invalid version " + v);
        }
        return o;
    }

    /** The score part of the recipe, typed. */
    public ScoreRecipe score() {
        return RecordJson.read(parse(json).get("score"), ScoreRecipe.class, "recipe.score");
    }
}
