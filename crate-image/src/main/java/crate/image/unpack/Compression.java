package crate.image.unpack;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/** A layer blob's compression: what its media type says, checked against its first bytes. */
public enum Compression {
    GZIP, ZSTD, NONE;

    private static final byte[] GZIP_MAGIC = {0x1f, (byte) 0x8b};
    private static final byte[] ZSTD_MAGIC = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};

    /**
     * The compression a layer media type names (Docker's and OCI's, including foreign and
     * non-distributable layers).
     *
     * @throws IllegalArgumentException for a media type that is no layer crate can unpack
     */
    public static Compression ofMediaType(String mediaType) {
        if (mediaType.contains("encrypted")) {
            throw new IllegalArgumentException("encrypted layers are not supported (" + mediaType + ")");
        }
        if (mediaType.endsWith("+zstd") || mediaType.endsWith(".tar.zstd")) {
            return ZSTD;
        }
        if (mediaType.endsWith("+gzip") || mediaType.endsWith(".tar.gzip")) {
            return GZIP;
        }
        if (mediaType.endsWith(".tar") || mediaType.endsWith("layer.v1.tar")) {
            return NONE;
        }
        throw new IllegalArgumentException("unsupported layer media type " + mediaType);
    }

    /** What the blob's first bytes show: gzip's or zstd's magic number, otherwise a plain tar. */
    public static Compression ofMagic(byte[] head) {
        if (startsWith(head, GZIP_MAGIC)) {
            return GZIP;
        }
        if (startsWith(head, ZSTD_MAGIC)) {
            return ZSTD;
        }
        return NONE;
    }

    /** The decompressed stream of {@code in}; multi-member gzip is read to its end. */
    public InputStream decompress(InputStream in) throws IOException {
        return switch (this) {
            case GZIP -> new GZIPInputStream(in, 64 * 1024);
            case ZSTD -> new ZstdInputStream(in);
            case NONE -> in;
        };
    }

    public String displayName() {
        return switch (this) {
            case GZIP -> "gzip";
            case ZSTD -> "zstd";
            case NONE -> "uncompressed tar";
        };
    }

    private static boolean startsWith(byte[] head, byte[] magic) {
        return head.length >= magic.length && Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
    }
}
