package crate.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.CrateException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OverlayOptionsTest {
    private static final Path UPPER = Path.of("/var/lib/crate/containers/c1/upper");
    private static final Path WORK = Path.of("/var/lib/crate/containers/c1/work");

    /** n layer directories as a store keeps them: 64 hex digits each, under one parent. */
    private static List<Path> layers(int n) {
        List<Path> dirs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            dirs.add(Path.of("/var/lib/crate/layers/sha256/" + "%064x".formatted(i) + "/diff"));
        }
        return dirs;
    }

    @Test
    void fewLayersAreAbsoluteAndTopFirstAsGiven() throws CrateException {
        OverlayOptions options = OverlayOptions.of(List.of(Path.of("/l/top"), Path.of("/l/base")), Optional.of(UPPER),
                Optional.of(WORK));
        assertEquals("lowerdir=/l/top:/l/base,upperdir=" + UPPER + ",workdir=" + WORK, options.data());
        assertEquals(Optional.empty(), options.workingDir());
    }

    @Test
    void readOnlyHasNoUpperOrWork() throws CrateException {
        assertEquals("lowerdir=/l/b:/l/a",
                OverlayOptions.of(List.of(Path.of("/l/b"), Path.of("/l/a")), Optional.empty(), Optional.empty()).data());
    }

    @Test
    void fortyTwoLayersAreRelativeToTheirCommonParent() throws CrateException {
        List<Path> dirs = layers(42); // absolute: 4,100 bytes and more
        OverlayOptions options = OverlayOptions.of(dirs, Optional.of(UPPER), Optional.of(WORK));
        assertEquals(Optional.of(Path.of("/var/lib/crate/layers/sha256")), options.workingDir());
        assertTrue(options.data().startsWith("lowerdir=" + "%064x".formatted(0) + "/diff:"), options.data());
        assertTrue(options.data().endsWith(",upperdir=" + UPPER + ",workdir=" + WORK), options.data());
        assertTrue(options.data().length() < OverlayOptions.LIMIT, "length " + options.data().length());
    }

    @Test
    void tooManyLayersAreAClearError() {
        CrateException e = assertThrows(CrateException.class,
                () -> OverlayOptions.of(layers(100), Optional.of(UPPER), Optional.of(WORK)));
        assertTrue(e.getMessage().startsWith("the image's 100 layers do not fit in one overlay mount: its options take "),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("more than the kernel's 4096 even relative to /var/lib/crate/layers/sha256"),
                e.getMessage());
    }

    @Test
    void aNameThatOverlayfsWouldSplitIsRefused() {
        CrateException e = assertThrows(CrateException.class,
                () -> OverlayOptions.of(List.of(Path.of("/l/a:b")), Optional.empty(), Optional.empty()));
        assertEquals("overlay directory /l/a:b: a name with ',', ':' or '\\' cannot be an overlayfs option", e.getMessage());
    }

    @Test
    void commonParentIsNeverOneOfTheDirectories() {
        assertEquals(Path.of("/a"), OverlayOptions.commonParent(List.of(Path.of("/a/b"), Path.of("/a/b/c"))));
        assertEquals(Path.of("/a/b"), OverlayOptions.commonParent(List.of(Path.of("/a/b/c"), Path.of("/a/b/d"))));
        assertEquals(Path.of("/"), OverlayOptions.commonParent(List.of(Path.of("/x"), Path.of("/y/z"))));
    }
}
