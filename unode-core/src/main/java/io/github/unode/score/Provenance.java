package io.github.unode.score;

import io.github.unode.internal.Engines;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Where a detector came from: the data it learned, the seed, the software and machine it was made
 * with, and when. Saved with every detector.
 *
 * @param libraryVersion unode's version
 * @param engine the deep-learning engine and its version
 * @param java Java vendor and version
 * @param os operating system and architecture
 * @param created when training finished
 * @param seed the seed of the run
 * @param dataName a description of the inlier set
 * @param dataFingerprint SHA-256 of the inlier set ({@code ImageSet.fingerprint()})
 * @param inlierCount number of inlier images given to training
 * @param trainingSeconds wall-clock seconds of training and calibration
 * @param extra anything else worth keeping (feature source of AutoAugOOD, device, ...)
 */
public record Provenance(
        String libraryVersion,
        String engine,
        String java,
        String os,
        Instant created,
        long seed,
        String dataName,
        String dataFingerprint,
        int inlierCount,
        double trainingSeconds,
        Map<String, String> extra) {

    public Provenance {
        extra = Map.copyOf(new TreeMap<>(extra == null ? Map.of() : extra));
    }

    /** A provenance for a detector made now on this machine. */
    public static Provenance now(long seed, String dataName, String dataFingerprint, int inlierCount,
            double trainingSeconds, Map<String, String> extra) {
        return new Provenance(currentLibraryVersion(), Engines.describe(),
                System.getProperty("java.vendor") + " " + System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                Instant.now(), seed, dataName, dataFingerprint, inlierCount, trainingSeconds, extra);
    }

    /** This library's version, from the build. */
    public static String currentLibraryVersion() {
        try (InputStream in = Provenance.class.getResourceAsStream("/io/github/unode/internal/unode-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
