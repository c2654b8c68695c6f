package crate.image.unpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class LayerPathsTest {

    @Test
    void cleansHarmlessForms() {
        assertEquals("etc/passwd", LayerPaths.clean("./etc//passwd"));
        assertEquals("etc", LayerPaths.clean("etc/"));
        assertEquals("", LayerPaths.clean("./"));
        assertEquals("a/b", LayerPaths.clean("a/./b/."));
    }

    @Test
    void refusesEscapes() {
        assertEquals("leaves the layer root",
                assertThrows(IllegalArgumentException.class, () -> LayerPaths.clean("../etc/passwd")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> LayerPaths.clean("a/../../b"));
        assertThrows(IllegalArgumentException.class, () -> LayerPaths.clean("a/.."));
        assertEquals("is an absolute path",
                assertThrows(IllegalArgumentException.class, () -> LayerPaths.clean("/etc/passwd")).getMessage());
    }

    @Test
    void whiteouts() {
        assertEquals(Optional.of("etc/gone"), LayerPaths.whiteoutTarget("etc/.wh.gone"));
        assertEquals(Optional.of("top"), LayerPaths.whiteoutTarget(".wh.top"));
        assertEquals(Optional.empty(), LayerPaths.whiteoutTarget("etc/.wh..wh..opq"));
        assertEquals(Optional.empty(), LayerPaths.whiteoutTarget("etc/file"));
        assertThrows(IllegalArgumentException.class, () -> LayerPaths.whiteoutTarget("etc/.wh.."));
        assertTrue(LayerPaths.isOpaqueMarker("a/.wh..wh..opq"));
        assertTrue(LayerPaths.isAufsMeta(".wh..wh.plnk"));
        assertFalse(LayerPaths.isAufsMeta("a/.wh..wh..opq"));
    }

    @Test
    void devicesOnlyBelowDev() {
        assertTrue(LayerPaths.deviceAllowed("dev/null"));
        assertTrue(LayerPaths.deviceAllowed("dev/pts/x"));
        assertFalse(LayerPaths.deviceAllowed("dev"));
        assertFalse(LayerPaths.deviceAllowed("etc/null"));
        assertFalse(LayerPaths.deviceAllowed("devices/x"));
    }

    @Test
    void xattrPolicy() {
        assertTrue(XattrPolicy.keep("user.comment"));
        assertTrue(XattrPolicy.keep("security.capability"));
        assertFalse(XattrPolicy.keep("trusted.overlay.opaque"));
        assertFalse(XattrPolicy.keep("security.selinux"));
        assertFalse(XattrPolicy.keep("system.posix_acl_access"));
    }

    @Test
    void compressionOfMediaTypeAndMagic() {
        assertEquals(Compression.GZIP, Compression.ofMediaType("application/vnd.docker.image.rootfs.diff.tar.gzip"));
        assertEquals(Compression.GZIP, Compression.ofMediaType("application/vnd.oci.image.layer.v1.tar+gzip"));
        assertEquals(Compression.ZSTD, Compression.ofMediaType("application/vnd.oci.image.layer.v1.tar+zstd"));
        assertEquals(Compression.NONE, Compression.ofMediaType("application/vnd.oci.image.layer.v1.tar"));
        assertThrows(IllegalArgumentException.class, () -> Compression.ofMediaType("application/json"));
        assertThrows(IllegalArgumentException.class,
                () -> Compression.ofMediaType("application/vnd.oci.image.layer.v1.tar+gzip+encrypted"));
        assertEquals(Compression.GZIP, Compression.ofMagic(new byte[] {0x1f, (byte) 0x8b, 8, 0}));
        assertEquals(Compression.ZSTD, Compression.ofMagic(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}));
        assertEquals(Compression.NONE, Compression.ofMagic(new byte[] {'e', 't', 'c', '/'}));
    }
}
