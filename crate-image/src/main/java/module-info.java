/** Puller: registry v2 client, content-addressable store, layer unpacking. Not built yet: see the images issue. */
module crate.image {
    requires crate.api;
}
