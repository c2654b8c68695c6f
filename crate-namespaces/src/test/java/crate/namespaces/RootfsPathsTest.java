package crate.namespaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.CrateException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

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
}
