package crate.image.registry;

/**
 * A blob as a manifest names it (OCI image-spec "descriptor").
 *
 * @param mediaType as the manifest says it (the layer's compression is read from it, and
 *     checked against the blob's first bytes when unpacking)
 * @param digest {@code sha256:<64 hex>}
 * @param size the exact byte count; a blob of another size is refused
 */
public record Descriptor(String mediaType, String digest, long size) {}
