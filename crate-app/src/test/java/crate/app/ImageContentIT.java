package crate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.app.CrateCli.Result;
import crate.image.testing.RegistryPush;
import crate.image.testing.TarBuilder;
import crate.image.testing.TestImage;
import crate.image.testing.TestImage.Compression;
import crate.image.testing.TestRegistries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images that the test builds and pushes to the harness's registries, pulled and run through
 * {@code bin/crate} as a user would: layers in gzip, zstd and plain tar with a whiteout and an
 * opaque directory, the image config applied, a multi-arch index with an attestation manifest,
 * token auth with credentials from the config, and a hostile layer that leaves the store as it
 * was.
 */
@ExtendWith(NoHostLeaks.class)
class ImageContentIT {
    private static byte[] busyboxTar;

    @TempDir Path work;
    private Path config;
    private Path data;
    /** A repository of this run's own: the registries outlive the test. */
    private String repo;

    @BeforeAll
    static void busyboxLayer() throws IOException, InterruptedException {
        CrateCli.assumeRoot();
        TestRegistries.get();
        Path rootfs = CrateCli.busyboxRootfs();
        Process tar = new ProcessBuilder("tar", "-C", rootfs.toString(), "--numeric-owner", "-cf", "-", ".")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        busyboxTar = tar.getInputStream().readAllBytes();
        assertEquals(0, tar.waitFor(), "tar of the busybox rootfs");
    }

    @BeforeEach
    void configuration() throws IOException {
        data = work.resolve("data");
        repo = "crate-it/content-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
        Path credentials = TestRegistries.credentialsFile(work, TestRegistries.USER, TestRegistries.PASSWORD);
        config = Files.writeString(work.resolve("config.toml"), """
                [runtime]
                root = "%s"
                data_root = "%s"
                [images]
                insecure_registries = ["%s", "%s"]
                credentials = "%s"
                """.formatted(work.resolve("state"), data, TestRegistries.PLAIN, TestRegistries.TOKEN, credentials));
    }

    private Result crate(String... args) {
        List<String> argv = new ArrayList<>(List.of("--config", config.toString()));
        argv.addAll(List.of(args));
        return CrateCli.crateToFiles(work, argv.toArray(String[]::new));
    }

    private static void assertOk(Result result) {
        assertEquals(0, result.exit(), result.out() + result.err());
    }

    /** busybox (gzip), + files (zstd), + a whiteout and an opaque directory (plain tar). */
    private static TestImage layered() {
        byte[] files = new TarBuilder().dir("etc", 0755).file("etc/motd", "hello\n", 0644).dir("data", 0755)
                .dir("data/keep", 0755).file("data/keep/a", "a", 0644).file("data/keep/b", "b", 0644)
                .dir("home", 0755).dir("home/app", 0750).owner(1000, 1000).file("home/app/note", "mine\n", 0600).owner(1000, 1000)
                .build();
        byte[] removals = new TarBuilder().dir("etc", 0755).whiteout("etc/motd").dir("data", 0755).dir("data/keep", 0755)
                .opaque("data/keep").file("data/keep/c", "c", 0644).build();
        return new TestImage().layer(busyboxTar, Compression.GZIP).layer(files, Compression.ZSTD)
                .layer(removals, Compression.NONE).entrypoint("/bin/sh", "-c").cmd("echo default cmd")
                .env("PATH=/bin", "GREETING=from-image").workingDir("/data/keep").user("1000:1000").exposedPort("8080/tcp");
    }

    @Test
    void layersWhiteoutsAndTheImageConfigShapeTheContainer() throws IOException, InterruptedException {
        String image = TestRegistries.PLAIN + "/" + repo + ":v1";
        try (RegistryPush push = RegistryPush.to(TestRegistries.PLAIN)) {
            push.image(repo, "v1", layered());
        }
        Result pulled = crate("pull", image);
        assertOk(pulled);

        Result byDefault = crate("run", image);
        assertOk(byDefault);
        assertEquals("default cmd\n", byDefault.out(), "Entrypoint + Cmd");

        Result inside = crate("run", image, "ls /data/keep; test -e /etc/motd || echo motd gone; pwd; id -u; "
                + "echo $GREETING; cat /home/app/note; echo written > /home/app/w; cat /home/app/w");
        assertOk(inside);
        assertEquals("c\nmotd gone\n/data/keep\n1000\nfrom-image\nmine\nwritten\n", inside.out(), inside.err());

        Result overridden = crate("run", "-w", "/", "-u", "0", "-e", "GREETING=from-flag", image, "pwd; id -u; echo $GREETING");
        assertOk(overridden);
        assertEquals("/\n0\nfrom-flag\n", overridden.out());

        Result readOnly = crate("run", "--read-only", "-u", "0", image, "touch /x 2>&1 || true");
        assertOk(readOnly);
        assertTrue(readOnly.out().contains("Read-only file system"), readOnly.out());

        Result detached = crate("run", "-d", "--name", "content-detached", image, "sleep 30");
        assertOk(detached);
        try {
            Result state = crate("state", "content-detached");
            assertOk(state);
            assertTrue(state.out().contains("8080/tcp"), "ExposedPorts kept as metadata: " + state.out());
            assertTrue(Files.exists(data.resolve("containers/content-detached/image")));
        } finally {
            assertOk(crate("delete", "--force", "content-detached"));
        }
        assertTrue(Files.notExists(data.resolve("containers/content-detached")), "the container's directory goes with it");
    }

