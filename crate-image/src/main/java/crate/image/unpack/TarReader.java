package crate.image.unpack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A strict reader of tar archives as image layers are written: POSIX ustar, GNU long names and
 * link names ({@code L}, {@code K}), PAX extended ({@code x}) and global ({@code g}) headers
 * (path, linkpath, size, uid, gid, mtime with fractions, {@code SCHILY.xattr.*}), numbers in
 * octal or base-256. It refuses what it does not understand rather than guessing: a header
 * whose checksum is wrong, a malformed number or PAX record, sparse files, an archive that
 * ends in the middle of a header, an extension or a member's content.
 *
 * <p>An archive that simply stops after a member's content, without its padding or its
 * end-of-archive blocks, ends there: Go's archive/tar reads it so (containerd, Docker), and
 * tools write such layers (umoci's {@code insert} of one file, seen in the test registry). This
 * costs no safety: a layer's integrity is its diffID, the SHA-256 of the whole uncompressed
 * stream, which the unpacker checks.
 *
 * <p>Use: {@link #next()} until it returns null; between calls {@link #content()} reads the
 * current regular file's bytes (what is left unread is skipped).
 */
public final class TarReader {
    private static final int BLOCK = 512;
    /** GNU long names and PAX headers larger than this are refused (a layer has no use for them). */
    private static final int MAX_EXTENSION = 1 << 20;

    private final InputStream in;
    private final Map<String, String> globalPax = new HashMap<>();
    private final byte[] header = new byte[BLOCK];
    private final byte[] scratch = new byte[64 * 1024];
    private long remaining;
    private long padding;
    private boolean ended;

    public TarReader(InputStream in) {
        this.in = in;
    }

    /** The next member, or null after the end-of-archive block. */
    public TarEntry next() throws IOException {
        skipRest();
        if (ended) {
            return null;
        }
        Map<String, String> pax = new HashMap<>(globalPax);
        String longName = null;
        String longLink = null;
        while (true) {
            if (!readHeader()) {
                ended = true;
                return null;
            }
            char type = (char) header[156];
            long size = number(124, 12, "size");
            switch (type) {
                case 'x' -> pax.putAll(parsePax(readExtension(size, "PAX header")));
                case 'g' -> {
                    Map<String, String> global = parsePax(readExtension(size, "PAX global header"));
                    globalPax.putAll(global);
                    pax.putAll(global);
                }
                case 'L' -> longName = cString(readExtension(size, "GNU long name"));
                case 'K' -> longLink = cString(readExtension(size, "GNU long link name"));
                default -> {
                    return member(type, size, pax, longName, longLink);
                }
            }
        }
    }

    /** The current member's content; reads end at its size. */
    public InputStream content() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (remaining == 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) {
                    throw new MalformedTarException("the archive ends inside a member's content (truncated)");
                }
                remaining -= n;
                return n;
            }
        };
    }

    private TarEntry member(char typeFlag, long headerSize, Map<String, String> pax, String longName, String longLink)
            throws IOException {
        TarEntry.Type type = switch (typeFlag) {
            case '0', '\0', '7' -> TarEntry.Type.FILE;
            case '1' -> TarEntry.Type.HARDLINK;
            case '2' -> TarEntry.Type.SYMLINK;
            case '3' -> TarEntry.Type.CHAR_DEVICE;
            case '4' -> TarEntry.Type.BLOCK_DEVICE;
            case '5' -> TarEntry.Type.DIRECTORY;
            case '6' -> TarEntry.Type.FIFO;
            default -> throw new MalformedTarException("unsupported tar member type '" + printable(typeFlag) + "' of \""
                    + headerPath(longName, pax) + "\"");
        };
        for (String key : pax.keySet()) {
            if (key.startsWith("GNU.sparse")) {
                throw new MalformedTarException("sparse file \"" + headerPath(longName, pax) + "\" is not supported");
            }
        }
        String path = headerPath(longName, pax);
        String link = pax.containsKey("linkpath") ? pax.get("linkpath")
                : longLink != null ? longLink : string(157, 100);
        long size = pax.containsKey("size") ? paxNumber(pax, "size") : headerSize;
        int uid = pax.containsKey("uid") ? (int) paxNumber(pax, "uid") : (int) number(108, 8, "uid");
        int gid = pax.containsKey("gid") ? (int) paxNumber(pax, "gid") : (int) number(116, 8, "gid");
        long seconds;
        int nanos = 0;
        if (pax.containsKey("mtime")) {
            long[] time = paxTime(pax.get("mtime"));
            seconds = time[0];
            nanos = (int) time[1];
        } else {
            seconds = number(136, 12, "mtime");
        }
        int mode = (int) (number(100, 8, "mode") & 07777);
        int major = 0;
        int minor = 0;
        if (type == TarEntry.Type.CHAR_DEVICE || type == TarEntry.Type.BLOCK_DEVICE) {
            major = (int) number(329, 8, "devmajor");
            minor = (int) number(337, 8, "devminor");
        }
        Map<String, byte[]> xattrs = new LinkedHashMap<>();
        pax.forEach((key, value) -> {
            if (key.startsWith("SCHILY.xattr.")) {
                xattrs.put(key.substring("SCHILY.xattr.".length()), value.getBytes(StandardCharsets.ISO_8859_1));
            }
        });
        // Only regular files carry content; the others are header-only whatever size they
        // claim (as Go's archive/tar reads them: a PAX hardlink may state its target's size).
        remaining = type == TarEntry.Type.FILE ? size : 0;
        padding = type == TarEntry.Type.FILE ? (BLOCK - size % BLOCK) % BLOCK : 0;
        return new TarEntry(path, type, type == TarEntry.Type.FILE ? size : 0, mode, uid, gid, seconds, nanos,
                link, major, minor, xattrs);
    }

    private String headerPath(String longName, Map<String, String> pax) {
        if (pax.containsKey("path")) {
            return pax.get("path");
        }
        if (longName != null) {
            return longName;
        }
        String name = string(0, 100);
        boolean posix = header[257] == 'u' && header[262] == 0; // "ustar\0": a prefix field, unlike GNU's "ustar "
        String prefix = posix ? string(345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    /** Reads a header block; false at the end-of-archive (a zero block, or the stream's end). */
    private boolean readHeader() throws IOException {
        int n = in.readNBytes(header, 0, BLOCK);
        if (n == 0) {
            return false;
        }
        if (n < BLOCK) {
            throw new MalformedTarException("the archive ends inside a header (truncated)");
        }
        boolean zero = true;
        for (byte b : header) {
            if (b != 0) {
                zero = false;
                break;
            }
        }
        if (zero) {
            return false;
        }
        long stored = number(148, 8, "checksum");
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            byte b = i >= 148 && i < 156 ? (byte) ' ' : header[i];
            unsigned += b & 0xff;
            signed += b;
        }
        if (stored != unsigned && stored != signed) {
            throw new MalformedTarException("bad header checksum for \"" + string(0, 100) + "\" (stored " + stored
                    + ", computed " + unsigned + ")");
        }
        return true;
    }

    private byte[] readExtension(long size, String what) throws IOException {
        if (size < 0 || size > MAX_EXTENSION) {
            throw new MalformedTarException(what + " of " + size + " bytes is too large");
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length < size) {
            throw new MalformedTarException("the archive ends inside a " + what + " (truncated)");
        }
        skipExactly((BLOCK - size % BLOCK) % BLOCK);
        return data;
    }

    private void skipRest() throws IOException {
        skipExactly(remaining);
        remaining = 0;
        if (padding > 0) {
            int read = in.readNBytes(scratch, 0, (int) padding);
            if (read == 0) {
                ended = true; // stopped right after the content: the end, as Go's reader takes it
            } else if (read < padding) {
                throw new MalformedTarException("the archive ends inside a member's padding (truncated)");
            }
        }
        padding = 0;
    }

    /** Reads (never skips: the stream below may be hashing every byte) {@code n} bytes. */
    private void skipExactly(long n) throws IOException {
        long left = n;
        while (left > 0) {
            int read = in.read(scratch, 0, (int) Math.min(left, scratch.length));
            if (read < 0) {
                throw new MalformedTarException("the archive ends inside a member's content (truncated)");
            }
            left -= read;
        }
    }

    /** PAX records: "LENGTH KEY=VALUE\n", LENGTH counting the whole record in bytes. */
    static Map<String, String> parsePax(byte[] data) throws MalformedTarException {
        Map<String, String> records = new HashMap<>();
        int pos = 0;
        while (pos < data.length) {
            int space = pos;
            while (space < data.length && data[space] >= '0' && data[space] <= '9' && space - pos < 10) {
                space++;
            }
            if (space == pos || space >= data.length || data[space] != ' ') {
                throw new MalformedTarException("malformed PAX record at byte " + pos);
            }
            int length = Integer.parseInt(new String(data, pos, space - pos, StandardCharsets.US_ASCII));
            int end = pos + length;
            if (length <= space - pos + 1 || end > data.length || data[end - 1] != '\n') {
                throw new MalformedTarException("malformed PAX record at byte " + pos);
            }
            int equals = space + 1;
            while (equals < end - 1 && data[equals] != '=') {
                equals++;
            }
            if (equals >= end - 1 || equals == space + 1) {
                throw new MalformedTarException("malformed PAX record at byte " + pos);
            }
            String key = new String(data, space + 1, equals - space - 1, StandardCharsets.UTF_8);
            // xattr values are bytes: keep them byte for byte; everything else is UTF-8 text.
            String value = key.startsWith("SCHILY.xattr.")
                    ? new String(data, equals + 1, end - 1 - equals - 1, StandardCharsets.ISO_8859_1)
                    : new String(data, equals + 1, end - 1 - equals - 1, StandardCharsets.UTF_8);
            if (value.isEmpty()) {
                records.remove(key); // an empty value deletes the keyword (POSIX)
            } else {
                records.put(key, value);
            }
            pos = end;
        }
        return records;
    }

    private static long paxNumber(Map<String, String> pax, String key) throws MalformedTarException {
        try {
            long value = Long.parseLong(pax.get(key));
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new MalformedTarException("malformed PAX " + key + " \"" + pax.get(key) + "\"");
        }
    }

    /** "SECONDS[.FRACTION]" to {seconds, nanoseconds}. */
    static long[] paxTime(String text) throws MalformedTarException {
        if (!text.matches("-?[0-9]{1,19}(\\.[0-9]*)?")) {
            throw new MalformedTarException("malformed PAX mtime \"" + text + "\"");
        }
        int dot = text.indexOf('.');
        long seconds = Long.parseLong(dot < 0 ? text : text.substring(0, dot));
        long nanos = 0;
        if (dot >= 0) {
            String fraction = (text.substring(dot + 1) + "000000000").substring(0, 9);
            nanos = Long.parseLong(fraction);
            if (text.startsWith("-") && nanos > 0) {
                seconds -= 1;
                nanos = 1_000_000_000 - nanos;
            }
        }
        return new long[] {seconds, nanos};
    }

    /** A numeric field: octal digits (NUL or space ended), or base-256 when the high bit of its first byte is set. */
    private long number(int offset, int length, String field) throws MalformedTarException {
        if ((header[offset] & 0x80) != 0) {
            if ((header[offset] & 0x40) != 0) {
                throw new MalformedTarException("negative " + field + " in the header of \"" + string(0, 100) + "\"");
            }
            long value = header[offset] & 0x3f;
            for (int i = 1; i < length; i++) {
                if ((value >>> 55) != 0) {
                    throw new MalformedTarException(field + " out of range in the header of \"" + string(0, 100) + "\"");
                }
                value = value << 8 | (header[offset + i] & 0xff);
            }
            return value;
        }
        int start = offset;
        int end = offset + length;
        while (start < end && (header[start] == ' ' || header[start] == 0)) {
            start++;
        }
        int stop = start;
        while (stop < end && header[stop] >= '0' && header[stop] <= '7') {
            stop++;
        }
        for (int i = stop; i < end; i++) {
            if (header[i] != ' ' && header[i] != 0) {
                throw new MalformedTarException("malformed " + field + " field in the header of \"" + string(0, 100) + "\"");
            }
        }
        if (stop == start) {
            return 0;
        }
        if (stop - start > 21) {
            throw new MalformedTarException(field + " out of range in the header of \"" + string(0, 100) + "\"");
        }
        return Long.parseLong(new String(header, start, stop - start, StandardCharsets.US_ASCII), 8);
    }

    private String string(int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static String cString(byte[] data) {
        int end = 0;
        while (end < data.length && data[end] != 0) {
            end++;
        }
        return new String(data, 0, end, StandardCharsets.UTF_8);
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c);
    }
}
