/**
 * Layer unpacking: a strict tar reader, decompression (gzip; zstd through the system's libzstd;
 * plain tar) chosen by the blob's first bytes and checked against its media type, and a writer
 * that converts whiteouts for overlayfs and confines every member to the layer's directory.
 *
 * <p>The rules, each refusing the whole layer with an error naming the entry: no absolute
 * names and no ".." components (also in hardlink targets); no member whose parent path passes
 * through a symlink or a non-directory of the layer; hardlinks only to an earlier regular file
 * of the layer; character and block devices only below the layer's {@code dev/} (fifos
 * anywhere; a 0/0 character device in the tar is a device like any other, whiteouts come only
 * from {@code .wh.} names); a non-directory may replace an earlier non-directory, nothing may
 * replace a directory. Every creation is an {@code *at} call in a directory opened with
 * openat2 RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS, so the kernel refuses
 * a walk outside even where these rules had a gap. Extended attributes: see
 * {@link crate.image.unpack.XattrPolicy}. The uncompressed stream's SHA-256 must be the
 * configuration's diff ID and the compressed one the descriptor's digest and size.
 */
package crate.image.unpack;
