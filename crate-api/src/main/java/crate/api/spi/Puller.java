package crate.api.spi;

import crate.api.CrateException;

/** Fetches images from a registry into crate's content-addressable store. */
public interface Puller {

    /** A short, unique name, shown in {@code crate plugins}. */
    String name();

    /** Progress of one pull: called per item (a layer, a manifest) as bytes arrive. */
    @FunctionalInterface
    interface Progress {
        void update(String item, long done, long total);
    }

    /**
     * Resolve {@code reference} (for example {@code alpine:latest}), fetch what the store
     * lacks and verify every blob's digest.
     *
     * @return the digest of the image manifest that was stored
     */
    String pull(String reference, Progress progress) throws CrateException;
}
