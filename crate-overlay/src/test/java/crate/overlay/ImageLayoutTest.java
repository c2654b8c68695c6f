package crate.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import crate.api.CrateException;
import crate.api.spec.Root;
import crate.api.spec.Spec;
import crate.api.spi.ContainerContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageLayoutTest {
    private static ContainerContext context(String id, Map<String, String> options) {
        Spec spec = new Spec(Spec.OCI_VERSION, null, new Root("/d/" + id + "/rootfs", false), "h", null, List.of(), null, Map.of());
        return new ContainerContext(id, "/", spec, ImageFilesystem.NAME, options);
    }

    @Test
    void readsTheOptions() throws CrateException {
        ImageLayout layout = ImageLayout.of(context("c1", Map.of(ContainerContext.IMAGE, "sha256:ab",
                ContainerContext.IMAGE_LAYERS, "/s/base\n/s/mid\n/s/top\n", ContainerContext.IMAGE_CONTAINER_DIR, "/d/c1")));
        assertEquals("sha256:ab", layout.imageId());
        assertEquals(List.of(Path.of("/s/top"), Path.of("/s/mid"), Path.of("/s/base")), layout.layersTopFirst());
        assertEquals(Path.of("/d/c1/upper"), layout.upper());
        assertEquals(Path.of("/d/c1/work"), layout.work());
        assertEquals(Path.of("/d/c1/rootfs"), layout.rootfs());
        assertEquals(Path.of("/d/c1/image"), layout.imageIdFile());
    }

    @Test
    void aMissingOptionIsNamed() {
        CrateException e = assertThrows(CrateException.class, () -> ImageLayout.of(context("c1",
                Map.of(ContainerContext.IMAGE, "sha256:ab", ContainerContext.IMAGE_CONTAINER_DIR, "/d/c1"))));
        assertEquals("the image filesystem needs the option image-layers (crate run IMAGE sets it)", e.getMessage());
    }

    /** release removes the directory recursively: never one that is not this container's. */
    @Test
    void theContainerDirectoryMustBeNamedAfterTheContainer() {
        CrateException e = assertThrows(CrateException.class, () -> ImageLayout.of(context("c1", Map.of(
                ContainerContext.IMAGE, "sha256:ab", ContainerContext.IMAGE_LAYERS, "/s/base",
                ContainerContext.IMAGE_CONTAINER_DIR, "/var/lib"))));
        assertEquals("container directory /var/lib is not named after the container c1", e.getMessage());
        CrateException relative = assertThrows(CrateException.class, () -> ImageLayout.of(context("c1", Map.of(
                ContainerContext.IMAGE, "sha256:ab", ContainerContext.IMAGE_LAYERS, "/s/base",
                ContainerContext.IMAGE_CONTAINER_DIR, "/d/../c1"))));
        assertEquals("container directory /d/../c1 is not an absolute, normalized path", relative.getMessage());
    }
}
