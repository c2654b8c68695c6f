package crate.image.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.CrateException;
import crate.api.image.ImageSettings;
import crate.image.testing.RegistryPush;
import crate.image.testing.RegistryPush.Layer;
import crate.image.testing.RegistryPush.Pushed;
import crate.image.testing.TestRegistries;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against real registries (Debian's docker-registry, ../shared/harness), with images the tests push. */
class RegistryIT {
    private static final String RUN = Long.toHexString(System.nanoTime());

    @TempDir
    Path dir;

    @BeforeAll
    static void registries() throws Exception {
        TestRegistries.get();
    }

    private ImageSettings settings(List<String> registries, List<String> insecure, Optional<Path> credentials) {
        return new ImageSettings(dir.resolve("data"), registries, insecure, Map.of(), credentials, 3);
    }

    private RegistryClient insecureClient() {
        return new RegistryClient(settings(List.of("docker.io"), List.of(TestRegistries.PLAIN), Optional.of(dir.resolve("none.json"))),
                Optional.empty());
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** Fetch every layer and the config of {@code image} and compare them with what was pushed. */
    private void fetchAll(RegistryClient client, ResolvedImage image, List<byte[]> layers, Pushed pushed) throws Exception {
        assertEquals(pushed.config().digest(), image.config().digest());
        assertEquals(pushed.config().digest(), RegistryPush.sha256(client.fetchSmall(image, image.config())));
        assertEquals(layers.size(), image.layers().size());
        for (int i = 0; i < layers.size(); i++) {
            Path target = dir.resolve("layer" + i);
            AtomicLong last = new AtomicLong(-1);
            client.fetch(image, image.layers().get(i), target, last::set);
            assertArrayEquals(layers.get(i), Files.readAllBytes(target));
            assertEquals(layers.get(i).length, last.get(), "the last progress report is the whole blob");
        }
    }

    @Test
    void ociManifest() throws Exception {
        List<byte[]> layers = List.of(gzip("base layer " + RUN), gzip("second layer " + RUN));
        String repo = "registry-it/oci";
        Pushed pushed;
        try (RegistryPush push = RegistryPush.to(TestRegistries.PLAIN)) {
            pushed = push.image(repo, RUN, RegistryPush.OCI_MANIFEST, "linux", "amd64",
                    layers.stream().map(b -> new Layer(RegistryPush.OCI_LAYER_GZIP, b)).toList());
        }
        try (RegistryClient client = insecureClient()) {
            ResolvedImage image = client.resolve(TestRegistries.PLAIN + "/" + repo + ":" + RUN, Optional.of("linux/amd64"));
            assertEquals(TestRegistries.PLAIN + "/" + repo + ":" + RUN, image.name());
            assertEquals(TestRegistries.PLAIN + "/" + repo, image.repository());
            assertEquals(pushed.manifestDigest(), image.manifestDigest());
            assertEquals(pushed.manifestDigest(), RegistryPush.sha256(image.manifest()));
            assertEquals(RegistryPush.OCI_LAYER_GZIP, image.layers().getFirst().mediaType());
            fetchAll(client, image, layers, pushed);
            ResolvedImage byDigest = client.resolve(TestRegistries.PLAIN + "/" + repo + "@" + pushed.manifestDigest(), Optional.empty());
            assertEquals(TestRegistries.PLAIN + "/" + repo + "@" + pushed.manifestDigest(), byDigest.name());
            assertEquals(pushed.manifestDigest(), byDigest.manifestDigest());
        }
    }

    @Test
    void dockerSchema2Manifest() throws Exception {
        List<byte[]> layers = List.of(gzip("docker layer " + RUN));
        String repo = "registry-it/docker";
        Pushed pushed;
        try (RegistryPush push = RegistryPush.to(TestRegistries.PLAIN)) {
            pushed = push.image(repo, RUN, RegistryPush.DOCKER_MANIFEST, "linux", "amd64",
                    List.of(new Layer(RegistryPush.DOCKER_LAYER_GZIP, layers.getFirst())));
        }
        try (RegistryClient client = insecureClient()) {
            ResolvedImage image = client.resolve(TestRegistries.PLAIN + "/" + repo + ":" + RUN, Optional.empty());
            assertEquals(pushed.manifestDigest(), image.manifestDigest());
            assertEquals(RegistryPush.DOCKER_CONFIG, image.config().mediaType());
            assertEquals(RegistryPush.DOCKER_LAYER_GZIP, image.layers().getFirst().mediaType());
            fetchAll(client, image, layers, pushed);
        }
    }

    @Test
    void multiArchIndexWithAttestation() throws Exception {
        String repo = "registry-it/multi";
        byte[] amd = gzip("amd64 " + RUN);
        byte[] arm = gzip("arm64 " + RUN);
        Pushed amd64;
        Pushed arm64;
        String index;
        try (RegistryPush push = RegistryPush.to(TestRegistries.PLAIN)) {
            amd64 = push.image(repo, RUN + "-amd64", RegistryPush.OCI_MANIFEST, "linux", "amd64", List.of(new Layer(RegistryPush.OCI_LAYER_GZIP, amd)));
            arm64 = push.image(repo, RUN + "-arm64", RegistryPush.OCI_MANIFEST, "linux", "arm64", List.of(new Layer(RegistryPush.OCI_LAYER_GZIP, arm)));
            Pushed attestation = push.image(repo, RUN + "-att", RegistryPush.OCI_MANIFEST, "unknown", "unknown",
                    List.of(new Layer(RegistryPush.OCI_LAYER, "{\"in-toto\":1}".getBytes(StandardCharsets.UTF_8))));
            // the attestation first: a client that does not skip it would pick it for any platform
            index = push.index(repo, RUN, RegistryPush.OCI_INDEX, List.of(
                    RegistryPush.indexEntry(attestation, "unknown/unknown", Optional.of(amd64.manifestDigest())),
                    RegistryPush.indexEntry(amd64, "linux/amd64", Optional.empty()),
                    RegistryPush.indexEntry(arm64, "linux/arm64/v8", Optional.empty())));
        }
        String ref = TestRegistries.PLAIN + "/" + repo + ":" + RUN;
        try (RegistryClient client = insecureClient()) {
            ResolvedImage a = client.resolve(ref, Optional.of("linux/amd64"));
            assertEquals(amd64.manifestDigest(), a.manifestDigest());
            fetchAll(client, a, List.of(amd), amd64);
            ResolvedImage b = client.resolve(ref, Optional.of("linux/arm64"));
            assertEquals(arm64.manifestDigest(), b.manifestDigest());
            assertEquals(ref, b.name());
            fetchAll(client, b, List.of(arm), arm64);
            assertEquals(arm64.manifestDigest(), client.resolve(ref, Optional.of("linux/arm64/v8")).manifestDigest());
            assertEquals(amd64.manifestDigest(), client.resolve(ref, Optional.empty()).manifestDigest(), "this host is amd64");
            assertEquals(amd64.manifestDigest(),
                    client.resolve(TestRegistries.PLAIN + "/" + repo + "@" + index, Optional.of("linux/amd64")).manifestDigest());
            CrateException e = assertThrows(CrateException.class, () -> client.resolve(ref, Optional.of("linux/s390x")));
            assertEquals("registry " + TestRegistries.PLAIN + ": manifest " + ref + ": no image for linux/s390x"
                    + " (the index has linux/amd64, linux/arm64/v8)", e.getMessage());
        }
    }

    @Test
    void zstdLayerAndDockerManifestList() throws Exception {
        byte[] tar = ("a zstd layer " + RUN).repeat(1000).getBytes(StandardCharsets.UTF_8);
        Path raw = dir.resolve("layer.tar");
        Files.write(raw, tar);
        Process p = new ProcessBuilder("zstd", "-q", "-c", raw.toString()).redirectOutput(dir.resolve("layer.tar.zst").toFile()).start();
        assertEquals(0, p.waitFor());
        byte[] zst = Files.readAllBytes(dir.resolve("layer.tar.zst"));
        String repo = "registry-it/zstd";
        Pushed pushed;
        try (RegistryPush push = RegistryPush.to(TestRegistries.PLAIN)) {
            pushed = push.image(repo, RUN + "-m", RegistryPush.OCI_MANIFEST, "linux", "amd64", List.of(new Layer(RegistryPush.OCI_LAYER_ZSTD, zst)));
            push.index(repo, RUN, RegistryPush.DOCKER_LIST, List.of(RegistryPush.indexEntry(pushed, "linux/amd64", Optional.empty())));
        }
        try (RegistryClient client = insecureClient()) {
            ResolvedImage image = client.resolve(TestRegistries.PLAIN + "/" + repo + ":" + RUN, Optional.empty());
            assertEquals(RegistryPush.OCI_LAYER_ZSTD, image.layers().getFirst().mediaType());
            fetchAll(client, image, List.of(zst), pushed);
        }
    }

    @Test
    void httpsIsTheDefaultEvenOnLoopback() throws Exception {
        try (RegistryClient client = new RegistryClient(settings(List.of("docker.io"), List.of(), Optional.empty()), Optional.empty())) {
            CrateException e = assertThrows(CrateException.class, () -> client.resolve(TestRegistries.PLAIN + "/busybox", Optional.empty()));
            assertEquals("registry " + TestRegistries.PLAIN + ": server gave HTTP response to HTTPS client;"
                    + " list it in images.insecure_registries or use --tls-verify=false", e.getMessage());
        }
        try (RegistryClient client = new RegistryClient(settings(List.of("docker.io"), List.of(), Optional.empty()), Optional.of(false))) {
            assertEquals(1, client.resolve(TestRegistries.PLAIN + "/busybox", Optional.empty()).layers().size());
        }
        try (RegistryClient client = new RegistryClient(settings(List.of("docker.io"), List.of(TestRegistries.PLAIN), Optional.empty()),
                Optional.of(true))) {
            assertThrows(CrateException.class, () -> client.resolve(TestRegistries.PLAIN + "/busybox", Optional.empty()),
                    "--tls-verify=true overrides the insecure list");
        }
    }

    @Test
    void notFoundAndUnqualifiedNames() throws Exception {
        try (RegistryClient client = insecureClient()) {
            CrateException e = assertThrows(CrateException.class,
                    () -> client.resolve(TestRegistries.PLAIN + "/registry-it/none:" + RUN, Optional.empty()));
            assertTrue(e.getMessage().startsWith("registry " + TestRegistries.PLAIN + ": manifest " + TestRegistries.PLAIN
                    + "/registry-it/none:" + RUN + ": not found"), e.getMessage());
        }
        // "busybox-multi" is not on 127.0.0.1:5001 without credentials, then found on :5000
        ImageSettings s = settings(List.of(TestRegistries.BASIC, TestRegistries.PLAIN), List.of(TestRegistries.PLAIN, TestRegistries.BASIC),
                Optional.of(dir.resolve("none.json")));
        try (RegistryClient client = new RegistryClient(s, Optional.empty())) {
            ResolvedImage image = client.resolve("busybox-multi", Optional.empty());
            assertEquals(TestRegistries.PLAIN + "/busybox-multi:latest", image.name());
            assertEquals(4, image.layers().size());
            CrateException e = assertThrows(CrateException.class, () -> client.resolve("registry-it/none", Optional.empty()));
            assertTrue(e.getMessage().startsWith("cannot pull \"registry-it/none\" from any of the registries"), e.getMessage());
            assertTrue(e.getMessage().contains("authentication required") && e.getMessage().contains("not found"), e.getMessage());
        }
    }

    @Test
    void mirrorsFallThrough() throws Exception {
        // a dead mirror (nothing listens on port 9), then the plain registry as a mirror of a registry that does not exist
        ImageSettings s = new ImageSettings(dir.resolve("data"), List.of("docker.io"), List.of("127.0.0.1:9", TestRegistries.PLAIN),
                Map.of("mirrored.invalid", List.of("127.0.0.1:9", TestRegistries.PLAIN)), Optional.empty(), 3);
        try (RegistryClient client = new RegistryClient(s, Optional.empty())) {
            ResolvedImage image = client.resolve("mirrored.invalid/busybox-multi", Optional.empty());
            assertEquals("mirrored.invalid/busybox-multi:latest", image.name());
            List<byte[]> got = new ArrayList<>();
            for (Descriptor layer : image.layers()) {
                Path target = dir.resolve("m-" + got.size());
                client.fetch(image, layer, target, done -> {});
                got.add(Files.readAllBytes(target));
                assertEquals(layer.digest(), RegistryPush.sha256(got.getLast()));
            }
        }
    }

    private void authRegistry(String registry) throws Exception {
        String ref = registry + "/busybox:latest";
        Path good = TestRegistries.credentialsFile(Files.createDirectories(dir.resolve("good")), TestRegistries.USER, TestRegistries.PASSWORD);
        try (RegistryClient client = new RegistryClient(settings(List.of(), List.of(registry), Optional.of(good)), Optional.empty())) {
            ResolvedImage image = client.resolve(ref, Optional.empty());
            assertEquals(1, image.layers().size());
            Path target = dir.resolve("busybox-layer");
            client.fetch(image, image.layers().getFirst(), target, done -> {});
            assertEquals(image.layers().getFirst().size(), Files.size(target));
            client.fetchSmall(image, image.config());
        }
        Path none = dir.resolve("empty/config.json");
        try (RegistryClient client = new RegistryClient(settings(List.of(), List.of(registry), Optional.of(none)), Optional.empty())) {
            CrateException e = assertThrows(CrateException.class, () -> client.resolve(ref, Optional.empty()));
            assertEquals("registry " + registry + ": authentication required (no credentials for " + registry + " in " + none + ")",
                    e.getMessage());
        }
        Path bad = TestRegistries.credentialsFile(Files.createDirectories(dir.resolve("bad")), TestRegistries.USER, "wrong");
        try (RegistryClient client = new RegistryClient(settings(List.of(), List.of(registry), Optional.of(bad)), Optional.empty())) {
            CrateException e = assertThrows(CrateException.class, () -> client.resolve(ref, Optional.empty()));
            assertEquals("registry " + registry + ": credentials refused (401)", e.getMessage());
        }
    }

    @Test
    void basicAuth() throws Exception {
        authRegistry(TestRegistries.BASIC);
    }

    @Test
    void tokenAuth() throws Exception {
        authRegistry(TestRegistries.TOKEN);
    }

    @Test
    void pushedWithAuthIsPulledWithAuth() throws Exception {
        String repo = "registry-it/authed";
        byte[] layer = gzip("token layer " + RUN);
        Pushed pushed;
        try (RegistryPush push = RegistryPush.to(TestRegistries.TOKEN, TestRegistries.USER, TestRegistries.PASSWORD)) {
            pushed = push.image(repo, RUN, RegistryPush.OCI_MANIFEST, "linux", "amd64", List.of(new Layer(RegistryPush.OCI_LAYER_GZIP, layer)));
        }
        Path good = TestRegistries.credentialsFile(dir, TestRegistries.USER, TestRegistries.PASSWORD);
        try (RegistryClient client = new RegistryClient(settings(List.of(), List.of(TestRegistries.TOKEN), Optional.of(good)), Optional.empty())) {
            ResolvedImage image = client.resolve(TestRegistries.TOKEN + "/" + repo + ":" + RUN, Optional.empty());
            fetchAll(client, image, List.of(layer), pushed);
        }
    }
}
