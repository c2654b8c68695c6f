package crate.image.unpack;

/**
 * What unpacking one layer found.
 *
 * @param diffId the SHA-256 of the uncompressed tar
 * @param size the bytes of regular file content written
 */
public record UnpackedLayer(String diffId, long size) {}
