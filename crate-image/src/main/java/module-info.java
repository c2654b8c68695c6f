/** Puller: registry v2 client, content-addressable store, layer unpacking. */
module crate.image {
    requires crate.api;
    requires crate.linux;
    requires com.fasterxml.jackson.databind;
    requires java.net.http;

    // Nothing exported: crate reaches images through the Puller service only.
    provides crate.api.spi.Puller with crate.image.ImagePuller;
}
