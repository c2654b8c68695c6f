package crate.namespaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.CrateException;
import crate.linux.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootfsPathsTest {
    private static final Path ROOTFS = Path.of("/run/crate/rootfs");

    @Test
    void absolutePathGoesUnderTheRoot() throws CrateException {
        assertEquals(Path.of("/run/crate/rootfs/proc"), RootfsPaths.inside(ROOTFS, "/proc"));
        assertEquals(Path.of("/run/crate/rootfs/dev/shm"), RootfsPaths.inside(ROOTFS, "/dev/shm"));
    }

    @Test
    void relativePathIsTakenFromTheRoot() throws CrateException {
        assertEquals(Path.of("/run/crate/rootfs/dev/pts"), RootfsPaths.inside(ROOTFS, "dev/pts"));
    }

    @Test
    void rootItselfIsTheRootfs() throws CrateException {
        assertEquals(ROOTFS, RootfsPaths.inside(ROOTFS, "/"));
        assertEquals(ROOTFS, RootfsPaths.inside(ROOTFS, "///"));
    }

    @Test
    void redundantSlashesAndDotsAreDropped() throws CrateException {
        assertEquals(Path.of("/run/crate/rootfs/etc"), RootfsPaths.inside(ROOTFS, "/etc/"));
        assertEquals(Path.of("/run/crate/rootfs/a/b"), RootfsPaths.inside(ROOTFS, "//a//./b/"));
    }

    @Test
    void namesThatMerelyStartWithDotsAreFine() throws CrateException {
        assertEquals(Path.of("/run/crate/rootfs/a/..b"), RootfsPaths.inside(ROOTFS, "/a/..b"));
        assertEquals(Path.of("/run/crate/rootfs/.../x"), RootfsPaths.inside(ROOTFS, "/.../x"));
    }

    @Test
    void dotDotIsRejectedWherever() {
        for (String path : new String[] {"..", "../etc", "/../etc", "/a/../../etc", "/a/../b", "/a/.."}) {
            CrateException e = assertThrows(CrateException.class, () -> RootfsPaths.inside(ROOTFS, path), path);
            assertTrue(e.getMessage().startsWith("path " + path + " "), e.getMessage());
            assertEquals(CrateException.RUNTIME_ERROR, e.exitStatus());
        }
    }

    @TempDir Path tmp;

    /** Where {@link RootfsPaths#open} resolves {@code path} in {@code rootfs}, creating per {@code create}. */
    private static Path resolve(Path rootfs, String path, RootfsPaths.Create create) throws Exception {
        int root = RootfsPaths.openRoot(rootfs);
        try {
            int fd = RootfsPaths.open(root, path, create);
            try {
                return Files.readSymbolicLink(Path.of(RootfsPaths.procPath(fd)));
            } finally {
                Syscalls.closeQuietly(fd);
            }
        } finally {
            Syscalls.closeQuietly(root);
        }
    }

    private Path rootfs() throws IOException {
        return Files.createDirectories(tmp.resolve("rootfs")).toRealPath();
    }

    @Test
    void symlinkToAHostDirectoryIsCreatedInsideTheRootfs() throws Exception {
        Path rootfs = rootfs();
        Path host = Files.createDirectories(tmp.resolve("HOSTDIR")).toRealPath();
        Files.createDirectories(rootfs.resolve("etc"));
        Files.createSymbolicLink(rootfs.resolve("etc/abs"), host);
        Files.createSymbolicLink(rootfs.resolve("etc/rel"), Path.of("../../../../../../../.." + host));
        Path inside = rootfs.resolve(host.toString().substring(1));
        assertEquals(inside.resolve("x"), resolve(rootfs, "/etc/abs/x", RootfsPaths.Create.DIRECTORY));
        assertEquals(inside.resolve("f"), resolve(rootfs, "/etc/rel/f", RootfsPaths.Create.FILE));
        assertTrue(Files.isRegularFile(inside.resolve("f")));
        try (Stream<Path> entries = Files.list(host)) {
            assertEquals(List.of(), entries.toList());
        }
    }

    @Test
    void existingHostTargetIsStillResolvedInsideTheRootfs() throws Exception {
        Path rootfs = rootfs();
        Path host = Files.createDirectories(tmp.resolve("exists")).toRealPath();
        Files.createSymbolicLink(rootfs.resolve("link"), host);
        assertEquals(rootfs.resolve(host.toString().substring(1)).resolve("y"),
                resolve(rootfs, "/link/y", RootfsPaths.Create.DIRECTORY));
        assertTrue(Files.notExists(host.resolve("y")));
    }

    @Test
    void relativeDanglingLinkIsFollowedFromItsDirectory() throws Exception {
        Path rootfs = rootfs();
        Files.createDirectories(rootfs.resolve("a/b"));
        Files.createSymbolicLink(rootfs.resolve("a/b/c"), Path.of("../d/e"));
        assertEquals(rootfs.resolve("a/d/e/z"), resolve(rootfs, "a/b/c/z", RootfsPaths.Create.DIRECTORY));
    }

    @Test
    void missingPathWithoutCreatingIsAnErrorOrMinusOne() throws Exception {
        Path rootfs = rootfs();
        int root = RootfsPaths.openRoot(rootfs);
        try {
            assertEquals(-1, RootfsPaths.openExisting(root, "/nothing/here"));
            assertThrows(CrateException.class, () -> RootfsPaths.open(root, "/nothing", RootfsPaths.Create.NOTHING));
        } finally {
            Syscalls.closeQuietly(root);
        }
    }

    @Test
    void symlinkLoopEndsInAnError() throws Exception {
        Path rootfs = rootfs();
        Files.createSymbolicLink(rootfs.resolve("loop"), Path.of("/loop/x"));
        CrateException e = assertThrows(CrateException.class,
                () -> resolve(rootfs, "/loop", RootfsPaths.Create.DIRECTORY));
        assertTrue(e.getMessage().contains("loop"), e.getMessage());
    }
}
