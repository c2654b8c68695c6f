/**
 * The OCI runtime-spec model, crate's errors and the plugin SPIs. Everything else depends on
 * this module; it depends on nothing but Jackson's annotations (the model is read from JSON).
 */
module crate.api {
    requires transitive com.fasterxml.jackson.annotation;

    exports crate.api;
    exports crate.api.image;
    exports crate.api.network;
    exports crate.api.spec;
    exports crate.api.spi;
}
