package crate.api.image;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * An image in the store, ready to be a container's rootfs.
 *
 * @param id the digest of its configuration ({@code sha256:...}), as Docker's image ID
 * @param names the full references that point at it ({@code docker.io/library/alpine:latest});
 *     empty when it is dangling
 * @param manifestDigest the digest of the manifest it was pulled by ({@code NAME@DIGEST})
 * @param size the bytes of its unpacked layers
 * @param created the image's creation time from its configuration; {@link Instant#EPOCH} if none
 * @param layers the unpacked layer directories, bottom (the base) first, for overlayfs:
 *     whiteouts are already overlayfs's character devices and opaque xattrs
 */
public record LocalImage(String id, List<String> names, String manifestDigest, long size, Instant created,
        ImageConfig config, List<Path> layers) {

    public LocalImage {
        names = List.copyOf(names);
        layers = List.copyOf(layers);
    }

    /** The 12 hex digits Docker shows as IMAGE ID. */
    public String shortId() {
        String hex = id.substring(id.indexOf(':') + 1);
        return hex.substring(0, Math.min(12, hex.length()));
    }
}
