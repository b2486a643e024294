package io.github.unode.eval.internal;

import io.github.unode.internal.OutputKind;

/**
 * The on-disk marks of a report folder, shared by the report writer and the command line's
 * output check: the marker file, its format name, and the report as an output kind (recognised by
 * its marker, owning the entries the marker lists).
 */
public final class ReportLayout {
    /** The marker of a report folder: its format and the entries the report wrote. */
    public static final String MARKER = "unode-report.json";
    /** The format name in every marker. */
    public static final String FORMAT = "unode-report";
    /** A report folder as an output: recognised by its marker, it owns the entries the marker lists. */
    public static final OutputKind KIND = OutputKind.jsonMarker("unode report", MARKER, FORMAT,
            marker -> marker.getAsJsonArray("files").asList().stream().map(f -> f.getAsString()).toList());

    private ReportLayout() {}
}
