package io.github.unode.core;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;

/**
 * An output path is refused because something is already there: a directory that is not empty
 * and that unode did not write, or an earlier unode output that the caller did not ask to
 * replace. Nothing was written or deleted. The message names the path, what is in the way and
 * how to proceed.
 */
public class ExistingOutputException extends FileAlreadyExistsException {
    private static final long serialVersionUID = 1L;

    private final boolean replaceable;

    public ExistingOutputException(Path path, String message, boolean replaceable) {
        super(path.toString(), null, message);
        this.replaceable = replaceable;
    }

    /**
     * Whether asking to replace would succeed: the path holds only an earlier output of the same
     * kind (false: it holds something unode did not write, which it never replaces).
     */
    public boolean replaceable() {
        return replaceable;
    }

    @Override
    public String getMessage() {
        return getReason();
    }
}
