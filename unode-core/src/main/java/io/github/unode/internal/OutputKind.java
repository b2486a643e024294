package io.github.unode.internal;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A kind of directory that unode writes whole and may later replace (a saved detector, an
 * evaluation report, a training checkpoint), and how to recognise one. Each kind leaves a marker
 * (a manifest) that lists what it wrote; recognising it is what lets unode replace its own
 * output while never deleting anything it did not write ({@link OutputGuard}).
 */
public interface OutputKind {
    /** What this output is, for messages: "unode detector". */
    String description();

    /**
     * The entries directly in {@code dir} (file and folder names) that an output of this kind
     * wrote there, as its marker lists them; empty when {@code dir} holds no readable marker of
     * this kind. Must not throw for a directory of any other content.
     */
    Optional<Set<String>> entriesWritten(Path dir);

    /**
     * A kind recognised by a JSON marker file in the directory whose {@code "format"} is
     * {@code format}; it owns the marker and the entries {@code listed} reads from the marker.
     * Anything unreadable or of another format is not this kind.
     *
     * @param description for messages
     * @param marker the marker's file name
     * @param format the marker's {@code "format"} value
     * @param listed the entries the marker says the output wrote (besides the marker itself)
     */
    static OutputKind jsonMarker(String description, String marker, String format,
            Function<JsonObject, Collection<String>> listed) {
        return new OutputKind() {
            @Override
            public String description() {
                return description;
            }

            @Override
            public Optional<Set<String>> entriesWritten(Path dir) {
                try {
                    JsonObject json = JsonParser.parseString(Files.readString(dir.resolve(marker))).getAsJsonObject();
                    if (!format.equals(json.get("format").getAsString())) {
                        return Optional.empty();
                    }
                    Set<String> names = new TreeSet<>(listed.apply(json));
                    names.add(marker);
                    return Optional.of(names);
                } catch (IOException | RuntimeException e) {
                    return Optional.empty(); // no marker, or not one of this kind
                }
            }
        };
    }
}
