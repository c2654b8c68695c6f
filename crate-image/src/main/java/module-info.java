/** Puller: registry v2 client, content-addressable store, layer unpacking. */
module crate.image {
    requires crate.api;
    requires com.fasterxml.jackson.databind;
    requires java.net.http;
}
