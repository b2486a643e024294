package io.github.unode.data;

import io.github.unode.core.DataFormatException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads MNIST-style IDX files (LeCun's format: two zero bytes, a type byte, a dimension count,
 * big-endian 32-bit dimensions, then the data), gzipped or not. Only unsigned bytes (type
 * {@code 0x08}) are accepted, which is what image and label files use. A header that promises
 * more or fewer bytes than the file holds is refused.
 */
public final class IdxReader {
    private static final int UNSIGNED_BYTE = 0x08;
    /** Refuse headers that would make us allocate more than this. */
    private static final long MAX_PAYLOAD = Integer.MAX_VALUE - 64;

    private IdxReader() {}

    /** The decoded content of an IDX file. */
    public record Idx(int[] dims, byte[] data) {
        public int count() {
            return dims[0];
        }
    }

    /**
     * Reads a whole IDX file.
     *
     * @throws DataFormatException if the file is not a valid IDX file of unsigned bytes
     * @throws IOException if it cannot be read
     */
    public static Idx read(Path file) throws IOException {
        try (InputStream raw = open(file); DataInputStream in = new DataInputStream(raw)) {
            int magic;
            try {
                magic = in.readInt();
            } catch (EOFException e) {
                throw new DataFormatException(file + " is empty or shorter than an IDX header");
            }
            if ((magic >>> 16) != 0) {
                throw new DataFormatException(file + " is not an IDX file: it does not start with two zero bytes"
                        + String.format(" (starts with 0x%08x)", magic));
            }
            int type = (magic >>> 8) & 0xff;
            int ndims = magic & 0xff;
            if (type != UNSIGNED_BYTE) {
                throw new DataFormatException(file + " holds IDX type 0x" + Integer.toHexString(type)
                        + "; only unsigned-byte (0x08) image and label files are supported");
            }
            if (ndims < 1 || ndims > 4) {
                throw new DataFormatException(file + " declares " + ndims
                        + " dimensions; image files have 3 or 4, label files 1");
            }
            int[] dims = new int[ndims];
            long total = 1;
            for (int i = 0; i < ndims; i++) {
                try {
                    dims[i] = in.readInt();
                } catch (EOFException e) {
                    throw new DataFormatException(file + " is truncated inside its header");
                }
                if (dims[i] <= 0) {
                    throw new DataFormatException(file + " declares dimension " + i + " of size " + dims[i]
                            + "; every dimension must be positive");
                }
                total *= dims[i];
                if (total > MAX_PAYLOAD) {
                    throw new DataFormatException(file + " declares dimensions whose product exceeds "
                            + MAX_PAYLOAD + " bytes; the header is damaged");
                }
            }
            // grow the buffer as data arrives: a header that lies about a huge size must not make us
            // allocate gigabytes before we find out that the file is short
            byte[] data = new byte[(int) Math.min(total, 1 << 20)];
            int read = 0;
            while (read < total) {
                if (read == data.length) {
                    data = java.util.Arrays.copyOf(data, (int) Math.min(total, 2L * data.length));
                }
                int r = in.read(data, read, data.length - read);
                if (r < 0) {
                    break;
                }
                read += r;
            }
            if (read < total) {
                throw new DataFormatException(file + " is truncated: its header promises " + total
                        + " data bytes but the file holds " + read);
            }
            if (in.read() != -1) {
                throw new DataFormatException(file + " has data after the " + total
                        + " bytes its header promises; the header does not describe the file");
            }
            return new Idx(dims, data);
        } catch (ZipException | EOFException e) {
            throw new DataFormatException(file + " is a damaged gzip stream: " + e.getMessage(), e);
        } catch (NoSuchFileException e) {
            throw new DataFormatException("IDX file not found: " + file, e);
        }
    }

    /** Opens a file, transparently un-gzipping it when it starts with gzip's magic bytes. */
    static InputStream open(Path file) throws IOException {
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        }
        return in;
    }
}
