package io.github.unode.train;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import io.github.unode.core.DataFormatException;
import io.github.unode.internal.AtomicFiles;
import io.github.unode.internal.RecordJson;
import io.github.unode.score.SavedRecipe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@link Recipe}'s JSON form, its file and its fingerprint: {@link Recipe#toJson},
 * {@link Recipe#fromJson}, {@link Recipe#read}, {@link Recipe#write} and
 * {@link Recipe#fingerprint} say what each does. The record's components, in declaration order,
 * are the keys ({@link RecordJson}), after {@code format} and {@code version}.
 */
final class RecipeJson {
    private RecipeJson() {}

    static String toJson(Recipe recipe) {
        JsonObject o = new JsonObject();
        o.addProperty("format", SavedRecipe.FORMAT);
        o.addProperty("version", SavedRecipe.VERSION);
        RecordJson.write(recipe).entrySet().forEach(e -> o.add(e.getKey(), e.getValue()));
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create().toJson(o) + "\n";
    }

    static Recipe fromJson(String json) {
        JsonObject o = SavedRecipe.parse(json).deepCopy();
        o.remove("format");
        o.remove("version");
        return RecordJson.read(o, Recipe.class, "recipe");
    }

    static Recipe read(Path file) throws IOException {
        try {
            return fromJson(Files.readString(file, StandardCharsets.UTF_8));
        } catch (DataFormatException e) {
            throw new DataFormatException(file + ": " + e.getMessage(), e);
        }
    }

    static void write(Recipe recipe, Path file) throws IOException {
        AtomicFiles.write(file, toJson(recipe).getBytes(StandardCharsets.UTF_8));
    }
}
