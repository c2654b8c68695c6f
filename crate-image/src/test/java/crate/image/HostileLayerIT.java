package crate.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.CrateException;
import crate.api.image.ImageSettings;
import crate.api.image.PullProgress;
import crate.api.image.PullRequest;
import crate.image.registry.Descriptor;
import crate.image.testing.Blobs;
import crate.image.testing.DirectoryBlobSource;
import crate.image.testing.TarBuilder;
import crate.image.testing.TestImage;
import crate.linux.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile corpus: each layer is refused with an error naming the layer and what is wrong,
 * the store is exactly as before (a base image already in it), and the sentinel directory
 * outside the store is untouched.
 */
class HostileLayerIT {
    private static final byte[] BASE = new TarBuilder().dir("etc", 0755).file("etc/os-release", "ID=test\n", 0644).build();

    @TempDir Path tmp;
    private Path sentinel;
    private Path root;
    private DirectoryBlobSource source;
    private ImagePuller puller;

    @BeforeEach
    void setUp() throws Exception {
        sentinel = Files.createTempDirectory(Path.of("/tmp"), "store-sentinel-");
        Files.writeString(sentinel.resolve("secret"), "s3cret");
        root = tmp.resolve("root");
        source = new DirectoryBlobSource(tmp.resolve("registry"));
        ImageSettings settings = ImageSettings.defaults().withDataRoot(root);
        puller = new ImagePuller(settings, (s, r) -> source);
        source.add("example.com/base:1", new TestImage().layer(BASE, TestImage.Compression.GZIP));
        puller.pull(PullRequest.of("example.com/base:1"), PullProgress.NONE);
    }

    @AfterEach
    void tearDown() throws IOException {
        FileTrees.delete(sentinel);
    }

    /** Pulls base + {@code hostile}; returns the error after checking the store and the sentinel. */
    private String refused(TestImage hostile) throws Exception {
        source.add("example.com/evil:1", hostile);
        Map<String, String> before = StoreSnapshot.of(root);
        CrateException e = assertThrows(CrateException.class,
                () -> puller.pull(PullRequest.of("example.com/evil:1"), PullProgress.NONE));
        assertEquals(before, StoreSnapshot.of(root), "the store is unchanged");
        try (var files = Files.list(sentinel)) {
            assertEquals(1, files.count(), "nothing new in the sentinel directory");
        }
        assertEquals("s3cret", Files.readString(sentinel.resolve("secret")));
        assertTrue(puller.find("example.com/evil:1").isEmpty());
        return e.getMessage();
    }

    private static TestImage withBase(byte[] tar) {
        return new TestImage().layer(BASE, TestImage.Compression.GZIP).layer(tar, TestImage.Compression.GZIP);
    }

    private static void assertMentions(String message, String... parts) {
        assertTrue(message.startsWith("layer sha256:"), message);
        for (String part : parts) {
            assertTrue(message.contains(part), "\"" + part + "\" in: " + message);
        }
    }

    @Test
    void dotDotTraversal() throws Exception {
        String m = refused(withBase(new TarBuilder().file("../../../../../../../.." + sentinel + "/pwned", "x", 0644).build()));
        assertMentions(m, "pwned", "leaves the layer root");
    }

    @Test
    void absolutePath() throws Exception {
        String m = refused(withBase(new TarBuilder().file(sentinel + "/pwned", "x", 0644).build()));
        assertMentions(m, "entry \"" + sentinel + "/pwned\" is an absolute path");
    }

    @Test
    void symlinkEscapeThenWriteThroughIt() throws Exception {
        String m = refused(withBase(new TarBuilder().symlink("esc", sentinel.toString()).file("esc/pwned", "x", 0644).build()));
        assertMentions(m, "entry \"esc/pwned\" passes through the symlink \"esc\"");
        String r = refused(withBase(new TarBuilder().symlink("up", "../../../../../../..").dir("up/tmp", 0755).build()));
        assertMentions(r, "passes through the symlink \"up\"");
    }

    @Test
    void hardlinkEscape() throws Exception {
        String m = refused(withBase(new TarBuilder().hardlink("h", "../../../../../../.." + sentinel + "/secret").build()));
        assertMentions(m, "entry \"h\" links to", "leaves the layer root");
        String a = refused(withBase(new TarBuilder().hardlink("h", sentinel + "/secret").build()));
        assertMentions(a, "is an absolute path");
    }

    @Test
    void hardlinkThroughASymlink() throws Exception {
        String m = refused(withBase(new TarBuilder().symlink("s", sentinel.toString()).hardlink("h", "s/secret").build()));
        assertMentions(m, "entry \"h\" links to \"s/secret\", which is no earlier member");
        String l = refused(withBase(new TarBuilder().symlink("s", sentinel + "/secret").hardlink("h", "s").build()));
        assertMentions(l, "which is not a regular file");
    }

