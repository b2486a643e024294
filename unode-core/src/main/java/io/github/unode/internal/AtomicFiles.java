package io.github.unode.internal;

import io.github.unode.internal.OutputGuard;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;

/**
 * Files and directories that appear whole or not at all: content goes to a temporary sibling,
 * is flushed to disk, and is then renamed over the target. A crash leaves either the old content
 * or the new, never a mix; stale temporaries are named {@code .<name>.tmp-<uuid>}.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Something that writes content to a stream. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** Something that fills a directory. */
    @FunctionalInterface
    public interface DirectoryWriter {
        void write(Path dir) throws IOException;
    }

    /** A last check of the target, run just before it is replaced; it refuses by throwing. */
    @FunctionalInterface
    public interface TargetCheck {
        void check(Path target) throws IOException;
    }

    /** Writes {@code target} atomically. */
    public static void write(Path target, Writer writer) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        Files.createDirectories(parent);
        Path tmp = parent.resolve("." + abs.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW)) {
                writer.write(out);
            }
            fsync(tmp);
            move(tmp, abs);
            fsync(parent);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes {@code bytes} to {@code target} atomically. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /**
     * Builds a whole directory atomically: {@code writer} fills a fresh temporary directory,
     * every file in it is flushed, and it then replaces {@code target}. If {@code target}
     * already exists it is moved aside first and deleted only after the new one is in place:
     * whatever it holds is deleted, so callers that must not delete what they did not write go
     * through {@link OutputGuard#writeDirectory}.
     */
    public static void writeDirectory(Path target, DirectoryWriter writer) throws IOException {
        writeDirectory(target, writer, t -> { });
    }

    /**
     * Like {@link #writeDirectory(Path, DirectoryWriter)}, running {@code beforeReplace} on the
     * target once the new directory is complete, just before the target is replaced; if it
     * throws, the target is left as it was.
     */
    public static void writeDirectory(Path target, DirectoryWriter writer, TargetCheck beforeReplace) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        Files.createDirectories(parent);
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new IOException(abs + " exists and is not a directory; choose another place to save");
        }
        String id = UUID.randomUUID().toString();
        Path tmp = parent.resolve("." + abs.getFileName() + ".tmp-" + id);
        Path old = parent.resolve("." + abs.getFileName() + ".old-" + id);
        Files.createDirectory(tmp);
        try {
            writer.write(tmp);
            try (DirectoryStream<Path> files = Files.newDirectoryStream(tmp)) {
                for (Path f : files) {
                    if (Files.isRegularFile(f)) {
                        fsync(f);
                    }
                }
            }
            fsync(tmp);
            beforeReplace.check(abs);
            boolean hadOld = Files.exists(abs);
            if (hadOld) {
                move(abs, old);
            }
            try {
                move(tmp, abs);
            } catch (IOException e) {
                if (hadOld) {
                    move(old, abs); // put the previous version back
                }
                throw e;
            }
            fsync(parent);
            if (hadOld) {
                deleteRecursively(old);
            }
        } finally {
            if (Files.exists(tmp)) {
                deleteRecursively(tmp);
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void fsync(Path p) {
        try (FileChannel ch = FileChannel.open(p, Files.isDirectory(p)
                ? new StandardOpenOption[] {StandardOpenOption.READ}
                : new StandardOpenOption[] {StandardOpenOption.WRITE})) {
            ch.force(true);
        } catch (IOException e) {
            // some file systems cannot sync directories; the rename is still atomic there
        }
    }

    /** Deletes a file or a directory tree. */
    public static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
