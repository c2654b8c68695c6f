package crate.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.CrateException;
import crate.api.image.ImageSettings;
import crate.api.image.LocalImage;
import crate.api.image.PruneReport;
import crate.api.image.PullProgress;
import crate.api.image.PullRequest;
import crate.image.store.ImageStore;
import crate.image.testing.DirectoryBlobSource;
import crate.image.testing.TestImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pulls into a real store on disk (root: layers keep owners and devices), concurrency, crashes, rmi and prune. */
class ImagePullerIT {
    @TempDir Path tmp;
    private Path root;
    private DirectoryBlobSource source;
    private ImageSettings settings;

    @BeforeEach
    void setUp() throws Exception {
        root = tmp.resolve("root");
        source = new DirectoryBlobSource(tmp.resolve("registry"));
        settings = new ImageSettings(root, List.of("example.com"), List.of(), Map.of(), java.util.Optional.empty(), 2);
    }

    private ImagePuller puller() {
        return new ImagePuller(settings, (s, r) -> source);
    }

    private static TestImage imageA() {
        return SampleImages.a();
    }

    private static TestImage imageB() {
        return SampleImages.b();
    }

    /** Records every progress call. */
    private static final class Recorder implements PullProgress {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void blob(String digest, Phase phase, long done, long total) {
            events.add(digest + " " + phase);
        }

        long count(Phase phase) {
            return events.stream().filter(e -> e.endsWith(" " + phase)).map(e -> e.split(" ", -1)[0]).distinct().count();
        }
    }

    @Test
    void pullsRecordsAndFindsAnImage() throws Exception {
        TestImage a = imageA();
        source.add("example.com/app:1", a);
        Recorder progress = new Recorder();
        LocalImage image = puller().pull(PullRequest.of("example.com/app:1"), progress);

        assertEquals(a.id(), image.id());
        assertEquals(List.of("example.com/app:1"), image.names());
        assertEquals(List.of("/app/a"), image.config().cmd());
        assertEquals(List.of("PATH=/bin"), image.config().env());
        assertEquals(3, image.layers().size());
        assertEquals("ID=test\n", Files.readString(image.layers().get(0).resolve("etc/os-release")));
        assertTrue(Files.isRegularFile(image.layers().get(1).resolve("lib/libc.so")));
        assertEquals(020000, (Integer) Files.getAttribute(image.layers().get(2).resolve("etc/os-release"), "unix:mode",
                java.nio.file.LinkOption.NOFOLLOW_LINKS) & 0170000, "the whiteout is overlayfs's");
        assertEquals(3, progress.count(PullProgress.Phase.DONE));
        assertEquals(3, progress.count(PullProgress.Phase.DOWNLOADING));

        ImagePuller p = puller();
        assertEquals(a.id(), p.find("app:1").orElseThrow().id(), "short name through the configured registry");
        assertEquals(a.id(), p.find("example.com/app:1").orElseThrow().id());
        assertEquals(a.id(), p.find(a.id().substring(7, 13)).orElseThrow().id(), "ID prefix");
        assertEquals(a.id(), p.find(a.id()).orElseThrow().id());
        String manifestDigest = image.manifestDigest();
        assertEquals(a.id(), p.find("example.com/app@" + manifestDigest).orElseThrow().id());
        assertTrue(p.find("example.com/app:2").isEmpty());
        assertEquals(1, p.list().size());

        Recorder again = new Recorder();
        p.pull(PullRequest.of("example.com/app:1"), again);
        assertEquals(3, again.count(PullProgress.Phase.EXISTS));
        assertEquals(0, again.count(PullProgress.Phase.DOWNLOADING));
        for (TestImage.Layer layer : a.layers()) {
            assertEquals(1, source.fetchCount(layer.descriptor().digest()));
        }
    }

