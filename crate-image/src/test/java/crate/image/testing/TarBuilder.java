package crate.image.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds tar archives byte by byte, including the hostile ones a layer unpacker must refuse:
 * any name ("../x", "/etc/passwd"), links anywhere, devices, whiteouts, PAX records, GNU long
 * names, wrong checksums, truncation.
 */
public final class TarBuilder {
    private static final int BLOCK = 512;

    /** One member as it will be written. */
    private static final class Entry {
        String path;
        char type;
        byte[] content = new byte[0];
        int mode;
        int uid;
        int gid;
        long mtime = 1_700_000_000L;
        String linkName = "";
        int major;
        int minor;
        final Map<String, String> pax = new LinkedHashMap<>();
        boolean badChecksum;
        boolean gnuLongName;
    }

    private final List<Entry> entries = new ArrayList<>();

    public TarBuilder dir(String path, int mode) {
        return add(path, '5', mode);
    }

    public TarBuilder file(String path, String content, int mode) {
        return file(path, content.getBytes(StandardCharsets.UTF_8), mode);
    }

    public TarBuilder file(String path, byte[] content, int mode) {
        add(path, '0', mode);
        last().content = content;
        return this;
    }

    public TarBuilder symlink(String path, String target) {
        add(path, '2', 0777);
        last().linkName = target;
        return this;
    }

    public TarBuilder hardlink(String path, String target) {
        add(path, '1', 0644);
        last().linkName = target;
        return this;
    }

    public TarBuilder charDevice(String path, int major, int minor, int mode) {
        add(path, '3', mode);
        last().major = major;
        last().minor = minor;
        return this;
    }

    public TarBuilder blockDevice(String path, int major, int minor, int mode) {
        add(path, '4', mode);
        last().major = major;
        last().minor = minor;
        return this;
    }

    public TarBuilder fifo(String path, int mode) {
        return add(path, '6', mode);
    }

    /** A whiteout of {@code path}: {@code dir/.wh.NAME}. */
    public TarBuilder whiteout(String path) {
        int slash = path.lastIndexOf('/');
        String wh = slash < 0 ? ".wh." + path : path.substring(0, slash + 1) + ".wh." + path.substring(slash + 1);
        return file(wh, new byte[0], 0);
    }

    /** Marks {@code dir} opaque: {@code dir/.wh..wh..opq}. */
    public TarBuilder opaque(String dir) {
        return file(dir + "/.wh..wh..opq", new byte[0], 0);
    }

    /** Owner of the last member. */
    public TarBuilder owner(int uid, int gid) {
        last().uid = uid;
        last().gid = gid;
        return this;
    }

    /** Modification time of the last member, in whole seconds (the header's field). */
    public TarBuilder mtime(long seconds) {
        last().mtime = seconds;
        return this;
    }

    /** A PAX record for the last member ("mtime" with fractions, "SCHILY.xattr.user.x", "path", ...). */
    public TarBuilder pax(String key, String value) {
        last().pax.put(key, value);
        return this;
    }

    /** The last member's long name goes in a GNU 'L' member rather than a PAX path. */
    public TarBuilder gnuLongName() {
        last().gnuLongName = true;
        return this;
    }

    /** The last member's header gets a wrong checksum. */
    public TarBuilder badChecksum() {
        last().badChecksum = true;
        return this;
    }

    /** The archive with its two end-of-archive blocks. */
    public byte[] build() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Entry e : entries) {
            write(out, e);
        }
        out.writeBytes(new byte[2 * BLOCK]);
        return out.toByteArray();
    }

    /** The archive cut after {@code length} bytes. */
    public byte[] buildTruncated(int length) {
        return Arrays.copyOf(build(), length);
    }

    private TarBuilder add(String path, char type, int mode) {
        Entry e = new Entry();
        e.path = path;
        e.type = type;
        e.mode = mode;
        entries.add(e);
        return this;
    }

    private Entry last() {
        return entries.getLast();
    }

    private static void write(ByteArrayOutputStream out, Entry e) {
        byte[] pathBytes = e.path.getBytes(StandardCharsets.UTF_8);
        Map<String, String> pax = new LinkedHashMap<>(e.pax);
        String headerName = e.path;
        if (pathBytes.length > 100) {
            if (e.gnuLongName) {
                byte[] data = Arrays.copyOf(pathBytes, pathBytes.length + 1);
                out.writeBytes(header("././@LongLink", 'L', 0644, 0, 0, 0, data.length, "", 0, 0, false));
                writeData(out, data);
            } else {
                pax.put("path", e.path);
            }
            headerName = e.path.substring(0, 100);
        }
        if (!pax.isEmpty()) {
            byte[] data = paxData(pax);
            out.writeBytes(header("PaxHeaders/" + lastPart(headerName), 'x', 0644, 0, 0, 0, data.length, "", 0, 0, false));
            writeData(out, data);
        }
        out.writeBytes(header(headerName, e.type, e.mode, e.uid, e.gid, e.mtime, e.content.length, e.linkName,
                e.major, e.minor, e.badChecksum));
        writeData(out, e.content);
    }

    private static String lastPart(String path) {
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        String last = p.substring(p.lastIndexOf('/') + 1);
        return last.length() > 80 ? last.substring(0, 80) : last;
    }

    private static void writeData(ByteArrayOutputStream out, byte[] data) {
        out.writeBytes(data);
        int pad = (BLOCK - data.length % BLOCK) % BLOCK;
        out.writeBytes(new byte[pad]);
    }

    /** PAX records: "LEN key=value\n" where LEN counts the whole record. */
    static byte[] paxData(Map<String, String> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        records.forEach((key, value) -> {
            byte[] body = (" " + key + "=").getBytes(StandardCharsets.UTF_8);
            byte[] v = value.getBytes(key.startsWith("SCHILY.xattr.") ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
            int rest = body.length + v.length + 1;
            int len = rest + 1;
            while (Integer.toString(len).length() + rest != len) {
                len++;
            }
            out.writeBytes(Integer.toString(len).getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(body);
            out.writeBytes(v);
            out.write('\n');
        });
        return out.toByteArray();
    }

    private static byte[] header(String name, char type, int mode, int uid, int gid, long mtime, long size,
            String linkName, int major, int minor, boolean badChecksum) {
        byte[] h = new byte[BLOCK];
        put(h, 0, 100, name.getBytes(StandardCharsets.UTF_8));
        octal(h, 100, 8, mode);
        octal(h, 108, 8, uid);
        octal(h, 116, 8, gid);
        octal(h, 124, 12, size);
        octal(h, 136, 12, mtime);
        h[156] = (byte) type;
        put(h, 157, 100, linkName.getBytes(StandardCharsets.UTF_8));
        put(h, 257, 6, "ustar\0".getBytes(StandardCharsets.US_ASCII));
        put(h, 263, 2, "00".getBytes(StandardCharsets.US_ASCII));
        octal(h, 329, 8, major);
        octal(h, 337, 8, minor);
        Arrays.fill(h, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        if (badChecksum) {
            sum += 1;
        }
        octal(h, 148, 7, sum);
        h[155] = ' ';
        return h;
    }

    private static void put(byte[] h, int offset, int length, byte[] value) {
        System.arraycopy(value, 0, h, offset, Math.min(length, value.length));
    }

    private static void octal(byte[] h, int offset, int length, long value) {
        String digits = Long.toOctalString(value);
        String padded = "0".repeat(Math.max(0, length - 1 - digits.length())) + digits;
        put(h, offset, length - 1, padded.getBytes(StandardCharsets.US_ASCII));
        h[offset + length - 1] = 0;
    }
}
