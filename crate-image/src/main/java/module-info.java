/** Puller: registry v2 client, content-addressable store, layer unpacking. */
module crate.image {
    requires crate.api;
    requires crate.linux;
    requires com.fasterxml.jackson.databind;

    exports crate.image.store;
    exports crate.image.unpack;

    provides crate.api.spi.Puller with crate.image.ImagePuller;
}
