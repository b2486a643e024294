/** Training a UNODE encoder and head: the trainer, its losses, LARS, schedules and listeners. */
module io.github.unode.train {
    requires transitive io.github.unode.augment;
    requires com.google.gson;
    requires org.slf4j;

    exports io.github.unode.train;
}
