package io.github.unode.spark;

import io.github.unode.score.NoveltyDetector;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detectors of this JVM (an executor, or the driver in local mode), loaded once per location
 * and version and shared by every task: a loaded {@link NoveltyDetector} may be scored from any
 * number of threads. The key is the location plus a fingerprint of the detector's
 * {@code manifest.json} (its SHA-256: the manifest lists every file's checksum), so a detector
 * replaced at the same path is loaded anew, while a partition of an unchanged one costs one read
 * of that small file. A location with a scheme other than {@code file} ({@code hdfs://},
 * {@code s3a://}, ...) is copied once per JVM to a local temporary directory through Hadoop's
 * {@code FileSystem} (the engine reads local files only): a detector replaced there is seen by
 * new executors only.
 *
 * <p>A replaced detector's earlier version stays loaded until the JVM ends (tasks may still be
 * scoring with it); replacing detectors under a running job is not what this is for.
 */
public final class DetectorCache {
    private static final Logger LOG = LoggerFactory.getLogger(DetectorCache.class);
    private static final Map<String, NoveltyDetector> DETECTORS = new ConcurrentHashMap<>();
    private static final Map<String, Path> LOCAL_COPIES = new ConcurrentHashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();

    private DetectorCache() {}

    /**
     * The detector at {@code location}, loaded on the first call in this JVM for its current
     * version.
     *
     * @throws UncheckedIOException if it cannot be read or is not a unode detector (the cause
     *     names the problem)
     */
    public static NoveltyDetector get(String location) {
        Path local = localDirectory(location);
        String key = location + "#" + fingerprint(local);
        return DETECTORS.computeIfAbsent(key, k -> {
            try {
                long t0 = System.nanoTime();
                NoveltyDetector d = NoveltyDetector.load(local);
                LOADS.incrementAndGet();
                LOG.info("loaded the unode detector {} in {} ms", location, (System.nanoTime() - t0) / 1_000_000);
                return d;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot load the unode detector " + location + ": " + e.getMessage(), e);
            }
        });
    }

    /** How many detectors this JVM has loaded so far (one per location and version). */
    public static int loads() {
        return LOADS.get();
    }

    /** How many detectors this JVM holds now. */
    public static int size() {
        return DETECTORS.size();
    }

    private static Path localDirectory(String location) {
        URI uri = URI.create(location.replace(" ", "%20"));
        String scheme = uri.getScheme();
        if (scheme == null || scheme.equals("file") || scheme.length() == 1) { // "C:" is a drive
            Path p = scheme == null || scheme.length() == 1 ? Path.of(location) : Path.of(uri);
            if (!Files.isDirectory(p)) {
                throw new UncheckedIOException(new java.nio.file.NoSuchFileException(location,
                        null, "no unode detector directory there on this machine: every executor must read the "
                                + "detector's path (a shared file system, an hdfs:// or s3a:// URI, or --archives)"));
            }
            return p;
        }
        return LOCAL_COPIES.computeIfAbsent(location, DetectorCache::copyToLocal);
    }

    private static Path copyToLocal(String location) {
        try {
            org.apache.hadoop.fs.Path remote = new org.apache.hadoop.fs.Path(location);
            FileSystem fs = remote.getFileSystem(new Configuration());
            if (!fs.getFileStatus(remote).isDirectory()) {
                throw new IOException(location + " is not a directory");
            }
            Path dir = Files.createTempDirectory("unode-detector-");
            Path target = dir.resolve("detector");
            Files.createDirectory(target);
            for (FileStatus f : fs.listStatus(remote)) {
                if (f.isFile()) {
                    fs.copyToLocalFile(false, f.getPath(), new org.apache.hadoop.fs.Path(
                            target.resolve(f.getPath().getName()).toUri()), true);
                }
            }
            LOG.info("copied the unode detector {} to {}", location, target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the unode detector " + location + " to this machine: "
                    + e.getMessage(), e);
        }
    }

    private static String fingerprint(Path dir) {
        Path manifest = dir.resolve("manifest.json");
        try (InputStream in = Files.newInputStream(manifest)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UncheckedIOException(dir + " is not a unode detector: it has no manifest.json", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + manifest + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