    @Test
    void deviceNodeOutsideDev() throws Exception {
        String m = refused(withBase(new TarBuilder().blockDevice("etc/disk", 8, 0, 0660).build()));
        assertMentions(m, "entry \"etc/disk\" is a device node outside dev/");
        String w = refused(withBase(new TarBuilder().charDevice("etc/fake-whiteout", 0, 0, 0).build()));
        assertMentions(w, "is a device node outside dev/");
    }

    @Test
    void digestMismatch() throws Exception {
        source.lying();
        byte[] good = Blobs.gzip(new TarBuilder().file("a", "1", 0644).build());
        byte[] tar = new TarBuilder().file("a", "2", 0644).build();
        byte[] evil = Blobs.gzip(tar);
        TestImage image = new TestImage().layer(BASE, TestImage.Compression.GZIP)
                .rawLayer(evil, new Descriptor("application/vnd.oci.image.layer.v1.tar+gzip", Blobs.sha256(good), evil.length),
                        Blobs.sha256(tar));
        String m = refused(image);
        assertMentions(m, "the blob is " + Blobs.sha256(evil), "not " + Blobs.sha256(good));
    }

    @Test
    void diffIdMismatch() throws Exception {
        byte[] tar = new TarBuilder().file("a", "1", 0644).build();
        byte[] blob = Blobs.gzip(tar);
        String wrong = Blobs.sha256("other".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        TestImage image = new TestImage().layer(BASE, TestImage.Compression.GZIP)
                .rawLayer(blob, new Descriptor("application/vnd.oci.image.layer.v1.tar+gzip", Blobs.sha256(blob), blob.length), wrong);
        String m = refused(image);
        assertMentions(m, "its uncompressed tar is " + Blobs.sha256(tar), "the image configuration says " + wrong);
    }

    @Test
    void truncatedGzip() throws Exception {
        byte[] tar = new TarBuilder().file("big", "z".repeat(200_000), 0644).build();
        byte[] gz = Blobs.gzip(tar);
        byte[] cut = Arrays.copyOf(gz, gz.length / 2);
        TestImage image = new TestImage().layer(BASE, TestImage.Compression.GZIP)
                .rawLayer(cut, new Descriptor("application/vnd.oci.image.layer.v1.tar+gzip", Blobs.sha256(cut), cut.length),
                        Blobs.sha256(tar));
        assertMentions(refused(image), "truncated");
    }

    @Test
    void truncatedTar() throws Exception {
        byte[] tar = new TarBuilder().file("a", "x".repeat(5000), 0644).build();
        byte[] cut = Arrays.copyOf(tar, 3000);
        assertMentions(refused(withBase(cut)), "the archive ends inside a member's content (truncated)");
    }

    @Test
    void badHeaderChecksum() throws Exception {
        byte[] tar = new TarBuilder().file("a", "1", 0644).file("b", "2", 0644).badChecksum().build();
        assertMentions(refused(withBase(tar)), "bad header checksum for \"b\"");
    }

    @Test
    void layerCountDisagreesWithDiffIds() throws Exception {
        TestImage image = new TestImage().layer(BASE, TestImage.Compression.GZIP);
        source.add("example.com/evil:1", image);
        // The same layers, but the manifest names one more layer than the configuration has diff IDs.
        var resolved = source.resolve("example.com/evil:1", java.util.Optional.empty());
        var twice = new crate.image.registry.ResolvedImage(resolved.name(), resolved.repository(), resolved.manifestDigest(),
                resolved.manifest(), resolved.config(), java.util.List.of(resolved.layers().get(0), resolved.layers().get(0)));
        ImagePuller p = new ImagePuller(ImageSettings.defaults().withDataRoot(root), (s, r) -> new crate.image.registry.BlobSource() {
            @Override
            public crate.image.registry.ResolvedImage resolve(String reference, java.util.Optional<String> platform) {
                return twice;
            }

            @Override
            public byte[] fetchSmall(crate.image.registry.ResolvedImage i, Descriptor blob) throws CrateException {
                return source.fetchSmall(i, blob);
            }

            @Override
            public void fetch(crate.image.registry.ResolvedImage i, Descriptor blob, Path target, Listener l) throws CrateException {
                source.fetch(i, blob, target, l);
            }
        });
        CrateException e = assertThrows(CrateException.class, () -> p.pull(PullRequest.of("example.com/evil:1"), PullProgress.NONE));
        assertTrue(e.getMessage().contains("the manifest has 2 layers but the configuration 1 diff_ids"), e.getMessage());
    }
}