    @Test
    void theIndexGivesEachPlatformItsOwnManifestAndSkipsAttestations() throws IOException, InterruptedException {
        String image = TestRegistries.PLAIN + "/" + repo + ":multi";
        try (RegistryPush push = RegistryPush.to(TestRegistries.PLAIN)) {
            RegistryPush.Pushed amd64 = push.image(repo, "amd64", archImage("amd64"));
            RegistryPush.Pushed arm64 = push.image(repo, "arm64", archImage("arm64"));
            RegistryPush.Pushed attestation = push.image(repo, "attestation", archImage("unknown"));
            push.index(repo, "multi", RegistryPush.OCI_INDEX, List.of(
                    RegistryPush.indexEntry(attestation, "unknown/unknown", Optional.of(amd64.manifestDigest())),
                    RegistryPush.indexEntry(arm64, "linux/arm64/v8", Optional.empty()),
                    RegistryPush.indexEntry(amd64, "linux/amd64", Optional.empty())));
        }
        Result host = crate("run", image, "cat", "/arch");
        assertOk(host);
        assertEquals("amd64\n", host.out(), "this host's platform; the attestation is skipped");

        assertOk(crate("pull", "-q", "--platform", "linux/arm64", image));
        Result arm = crate("run", "--pull", "never", image, "cat", "/arch");
        assertOk(arm);
        assertEquals("arm64\n", arm.out(), "the name now points at the arm64 image");

        Result none = crate("pull", "--platform", "linux/s390x", image);
        assertNotEquals(0, none.exit());
        assertTrue(none.err().contains("linux/amd64") && none.err().contains("linux/arm64"), "lists what is there: " + none.err());
    }

    private static TestImage archImage(String arch) {
        return new TestImage().architecture(arch).layer(busyboxTar, Compression.GZIP)
                .layer(new TarBuilder().file("arch", arch + "\n", 0644).build(), Compression.GZIP);
    }

    @Test
    void tokenAuthUsesTheConfiguredCredentials() throws IOException, InterruptedException {
        String image = TestRegistries.TOKEN + "/" + repo + ":auth";
        try (RegistryPush push = RegistryPush.to(TestRegistries.TOKEN, TestRegistries.USER, TestRegistries.PASSWORD)) {
            push.image(repo, "auth", archImage("amd64"));
        }
        Result pulled = crate("run", image, "cat", "/arch");
        assertOk(pulled);
        assertEquals("amd64\n", pulled.out());

        Files.writeString(config, Files.readString(config).replaceAll("credentials = .*\n", "credentials = \""
                + TestRegistries.credentialsFile(Files.createDirectories(work.resolve("wrong")), TestRegistries.USER, "wrong")
                + "\"\n"));
        Result refused = crate("pull", "-q", image);
        assertNotEquals(0, refused.exit());
        assertTrue(refused.err().contains(TestRegistries.TOKEN), "names the registry: " + refused.err());
    }

    @Test
    void aHostileLayerIsRefusedAndTheStoreStaysAsItWas() throws IOException, InterruptedException {
        String good = TestRegistries.PLAIN + "/" + repo + ":good";
        String evil = TestRegistries.PLAIN + "/" + repo + ":evil";
        Path outside = Files.createDirectories(work.resolve("outside"));
        byte[] escape = new TarBuilder().dir("x", 0755).symlink("x/up", outside.toString()).file("x/up/pwned", "!", 0644)
                .build();
        try (RegistryPush push = RegistryPush.to(TestRegistries.PLAIN)) {
            push.image(repo, "good", archImage("amd64"));
            push.image(repo, "evil", new TestImage().layer(busyboxTar, Compression.GZIP).layer(escape, Compression.GZIP));
        }
        assertOk(crate("pull", "-q", good));
        Map<String, String> before = tree(data);
        Result refused = crate("pull", evil);
        assertNotEquals(0, refused.exit());
        assertTrue(refused.err().contains("x/up/pwned"), "names the entry: " + refused.err());
        assertEquals(before, tree(data), "the store is as it was");
        try (Stream<Path> left = Files.list(outside)) {
            assertEquals(List.of(), left.toList(), "nothing written outside the store");
        }
        Result run = crate("run", "--pull", "never", evil, "true");
        assertNotEquals(0, run.exit(), "no image was recorded");
    }

    /** Every path under {@code root} with its type and size (lock files and tmp/ aside: they may come and go empty). */
    private static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.forEach(p -> {
                String rel = root.relativize(p).toString();
                if (rel.startsWith("locks") || rel.startsWith("tmp") || rel.endsWith("lock")) {
                    return;
                }
                try {
                    entries.put(rel, Files.isDirectory(p) ? "dir" : Files.isSymbolicLink(p) ? "link" : "file " + Files.size(p));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return entries;
    }
}
