package crate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.app.CrateCli.Result;
import crate.linux.Syscalls;
import crate.linux.Xattrs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "image" filesystem and crate run IMAGE, end to end through bin/crate, on layers built
 * by hand: a base (the busybox rootfs, plus /opt/data/old), a middle layer (a file, and
 * /opt/data made opaque holding only "new"), a top layer (a whiteout of /bin/vi). The images
 * are served by a test-only puller plugin ({@link HandMadeImages}) chosen with images.puller;
 * state, data root and plugins live in the test's directory. NoHostLeaks checks that nothing
 * stays mounted on the host.
 */
@ExtendWith(NoHostLeaks.class)
class ImageFilesystemIT {
    private static final String MULTI = "front/multi:1";
    private static final String MULTI_ID = "sha256:" + "f1".repeat(32);

    @TempDir Path work;
    private Path data;
    private Path config;
    private Path base;
    private final List<String> containers = new ArrayList<>();

    @BeforeEach
    void layersAndConfig() throws Exception {
        data = work.resolve("data");
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        Files.copy(HandMadeImages.pluginJar(Files.createDirectories(work.resolve("build"))), plugins.resolve("handmade.jar"));
        config = Files.writeString(work.resolve("config.toml"), """
                [runtime]
                root = "%s"
                data_root = "%s"
                plugin_dir = "%s"
                [images]
                puller = "hand-made"
                """.formatted(work.resolve("state"), data, plugins));
        Path layers = Files.createDirectories(work.resolve("layers"));
        base = layers.resolve("base");
        Result copied = CrateCli.exec(List.of("cp", "-a", CrateCli.busyboxRootfs().toString(), base.toString()), null);
        assertEquals(0, copied.exit(), copied.err());
        Files.createDirectories(base.resolve("opt/data"));
        Files.writeString(base.resolve("opt/data/old"), "old\n");
        assertTrue(Files.exists(base.resolve("bin/vi"), java.nio.file.LinkOption.NOFOLLOW_LINKS), "the busybox rootfs has /bin/vi");
        Path middle = Files.createDirectories(layers.resolve("middle/etc"));
        Files.writeString(middle.resolve("front-middle"), "middle\n");
        Path opaque = Files.createDirectories(layers.resolve("middle/opt/data"));
        Files.writeString(opaque.resolve("new"), "new\n");
        Xattrs.set(opaque.toString(), "trusted.overlay.opaque", "y".getBytes(StandardCharsets.UTF_8));
        Path top = Files.createDirectories(layers.resolve("top/bin"));
        Syscalls.mknodChar(top.resolve("vi").toString(), 0, 0, 0);
        HandMadeImages.add(data, MULTI, MULTI_ID, List.of(base, layers.resolve("middle"), layers.resolve("top")), "", "sh");
        HandMadeImages.add(data, "front/single:1", "sha256:" + "51".repeat(32), List.of(base), "nobody", "sh");
    }

    @AfterEach
    void deleteContainers() {
        for (String id : containers) {
            crate("delete", "--force", id);
        }
    }

    private Result crate(String... args) {
        List<String> argv = new ArrayList<>(List.of("--config", config.toString()));
        argv.addAll(List.of(args));
        return CrateCli.crateToFiles(work, argv.toArray(String[]::new));
    }

    private Path containerDir(String id) {
        return data.resolve("containers").resolve(id);
    }

    @Test
    void theLayersAreMergedWithWhiteoutsAndOpaqueDirectories() {
        Result result = crate("run", "--name", "front-merge", MULTI, "sh", "-c",
                "ls /bin/vi 2>&1; ls /opt/data; cat /etc/front-middle; echo $FROM_IMAGE; pwd");
        assertEquals(0, result.exit(), result.err());
        assertEquals("ls: /bin/vi: No such file or directory\nnew\nmiddle\nyes\n/tmp\n", result.out());
        assertFalse(Files.exists(containerDir("front-merge")), "a foreground run removes the container directory");
    }

    @Test
    void writesGoToTheUpperLayerAndVanishWithTheContainer() throws Exception {
        containers.add("front-rw");
        Result started = crate("run", "-d", "--name", "front-rw", MULTI, "sh", "-c", "echo data > /written; rm /etc/front-middle");
        assertEquals(0, started.exit(), started.err());
        Path upper = containerDir("front-rw").resolve("upper");
        waitFor(upper.resolve("written"));
        assertEquals("data\n", Files.readString(upper.resolve("written")));
        assertEquals(MULTI_ID + "\n", Files.readString(containerDir("front-rw").resolve("image")));
        assertFalse(Files.exists(base.resolve("written")), "the layers are never written");
        assertTrue(Files.exists(work.resolve("layers/middle/etc/front-middle")), "a removal is a whiteout in upper only");
        Result deleted = crate("delete", "--force", "front-rw");
        assertEquals(0, deleted.exit(), deleted.err());
        assertFalse(Files.exists(containerDir("front-rw")), "delete removes the container directory");
    }

