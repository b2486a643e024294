package io.github.unode.internal;

/**
 * The on-disk marks of a saved detector, shared by the detector's store and by the command line's
 * output check: the format name every manifest carries, the manifest's file name, and the
 * detector as an output kind (recognised by that manifest, owning the files it lists).
 */
public final class DetectorLayout {
    /** The format name in every manifest. */
    public static final String FORMAT = "unode-detector";
    /** The manifest's file name inside a detector directory. */
    public static final String MANIFEST = "manifest.json";
    /** A saved detector as an output: recognised by its manifest, it owns the files the manifest lists. */
    public static final OutputKind KIND = OutputKind.jsonMarker("unode detector", MANIFEST, FORMAT,
            manifest -> manifest.getAsJsonObject("files").keySet());

    private DetectorLayout() {}
}
