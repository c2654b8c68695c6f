package crate.image.registry;

import crate.api.CrateException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a pull's manifests and blobs come from: a registry v2 (its client), or files in tests.
 * Every method verifies what it returns: digests while bytes stream, and sizes.
 */
public interface BlobSource {

    /** What one download tells its caller while it runs; called from the downloading thread. */
    interface Listener {
        /** {@code done} bytes of the blob are here (verified only once the whole blob is). */
        void progress(long done);

        /** A transfer failed; attempt {@code attempt} (2, 3, ...) starts after a back-off. */
        default void retrying(int attempt, String why) {}
    }

    /**
     * Resolve a reference ({@code alpine}, {@code host:5000/app:tag}, {@code name@sha256:...})
     * to the image manifest for {@code platform} ({@code os/arch[/variant]}; empty: the host's),
     * through an index or manifest list where there is one.
     */
    ResolvedImage resolve(String reference, Optional<String> platform) throws CrateException;

    /** A small blob (the image configuration) into memory, verified; refused above a few MiB. */
    byte[] fetchSmall(ResolvedImage image, Descriptor blob) throws CrateException;

    /**
     * A blob into {@code target} (a temporary file the caller owns, on the store's file
     * system), resuming with HTTP Range and retrying with back-off on transfer errors. Returns
     * only when {@code target} holds exactly the blob's verified bytes; otherwise throws, and
     * the caller deletes {@code target}.
     */
    void fetch(ResolvedImage image, Descriptor blob, Path target, Listener listener) throws CrateException;
}
