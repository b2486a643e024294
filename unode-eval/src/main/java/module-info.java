/** Evaluation the paper's way: metrics, one-class and multi-class protocols, corruptions, baselines and reports. */
module io.github.unode.eval {
    requires transitive io.github.unode.train;
    requires com.google.gson;
    requires java.desktop;

    exports io.github.unode.eval;
    exports io.github.unode.eval.baselines;
    exports io.github.unode.eval.corrupt;
    exports io.github.unode.eval.metrics;
    exports io.github.unode.eval.protocol;
    exports io.github.unode.eval.report;
    exports io.github.unode.eval.internal to io.github.unode.cli;
}