    @Test
    void concurrentPullsOfOverlappingImagesUnpackEachLayerOnce() throws Exception {
        TestImage a = imageA();
        TestImage b = imageB();
        source.add("example.com/a:1", a);
        source.add("example.com/b:1", b);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<LocalImage> fa = threads.submit(() -> {
                start.await();
                return puller().pull(PullRequest.of("example.com/a:1"), PullProgress.NONE);
            });
            Future<LocalImage> fb = threads.submit(() -> {
                start.await();
                return puller().pull(PullRequest.of("example.com/b:1"), PullProgress.NONE);
            });
            start.countDown();
            assertEquals(a.id(), fa.get().id());
            assertEquals(b.id(), fb.get().id());
        } finally {
            threads.shutdownNow();
        }
        // The shared base and lib layers: downloaded and unpacked once, by whichever pull came first.
        assertEquals(1, source.fetchCount(a.layers().get(0).descriptor().digest()));
        assertEquals(1, source.fetchCount(a.layers().get(1).descriptor().digest()));
        ImageStore store = ImageStore.open(root, List.of());
        assertEquals(4, store.census().get("layers"));
        assertEquals(0, store.census().get("tmp"));
        assertEquals(2, puller().list().size());
        assertEquals(puller().find("example.com/a:1").orElseThrow().layers().subList(0, 2),
                puller().find("example.com/b:1").orElseThrow().layers().subList(0, 2));
    }

    @Test
    void aPullThatFailsMidwayLeavesOnlyCompleteLayersAndTheNextOneSucceeds() throws Exception {
        TestImage a = imageA();
        source.add("example.com/app:1", a);
        String lib = a.layers().get(1).descriptor().digest();
        source.failMidway(lib, a.layers().get(1).descriptor().size() / 2);
        CrateException e = assertThrows(CrateException.class,
                () -> puller().pull(PullRequest.of("example.com/app:1"), PullProgress.NONE));
        assertTrue(e.getMessage().contains("connection reset"), e.getMessage());
        ImageStore store = ImageStore.open(root, List.of());
        assertEquals(0, store.census().get("tmp"), "no temporary file is left");
        assertFalse(store.hasBlob(lib));
        assertTrue(puller().list().isEmpty(), "no image is recorded");

        // A pull killed outright leaves its temporary entries, named after a process that is gone.
        Path stale = Files.createDirectories(root.resolve("tmp/999999999-1-7/diff/etc"));
        Files.writeString(stale.resolve("half"), "half a layer");
        Files.writeString(root.resolve("tmp/999999999-1-8"), "half a blob");
        LocalImage image = puller().pull(PullRequest.of("example.com/app:1"), PullProgress.NONE);
        assertEquals(a.id(), image.id());
        assertEquals(0, store.census().get("tmp"), "the next pull removed what the dead one left");
        assertEquals(2, source.fetchCount(lib));
    }

    @Test
    void rmiUntagsAndDeletesAsDockerDoes() throws Exception {
        TestImage a = imageA();
        TestImage b = imageB();
        source.add("example.com/a:1", a);
        source.add("example.com/a:latest", a);
        source.add("example.com/b:1", b);
        ImagePuller p = puller();
        p.pull(PullRequest.of("example.com/a:1"), PullProgress.NONE);
        p.pull(PullRequest.of("example.com/a:latest"), PullProgress.NONE);
        p.pull(PullRequest.of("example.com/b:1"), PullProgress.NONE);
        assertEquals(List.of("example.com/a:1", "example.com/a:latest"), p.find(a.id()).orElseThrow().names());

        CrateException multi = assertThrows(CrateException.class, () -> p.remove(a.id().substring(7, 19), false));
        assertTrue(multi.getMessage().contains("image is referenced in multiple repositories"), multi.getMessage());

        assertEquals(List.of("Untagged: example.com/a:latest"), p.remove("a", false));
        assertTrue(p.find("a:1").isPresent());
        List<String> lines = p.remove("a:1", false);
        assertEquals("Untagged: example.com/a:1", lines.getFirst());
        assertTrue(lines.contains("Deleted: " + a.id()), lines.toString());
        assertEquals(1, lines.stream().filter(l -> l.startsWith("Deleted: sha256:") && !l.equals("Deleted: " + a.id())).count(),
                "only a's own layer goes; base and lib stay for b: " + lines);
        assertTrue(p.find(a.id()).isEmpty());
        ImageStore store = ImageStore.open(root, List.of());
        assertEquals(3, store.census().get("layers"));

        // A container uses b: rmi refuses, rmi -f untags but keeps the image for the container.
        Path container = Files.createDirectories(settings.containerDir("c1"));
        Files.writeString(container.resolve(ImageSettings.IMAGE_ID_FILE), b.id());
        CrateException used = assertThrows(CrateException.class, () -> p.remove(b.id(), false));
        assertTrue(used.getMessage().contains("image is being used by container c1"), used.getMessage());
        CrateException usedByName = assertThrows(CrateException.class, () -> p.remove("b:1", false));
        assertTrue(usedByName.getMessage().contains("container c1 is using its referenced image"), usedByName.getMessage());
        assertEquals(List.of("Untagged: example.com/b:1"), p.remove("b:1", true));
        assertTrue(p.find(b.id()).isPresent(), "kept, dangling, for its container");
        assertTrue(p.find(b.id()).orElseThrow().names().isEmpty());
        assertThrows(CrateException.class, () -> p.remove("nothing:here", false));
    }

    @Test
    void pruneKeepsWhatImagesAndContainersUse() throws Exception {
        TestImage a = imageA();
        TestImage b = imageB();
        source.add("example.com/a:1", a);
        source.add("example.com/b:1", b);
        ImagePuller p = puller();
        p.pull(PullRequest.of("example.com/a:1"), PullProgress.NONE);
        p.pull(PullRequest.of("example.com/b:1"), PullProgress.NONE);
        ImageStore store = ImageStore.open(root, List.of());
        int blobs = store.census().get("blobs");
        assertEquals(4 + 2 + 2, blobs, "4 layer blobs, 2 configs, 2 manifests");

        // Dangling: b loses its name to a newer image (a is re-tagged as b:1).
        source.add("example.com/b:1", a);
        p.pull(PullRequest.of("example.com/b:1"), PullProgress.NONE);
        assertTrue(p.find(b.id()).orElseThrow().names().isEmpty());
        // ...and unreferenced leftovers: a blob and a layer no image names.
        Files.writeString(root.resolve("blobs/sha256/" + "f".repeat(64)), "orphan");
        Files.createDirectories(root.resolve("layers/sha256/" + "e".repeat(64) + "/diff"));

        PruneReport report = p.prune(false);
        assertTrue(report.deleted().contains("deleted: " + b.id()), report.deleted().toString());
        assertTrue(report.deleted().contains("deleted: sha256:" + "e".repeat(64)), report.deleted().toString());
        assertTrue(report.reclaimedBytes() > 0);
        assertTrue(p.find(a.id()).isPresent(), "named images stay without -a");
        assertEquals(3, store.census().get("layers"));
        assertEquals(3 + 1 + 1, store.census().get("blobs"));

        // -a: every image without a container goes, except the one a container uses.
        Path container = Files.createDirectories(settings.containerDir("c1"));
        Files.writeString(container.resolve(ImageSettings.IMAGE_ID_FILE), a.id());
        PruneReport kept = p.prune(true);
        assertFalse(kept.deleted().contains("deleted: " + a.id()), kept.deleted().toString());
        assertEquals(3, store.census().get("layers"));
        Files.delete(container.resolve(ImageSettings.IMAGE_ID_FILE));
        PruneReport all = p.prune(true);
        assertTrue(all.deleted().contains("untagged: example.com/a:1"), all.deleted().toString());
        assertTrue(all.deleted().contains("deleted: " + a.id()), all.deleted().toString());
        assertEquals(0, store.census().get("layers"));
        assertEquals(0, store.census().get("blobs"));
        assertTrue(p.list().isEmpty());
    }
}
