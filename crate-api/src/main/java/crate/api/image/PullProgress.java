package crate.api.image;

/**
 * What a pull reports as it goes, per blob (a layer, the config), as {@code docker pull} shows
 * it. Called from several download threads at once: implementations synchronise.
 */
public interface PullProgress {

    /** Where one blob is. */
    enum Phase {
        /** Queued behind the parallel-download limit. */
        WAITING,
        /** Bytes arriving: {@code done} of {@code total}. */
        DOWNLOADING,
        /** A transfer failed and is tried again (done = the attempt number). */
        RETRYING,
        /** Being unpacked into the store: {@code done} of {@code total} compressed bytes. */
        EXTRACTING,
        /** Fetched, verified and unpacked. */
        DONE,
        /** The store had it already. */
        EXISTS
    }

    /**
     * Where one blob is now.
     *
     * @param digest the blob's digest ({@code sha256:...})
     * @param total the blob's size from the manifest; done and total are 0 where they mean nothing
     */
    void blob(String digest, Phase phase, long done, long total);

    /** A line for the user ("Resolved docker.io/library/alpine:latest", "Digest: sha256:..."). */
    default void message(String line) {}

    /** Reports nothing ({@code crate pull -q}). */
    PullProgress NONE = (digest, phase, done, total) -> {};
}
