package crate.image.unpack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.CrateException;
import crate.image.registry.Descriptor;
import crate.image.testing.Blobs;
import crate.image.testing.TarBuilder;
import crate.linux.Xattrs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unpacking into a real file system as root: owners, devices, trusted xattrs, and overlayfs reading the result. */
class LayerUnpackIT {
    private static final String GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    private static final String ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
    private static final String TAR = "application/vnd.oci.image.layer.v1.tar";

    /** vfs_cap_data revision 2 with CAP_NET_RAW (13) permitted: what ping carries. */
    private static final String CAPABILITY = new String(new byte[] {1, 0, 0, 2, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
            StandardCharsets.ISO_8859_1);

    @TempDir Path tmp;

    private Path unpack(String name, byte[] tar, byte[] blob, String mediaType) throws IOException, CrateException {
        Path blobFile = tmp.resolve(name + ".blob");
        Files.write(blobFile, blob);
        Path target = Files.createDirectory(tmp.resolve(name));
        UnpackedLayer layer = LayerUnpacker.unpack(blobFile, new Descriptor(mediaType, Blobs.sha256(blob), blob.length),
                Blobs.sha256(tar), target, n -> {});
        assertEquals(Blobs.sha256(tar), layer.diffId());
        return target;
    }

    private static Map<String, Object> attrs(Path p) throws IOException {
        return Files.readAttributes(p, "unix:*", LinkOption.NOFOLLOW_LINKS);
    }

    @Test
    void preservesOwnersModesTimesXattrsLinksAndDevices() throws Exception {
        byte[] tar = new TarBuilder()
                .dir("usr", 0750).owner(0, 50).mtime(1_000_000_000L)
                .dir("usr/bin", 0755)
                .file("usr/bin/ping", "ELF", 04755).owner(0, 0)
                .pax("SCHILY.xattr.security.capability", CAPABILITY)
                .file("usr/data", "hello", 0640).owner(1000, 100)
                .pax("mtime", "1600000000.5")
                .pax("SCHILY.xattr.user.note", "kept")
                .pax("SCHILY.xattr.trusted.overlay.opaque", "y")
                .pax("SCHILY.xattr.security.selinux", "system_u:object_r:bin_t:s0")
                .hardlink("usr/data-link", "usr/data")
                .symlink("usr/sh", "/bin/busybox").owner(7, 8)
                .dir("tmp", 01777)
                .dir("dev", 0755)
                .charDevice("dev/null", 1, 3, 0666)
                .blockDevice("dev/loop9", 7, 9, 0660).owner(0, 6)
                .fifo("run/ctl", 0620)
                .build();
        Path root = unpack("meta", tar, Blobs.gzip(tar), GZIP);

        Map<String, Object> data = attrs(root.resolve("usr/data"));
        assertEquals(1000, data.get("uid"));
        assertEquals(100, data.get("gid"));
        assertEquals(0100640, data.get("mode"));
        assertEquals(FileTime.from(Instant.ofEpochSecond(1600000000L, 500_000_000)), data.get("lastModifiedTime"));
        assertEquals("hello", Files.readString(root.resolve("usr/data")));
        assertArrayEquals("kept".getBytes(StandardCharsets.UTF_8), Xattrs.get(root.resolve("usr/data").toString(), "user.note").orElse(null));
        assertNull(Xattrs.get(root.resolve("usr/data").toString(), "trusted.overlay.opaque").orElse(null));
        assertNull(Xattrs.get(root.resolve("usr/data").toString(), "security.selinux").orElse(null));
        assertEquals(data.get("ino"), attrs(root.resolve("usr/data-link")).get("ino"));
        assertEquals(2, data.get("nlink"));

        Map<String, Object> ping = attrs(root.resolve("usr/bin/ping"));
        assertEquals(0104755, ping.get("mode"));
        byte[] cap = Xattrs.get(root.resolve("usr/bin/ping").toString(), "security.capability").orElse(null);
        assertTrue(cap != null && cap.length == 20, "file capability kept after chown and chmod");

        Map<String, Object> usr = attrs(root.resolve("usr"));
        assertEquals(040750, usr.get("mode"));
        assertEquals(50, usr.get("gid"));
        assertEquals(FileTime.from(Instant.ofEpochSecond(1_000_000_000L)), usr.get("lastModifiedTime"),
                "a directory's time is set after its contents are written");
        assertEquals(041777, attrs(root.resolve("tmp")).get("mode"));

        assertTrue(Files.isSymbolicLink(root.resolve("usr/sh")));
        assertEquals("/bin/busybox", Files.readSymbolicLink(root.resolve("usr/sh")).toString());
        assertEquals(7, attrs(root.resolve("usr/sh")).get("uid"));

        Map<String, Object> nul = attrs(root.resolve("dev/null"));
        assertEquals(020666, nul.get("mode"));
        assertEquals(0x103L, nul.get("rdev"));
        Map<String, Object> loop = attrs(root.resolve("dev/loop9"));
        assertEquals(060660, loop.get("mode"));
        assertEquals(6, loop.get("gid"));
        assertEquals(010620, attrs(root.resolve("run/ctl")).get("mode"));
        assertEquals(040755, attrs(root.resolve("run")).get("mode"), "a missing parent is made 0755");
    }

    @Test
    void gzipZstdAndPlainTarGiveTheSameTree() throws Exception {
        byte[] tar = new TarBuilder()
                .dir("a", 0755).file("a/one", "1".repeat(100_000), 0644)
                .file("a/" + "long".repeat(40), "2", 0600).gnuLongName()
                .dir("b", 0700).file("b/" + "x".repeat(120), "3", 0600)
                .build();
        Map<String, String> gz = tree(unpack("gz", tar, Blobs.gzip(tar), GZIP));
        Map<String, String> zst = tree(unpack("zst", tar, Blobs.zstd(tar), ZSTD));
        Map<String, String> plain = tree(unpack("plain", tar, tar, TAR));
        ByteArrayOutputStream twoMembers = new ByteArrayOutputStream();
        twoMembers.writeBytes(Blobs.gzip(java.util.Arrays.copyOf(tar, 4096)));
        twoMembers.writeBytes(Blobs.gzip(java.util.Arrays.copyOfRange(tar, 4096, tar.length)));
        Map<String, String> multi = tree(unpack("multi", tar, twoMembers.toByteArray(), GZIP));
        assertEquals(5, gz.size(), gz.toString());
        assertEquals(gz, zst);
        assertEquals(gz, plain);
        assertEquals(gz, multi);
    }

    @Test
    void aBlobThatContradictsItsMediaTypeIsRefused() throws Exception {
        byte[] tar = new TarBuilder().file("a", "1", 0644).build();
        CrateException e = assertThrows(CrateException.class, () -> unpack("mismatch", tar, Blobs.zstd(tar), GZIP));
        assertTrue(e.getMessage().contains("says gzip but the blob is zstd"), e.getMessage());
    }

    @Test
    void aTruncatedZstdStreamIsRefused() throws Exception {
        byte[] tar = new TarBuilder().file("a", "x".repeat(50_000), 0644).build();
        byte[] zst = Blobs.zstd(tar);
        byte[] cut = java.util.Arrays.copyOf(zst, zst.length - 10);
        CrateException e = assertThrows(CrateException.class, () -> unpack("cutzst", tar, cut, ZSTD));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void whiteoutsAndOpaqueDirectoriesWorkInARealOverlay() throws Exception {
        byte[] lower = new TarBuilder()
                .dir("etc", 0755).file("etc/keep", "k", 0644).file("etc/gone", "g", 0644)
                .dir("opq", 0755).file("opq/old1", "1", 0644).file("opq/old2", "2", 0644)
                .build();
        byte[] upper = new TarBuilder()
                .dir("etc", 0755).whiteout("etc/gone")
                .dir("opq", 0755).opaque("opq").file("opq/new", "n", 0644)
                .file(".wh..wh.plnk", "", 0)
                .build();
        Path l1 = unpack("l1", lower, Blobs.gzip(lower), GZIP);
        Path l2 = unpack("l2", upper, Blobs.gzip(upper), GZIP);
        Map<String, Object> wh = attrs(l2.resolve("etc/gone"));
        assertEquals(020000, (Integer) wh.get("mode") & 0170000);
        assertEquals(0L, wh.get("rdev"));
        assertArrayEquals(new byte[] {'y'}, Xattrs.get(l2.resolve("opq").toString(), "trusted.overlay.opaque").orElse(null));
        assertFalse(Files.exists(l2.resolve(".wh..wh.plnk"), LinkOption.NOFOLLOW_LINKS));

        Path mnt = Files.createDirectory(tmp.resolve("mnt"));
        // The mount lives in a child's private mount namespace and vanishes with it.
        String script = "mount -t overlay overlay -o lowerdir=" + l2 + ":" + l1 + " " + mnt
                + " && ls -A " + mnt + "/etc && echo -- && ls -A " + mnt + "/opq";
        Process p = new ProcessBuilder("unshare", "-m", "--propagation", "private", "sh", "-c", script)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertEquals("keep\n--\nnew\n", out);
    }

    @Test
    void theKernelRefusesAWalkThroughASymlinkTheModelMissed() throws Exception {
        Path sentinel = Files.createTempDirectory(Path.of("/tmp"), "store-sentinel-");
        Path target = Files.createDirectory(tmp.resolve("swap"));
        int fd = crate.linux.FilesAt.open(target.toString(), crate.linux.Syscalls.O_PATH | crate.linux.Syscalls.O_DIRECTORY, 0);
        try {
            LayerWriter writer = new LayerWriter(fd, "layer test");
            writer.write(new TarEntry("a", TarEntry.Type.DIRECTORY, 0, 0755, 0, 0, 0, 0, "", 0, 0, Map.of()),
                    java.io.InputStream.nullInputStream());
            // Someone swaps the directory for a symlink behind the writer's back (its model still says "directory").
            Files.move(target.resolve("a"), target.resolve("a.old"));
            Files.createSymbolicLink(target.resolve("a"), sentinel);
            CrateException e = assertThrows(CrateException.class, () -> writer.write(
                    new TarEntry("a/pwned", TarEntry.Type.FILE, 1, 0644, 0, 0, 0, 0, "", 0, 0, Map.of()),
                    new java.io.ByteArrayInputStream(new byte[] {'x'})));
            assertTrue(e.getMessage().contains("openat2(a)") && e.getMessage().contains("ELOOP"), e.getMessage());
            try (var files = Files.list(sentinel)) {
                assertEquals(0, files.count());
            }
        } finally {
            crate.linux.Syscalls.closeQuietly(fd);
            crate.linux.FileTrees.delete(sentinel);
        }
    }

    /** Relative path to type, mode, owner and content digest. */
    private static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                if (p.equals(root)) {
                    continue;
                }
                Map<String, Object> a = attrs(p);
                String content = Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? Blobs.sha256(Files.readAllBytes(p)) : "";
                out.put(root.relativize(p).toString(), a.get("mode") + " " + a.get("uid") + ":" + a.get("gid") + " "
                        + a.get("lastModifiedTime") + " " + content);
            }
        }
        return out;
    }
}
