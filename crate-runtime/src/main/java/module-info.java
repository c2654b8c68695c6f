/**
 * The engine: validates a spec, creates the container's init process in new namespaces,
 * runs the plugins' phases in order and the in-container init stage. It is handed its
 * plugins ({@link crate.runtime.Plugins}) and knows no implementation of them.
 */
module crate.runtime {
    requires transitive crate.api;
    requires crate.linux;
    requires com.fasterxml.jackson.databind;
    requires jdk.unsupported; // sun.misc.Signal, to forward signals to the container

    exports crate.runtime;
    // crate.app writes crate state's output and --log's messages with its JsonWriter; the rest
    // of crate reads and writes JSON through SpecJson. (Exported to all: a qualified export
    // to crate.app warns when this module is compiled alone, and the lint build fails on it.)
    exports crate.runtime.json;
}
