/**
 * unode's core: images and image sets, the encoder, the novelty detector that scores images and
 * saves and loads, and the exceptions unode throws. {@code io.github.unode.internal} holds unode's
 * own helpers and is exported only to unode's other modules.
 */
module io.github.unode.core {
    requires transitive ai.djl.api;
    requires ai.djl.pytorch_engine;
    requires com.google.gson;
    requires java.desktop;

    exports io.github.unode.core;
    exports io.github.unode.data;
    exports io.github.unode.model;
    exports io.github.unode.score;
    // unode's own modules: the libraries, and the two applications (automatic modules when on a
    // module path)
    exports io.github.unode.internal to
            io.github.unode.augment, io.github.unode.train, io.github.unode.eval, io.github.unode.cli,
            io.github.unode.benchkit;
}