    @Test
    void readOnlyRootRefusesWrites() {
        Result result = crate("run", "--read-only", "--name", "front-ro", MULTI, "sh", "-c",
                "cat /etc/front-middle; touch /x 2>&1; echo status=$?");
        assertEquals(0, result.exit(), result.err());
        assertTrue(result.out().startsWith("middle\ntouch: /x: Read-only file system\nstatus=1"), result.out());
        assertFalse(Files.exists(containerDir("front-ro")));
    }

    /** overlayfs wants two lower layers without an upper one: a single layer is bound read-only instead. */
    @Test
    void readOnlySingleLayerImage() {
        Result result = crate("run", "--read-only", "front/single:1", "sh", "-c", "id -u; touch /x 2>&1; ls /bin/vi");
        assertEquals(0, result.exit(), result.err());
        assertEquals("65534\ntouch: /x: Read-only file system\n/bin/vi\n", result.out());
    }

    /** The image's User, resolved in its layers' /etc/passwd; -u wins. */
    @Test
    void theImagesUserUnlessTold() {
        assertEquals("65534:65534\n", crate("run", "front/single:1", "sh", "-c", "echo $(id -u):$(id -g)").out());
        assertEquals("0:0\n", crate("run", "-u", "root", "front/single:1", "sh", "-c", "echo $(id -u):$(id -g)").out());
    }

    /** 40 layers under a long directory, as a store keeps them: their absolute paths exceed a page, relative ones fit. */
    @Test
    void fortyLayers() throws Exception {
        Path deep = Files.createDirectories(work.resolve("layers/" + "long-directory-name-".repeat(4)));
        Path bottom = deep.resolve("%064x".formatted(99)).resolve("diff");
        Files.createDirectories(bottom.getParent());
        Result copied = CrateCli.exec(List.of("cp", "-a", base.toString(), bottom.toString()), null);
        assertEquals(0, copied.exit(), copied.err());
        List<Path> layers = new ArrayList<>(List.of(bottom));
        for (int i = 0; i < 39; i++) {
            Path layer = Files.createDirectories(deep.resolve("%064x".formatted(i)).resolve("diff"));
            Files.writeString(layer.resolve("l" + i), "layer " + i + "\n");
            if (i == 38) {
                Files.writeString(layer.resolve("l0"), "overridden\n");
            }
            layers.add(layer);
        }
        assertTrue(String.join(":", layers.stream().map(Path::toString).toList()).length() > 4096, "absolute paths exceed a page");
        HandMadeImages.add(data, "front/many:1", "sha256:" + "40".repeat(32), layers, "", "sh");
        Result result = crate("run", "front/many:1", "sh", "-c", "cat /l0 /l37 /l38; ls / | grep -c '^l[0-9]'");
        assertEquals(0, result.exit(), result.err());
        assertEquals("overridden\nlayer 37\nlayer 38\n39\n", result.out());
    }

    @Test
    void aMissingLayerIsRefusedBeforeAnythingIsMade() throws Exception {
        HandMadeImages.add(data, "front/broken:1", "sha256:" + "bb".repeat(32), List.of(work.resolve("layers/nope")), "", "sh");
        Result result = crate("run", "--name", "front-broken", "front/broken:1");
        assertNotEquals(0, result.exit());
        assertEquals("crate: image sha256:" + "bb".repeat(32) + ": layer directory " + work.resolve("layers/nope")
                + " does not exist (crate pull the image again)\n", result.err());
        assertFalse(Files.exists(containerDir("front-broken")));
        assertFalse(Files.exists(work.resolve("state/front-broken")));
    }

    /** Host commands keep working with a puller installed: echo is on crate's PATH and no image. */
    @Test
    void aCommandOnThePathIsStillACommand() {
        Result result = crate("run", "echo", "hi");
        assertEquals(0, result.exit(), result.err());
        assertEquals("hi\n", result.out());
    }

    private static void waitFor(Path file) throws InterruptedException {
        for (int i = 0; i < 200 && !Files.exists(file); i++) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(file), file + " never appeared");
    }
}
