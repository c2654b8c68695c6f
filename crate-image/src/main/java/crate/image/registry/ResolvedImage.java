package crate.image.registry;

import java.util.List;

/**
 * A reference resolved to one image manifest for one platform: what the puller fetches next.
 *
 * @param name the canonical reference as the user's name resolves
 *     ({@code docker.io/library/alpine:latest}, {@code 127.0.0.1:5000/app@sha256:...})
 * @param repository the registry and repository the blobs come from ({@code docker.io/library/alpine})
 * @param manifestDigest the digest of the platform's image manifest (not of an index)
 * @param manifest the manifest's bytes, verified against {@code manifestDigest}
 * @param config the image configuration's descriptor
 * @param layers the layers, bottom first
 */
@SuppressWarnings("ArrayRecordComponent") // the manifest's exact bytes; equality of resolutions is never asked
public record ResolvedImage(String name, String repository, String manifestDigest, byte[] manifest, Descriptor config,
        List<Descriptor> layers) {
    public ResolvedImage {
        layers = List.copyOf(layers);
    }
}
