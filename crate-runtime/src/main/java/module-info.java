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
    // The JSON writer, for crate state's output (crate.app); the rest of crate reads and writes through SpecJson.
    exports crate.runtime.json to crate.app;
}
