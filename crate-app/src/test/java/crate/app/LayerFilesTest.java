package crate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import crate.linux.Syscalls;
import crate.linux.Xattrs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file of an image seen through its unpacked layers as overlayfs will show it. Whiteouts
 * (device nodes) and opaque directories (trusted.* xattrs) need root: skipped otherwise.
 */
class LayerFilesTest {
    @TempDir Path tmp;
    private Path base;
    private Path middle;
    private Path top;

    @BeforeEach
    void layers() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "whiteouts need root");
        base = Files.createDirectories(tmp.resolve("base/etc"));
        Files.writeString(base.resolve("passwd"), "root:x:0:0::/root:/bin/sh\nbase:x:1:1::/:/bin/sh\n");
        Files.writeString(base.resolve("group"), "root:x:0:\nbase:x:1:\n");
        Files.writeString(base.resolve("hosts"), "base\n");
        middle = Files.createDirectories(tmp.resolve("middle/etc"));
        Files.writeString(middle.resolve("passwd"), "root:x:0:0::/root:/bin/sh\nmid:x:2:2::/:/bin/sh\n");
        top = Files.createDirectories(tmp.resolve("top"));
    }

    private LayerFiles files() {
        return new LayerFiles(List.of(base.getParent(), middle.getParent(), top));
    }

    @Test
    void theTopmostCopyWins() {
        assertEquals(List.of("root:x:0:0::/root:/bin/sh", "mid:x:2:2::/:/bin/sh"), files().lines("etc/passwd"));
        assertEquals(List.of("root:x:0:", "base:x:1:"), files().lines("/etc/group"));
        assertEquals(List.of(), files().lines("etc/shadow"));
    }

    @Test
    void aWhiteoutHidesTheFile() throws Exception {
        Files.createDirectories(top.resolve("etc"));
        Syscalls.mknodChar(top.resolve("etc/passwd").toString(), 0, 0, 0);
        assertEquals(Optional.empty(), files().find("etc/passwd"));
        assertEquals(List.of("root:x:0:", "base:x:1:"), files().lines("etc/group"));
    }

    @Test
    void aWhiteoutOfTheDirectoryHidesEverythingBelow() throws Exception {
        Syscalls.mknodChar(top.resolve("etc").toString(), 0, 0, 0);
        assertEquals(List.of(), files().lines("etc/group"));
    }

    @Test
    void anOpaqueDirectoryHidesTheLowerLayersCopies() throws Exception {
        Path etc = Files.createDirectories(top.resolve("etc"));
        Files.writeString(etc.resolve("group"), "top:x:3:\n");
        Xattrs.set(etc.toString(), "trusted.overlay.opaque", "y".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("top:x:3:"), files().lines("etc/group"));
        assertEquals(List.of(), files().lines("etc/passwd"));
    }

    @Test
    void aUserIsResolvedThroughTheLayers() throws Exception {
        Files.createDirectories(top.resolve("etc"));
        Syscalls.mknodChar(top.resolve("etc/passwd").toString(), 0, 0, 0);
        assertEquals(new crate.api.spec.User(0, 1, null, List.of()), UserSpec.parse("0:base", files(), "--user"));
        assertEquals(0, UserSpec.parse("0", files(), "--user").gid()); // passwd hidden: group 0, as Docker
    }
}
