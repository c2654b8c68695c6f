package crate.image.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import crate.api.CrateException;
import crate.api.image.ImageSettings;
import crate.image.store.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What real registries do not do on demand: broken transfers, lies, redirects, a Docker-Hub-like token flow, bad TLS. */
class RegistryFaultIT {
    private static final String REPO = "test/app";
    private static final String MANIFEST_PATH = "/v2/" + REPO + "/manifests/latest";
    private static final int SIZE = 300_000;

    @TempDir
    Path dir;

    private final byte[] blob = new byte[SIZE];
    private byte[] config;
    private byte[] manifest;
    private String blobDigest;
    private String blobPath;
    private String configPath;
    private FaultServer server;

    /** What a listener saw. */
    private static final class Recorder implements BlobSource.Listener {
        final List<Long> progress = Collections.synchronizedList(new ArrayList<>());
        final List<String> retries = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void progress(long done) {
            progress.add(done);
        }

        @Override
        public void retrying(int attempt, String why) {
            retries.add(attempt + ": " + why);
        }
    }

    @BeforeEach
    void image() throws IOException {
        new Random(7).nextBytes(blob);
        blobDigest = Digests.of(blob);
        config = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
        manifest = manifestFor(Digests.of(config), config.length, blobDigest, SIZE);
        blobPath = "/v2/" + REPO + "/blobs/" + blobDigest;
        configPath = "/v2/" + REPO + "/blobs/" + Digests.of(config);
        server = FaultServer.start();
        server.route(MANIFEST_PATH, (ex, n) -> FaultServer.send(ex, 200, MediaTypes.OCI_MANIFEST, manifest));
        server.route(configPath, (ex, n) -> FaultServer.send(ex, 200, null, config));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static byte[] manifestFor(String configDigest, long configSize, String layerDigest, long layerSize) {
        return ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\"" + MediaTypes.OCI_CONFIG
                + "\",\"digest\":\"" + configDigest + "\",\"size\":" + configSize + "},\"layers\":[{\"mediaType\":\""
                + MediaTypes.OCI_LAYER_GZIP + "\",\"digest\":\"" + layerDigest + "\",\"size\":" + layerSize + "}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private RegistryClient client(FaultServer s) {
        return client(s, RetryPolicy.immediate(4));
    }

    private RegistryClient client(FaultServer s, RetryPolicy retry) {
        ImageSettings settings = new ImageSettings(dir.resolve("data"), List.of("docker.io"), List.of(s.address()), Map.of(),
                Optional.of(dir.resolve("no-config.json")), 3);
        return new RegistryClient(settings, Optional.empty(), retry, Clock.systemUTC());
    }

    private Path fetch(Recorder rec) throws CrateException {
        return fetch(rec, RetryPolicy.immediate(4));
    }

    private Path fetch(Recorder rec, RetryPolicy retry) throws CrateException {
        try (RegistryClient c = client(server, retry)) {
            ResolvedImage image = c.resolve(server.address() + "/" + REPO, Optional.empty());
            Path target = dir.resolve("blob");
            c.fetch(image, image.layers().getFirst(), target, rec);
            return target;
        }
    }

    private static String range(FaultServer.Seen s) {
        return s.header("Range").orElse("");
    }

    private void partialThenRest(HttpExchange ex, int n, boolean honourRange) throws IOException {
        if (n == 1) {
            FaultServer.sendTruncated(ex, SIZE, Arrays.copyOf(blob, 100_000));
            return;
        }
        String r = ex.getRequestHeaders().getFirst("Range");
        if (!honourRange || r == null) {
            FaultServer.send(ex, 200, null, blob);
            return;
        }
        int from = Integer.parseInt(r.substring("bytes=".length(), r.length() - 1));
        ex.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (SIZE - 1) + "/" + SIZE);
        byte[] rest = Arrays.copyOfRange(blob, from, SIZE);
        ex.sendResponseHeaders(206, rest.length);
        try (var out = ex.getResponseBody()) {
            out.write(rest);
        }
    }

    @Test
    void truncatedBodyIsResumedWithRange() throws Exception {
        server.route(blobPath, (ex, n) -> partialThenRest(ex, n, true));
        Recorder rec = new Recorder();
        Path target = fetch(rec);
        assertArrayEquals(blob, Files.readAllBytes(target));
        List<FaultServer.Seen> reqs = server.requests(blobPath);
        assertEquals(2, reqs.size());
        assertEquals("", range(reqs.get(0)));
        String resumed = range(reqs.get(1));
        assertTrue(resumed.matches("bytes=\\d+-"), resumed);
        long from = Long.parseLong(resumed.substring(6, resumed.length() - 1));
        assertTrue(from > 0 && from <= 100_000, resumed);
        assertEquals(1, rec.retries.size());
        assertTrue(rec.retries.getFirst().startsWith("2: "), rec.retries.toString());
        assertEquals(SIZE, rec.progress.getLast());
        assertFalse(rec.progress.subList(1, rec.progress.size()).contains(0L), "a resume does not start over: " + rec.progress);
    }

    @Test
    void aStalledTransferIsCutAndResumed() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        server.route(blobPath, (ex, n) -> {
            if (n == 1) {
                FaultServer.sendStalled(ex, SIZE, Arrays.copyOf(blob, 100_000), release);
            } else {
                partialThenRest(ex, n, true);
            }
        });
        try {
            Recorder rec = new Recorder();
            Path target = fetch(rec, RetryPolicy.immediate(4).withStall(Duration.ofMillis(500)));
            assertArrayEquals(blob, Files.readAllBytes(target));
            assertEquals(2, server.requests(blobPath).size());
            assertTrue(rec.retries.getFirst().contains(": no data for 0.5 s after "), rec.retries.toString());
            assertTrue(range(server.requests(blobPath).get(1)).matches("bytes=[1-9]\\d*-"));
        } finally {
            release.countDown();
        }
    }

    @Test
    void aRangeAnsweredWith200StartsOver() throws Exception {
        server.route(blobPath, (ex, n) -> partialThenRest(ex, n, false));
        Recorder rec = new Recorder();
        Path target = fetch(rec);
        assertArrayEquals(blob, Files.readAllBytes(target));
        List<FaultServer.Seen> reqs = server.requests(blobPath);
        assertEquals(2, reqs.size());
        assertTrue(range(reqs.get(1)).startsWith("bytes="), "the client asked for a range");
        assertTrue(rec.progress.subList(1, rec.progress.size()).contains(0L), "started over: " + rec.progress);
    }

    @Test
    void shortChunkedBodyIsRetried() throws Exception {
        server.route(blobPath, (ex, n) -> {
            if (n == 1) {
                FaultServer.sendChunked(ex, 200, null, Arrays.copyOf(blob, 70_000));
            } else {
                partialThenRest(ex, 2, true);
            }
        });
        Recorder rec = new Recorder();
        assertArrayEquals(blob, Files.readAllBytes(fetch(rec)));
        assertEquals("bytes=70000-", range(server.requests(blobPath).get(1)));
        assertTrue(rec.retries.getFirst().contains("transfer ended after 70000 of 300000 bytes"), rec.retries.toString());
    }

    @Test
    void serverErrorThenSuccess() throws Exception {
        server.route(blobPath, (ex, n) -> {
            if (n == 1) {
                FaultServer.send(ex, 500, null, "boom".getBytes(StandardCharsets.UTF_8));
            } else if (n == 2) {
                FaultServer.send(ex, 429, null, new byte[0]);
            } else {
                FaultServer.send(ex, 200, null, blob);
            }
        });
        Recorder rec = new Recorder();
        assertArrayEquals(blob, Files.readAllBytes(fetch(rec)));
        assertEquals(3, server.requests(blobPath).size());
        assertEquals(2, rec.retries.size());
        assertTrue(rec.retries.get(0).startsWith("2: ") && rec.retries.get(0).contains("answered 500"), rec.retries.toString());
        assertTrue(rec.retries.get(1).startsWith("3: ") && rec.retries.get(1).contains("answered 429"), rec.retries.toString());
    }

    @Test
    void persistentFailureGivesUpAfterFourAttempts() {
        server.route(blobPath, (ex, n) -> FaultServer.send(ex, 503, null, new byte[0]));
        Recorder rec = new Recorder();
        CrateException e = assertThrows(CrateException.class, () -> fetch(rec));
        assertEquals("registry " + server.address() + ": blob " + blobDigest + " of " + REPO + ": answered 503", e.getMessage());
        assertEquals(4, server.requests(blobPath).size());
        assertEquals(3, rec.retries.size());
    }

    @Test
    void notFoundIsNotRetried() {
        server.route(blobPath, (ex, n) -> FaultServer.send(ex, 404, "application/json",
                "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\",\"message\":\"blob unknown to registry\"}]}".getBytes(StandardCharsets.UTF_8)));
        CrateException e = assertThrows(CrateException.class, () -> fetch(new Recorder()));
        assertEquals("registry " + server.address() + ": blob " + blobDigest + " of " + REPO
                + ": not found: BLOB_UNKNOWN blob unknown to registry", e.getMessage());
        assertEquals(1, server.requests(blobPath).size());
    }

    @Test
    void digestMismatchIsRefusedAndNotRetried() {
        byte[] wrong = blob.clone();
        wrong[SIZE / 2] ^= 1;
        server.route(blobPath, (ex, n) -> FaultServer.send(ex, 200, null, wrong));
        CrateException e = assertThrows(CrateException.class, () -> fetch(new Recorder()));
        assertEquals("blob " + blobDigest + ": digest mismatch (got " + Digests.of(wrong) + ")", e.getMessage());
        assertEquals(1, server.requests(blobPath).size());
    }

    @Test
    void moreBytesThanTheManifestSaysAbortAtOnce() throws Exception {
        byte[] longer = Arrays.copyOf(blob, SIZE + 100);
        server.route(blobPath, (ex, n) -> FaultServer.send(ex, 200, null, longer));
        CrateException e = assertThrows(CrateException.class, () -> fetch(new Recorder()));
        assertEquals("blob " + blobDigest + ": the server sends 300100 bytes, the manifest says 300000", e.getMessage());
        server.route(blobPath, (ex, n) -> FaultServer.sendChunked(ex, 200, null, longer));
        e = assertThrows(CrateException.class, () -> fetch(new Recorder()));
        assertEquals("blob " + blobDigest + ": the server sent more than the 300000 bytes the manifest says", e.getMessage());
        assertTrue(Files.size(dir.resolve("blob")) <= SIZE);
        assertEquals(2, server.requests(blobPath).size(), "neither is retried");
    }

    @Test
    void fetchSmallIsVerified() throws Exception {
        server.route(configPath, (ex, n) -> FaultServer.send(ex, 200, null, "{\"architecture\":\"arm64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8)));
        try (RegistryClient c = client(server)) {
            ResolvedImage image = c.resolve(server.address() + "/" + REPO, Optional.empty());
            CrateException e = assertThrows(CrateException.class, () -> c.fetchSmall(image, image.config()));
            assertTrue(e.getMessage().startsWith("blob " + image.config().digest() + ": digest mismatch (got sha256:"), e.getMessage());
            Descriptor huge = new Descriptor(MediaTypes.OCI_CONFIG, image.config().digest(), 5 << 20);
            assertEquals("blob " + huge.digest() + " is larger than 4 MiB (5242880 bytes)",
                    assertThrows(CrateException.class, () -> c.fetchSmall(image, huge)).getMessage());
        }
    }

    @Test
    void oversizedManifestIsRefused() {
        byte[] big = new byte[5 << 20];
        Arrays.fill(big, (byte) ' ');
        big[0] = '{';
        big[big.length - 1] = '}';
        server.route(MANIFEST_PATH, (ex, n) -> FaultServer.send(ex, 200, MediaTypes.OCI_MANIFEST, big));
        try (RegistryClient c = client(server)) {
            CrateException e = assertThrows(CrateException.class, () -> c.resolve(server.address() + "/" + REPO, Optional.empty()));
            assertEquals("registry " + server.address() + ": manifest " + server.address() + "/" + REPO
                    + ":latest is larger than 4 MiB (5242880 bytes)", e.getMessage());
            server.route(MANIFEST_PATH, (ex, n) -> FaultServer.sendChunked(ex, 200, MediaTypes.OCI_MANIFEST, big));
            e = assertThrows(CrateException.class, () -> c.resolve(server.address() + "/" + REPO, Optional.empty()));
            assertEquals("registry " + server.address() + ": manifest " + server.address() + "/" + REPO + ":latest is larger than 4 MiB",
                    e.getMessage());
        }
    }

    @Test
    void manifestDigestsAreChecked() {
        String digest = Digests.of(manifest);
        String other = "sha256:" + "0".repeat(64);
        server.route("/v2/" + REPO + "/manifests/" + other, (ex, n) -> FaultServer.send(ex, 200, MediaTypes.OCI_MANIFEST, manifest));
        server.route(MANIFEST_PATH, (ex, n) -> {
            ex.getResponseHeaders().set("Docker-Content-Digest", other);
            FaultServer.send(ex, 200, MediaTypes.OCI_MANIFEST, manifest);
        });
        try (RegistryClient c = client(server)) {
            CrateException e = assertThrows(CrateException.class, () -> c.resolve(server.address() + "/" + REPO + "@" + other, Optional.empty()));
            assertEquals("registry " + server.address() + ": manifest " + server.address() + "/" + REPO + "@" + other
                    + ": digest mismatch (got " + digest + ")", e.getMessage());
            e = assertThrows(CrateException.class, () -> c.resolve(server.address() + "/" + REPO, Optional.empty()));
            assertEquals("registry " + server.address() + ": manifest " + server.address() + "/" + REPO
                    + ":latest: digest mismatch (Docker-Content-Digest says " + other + ", the content is " + digest + ")", e.getMessage());
        }
    }

    @Test
    void schema1IsRefused() {
        server.route(MANIFEST_PATH, (ex, n) -> FaultServer.send(ex, 200, MediaTypes.DOCKER_SCHEMA1_SIGNED,
                "{\"schemaVersion\":1,\"name\":\"test/app\",\"fsLayers\":[]}".getBytes(StandardCharsets.UTF_8)));
        try (RegistryClient c = client(server)) {
            CrateException e = assertThrows(CrateException.class, () -> c.resolve(server.address() + "/" + REPO, Optional.empty()));
            assertTrue(e.getMessage().endsWith("Docker image manifest schema 1 is not supported (deprecated since 2017);"
                    + " push the image again with a current client"), e.getMessage());
        }
    }

    /**
     * Docker Hub's flow: 401 with a Bearer challenge, an anonymous token from the realm, reused;
     * a refused token is replaced once; blobs redirect to another host, which never sees the token.
     */
    @Test
    void anonymousTokenFlowAndRedirectWithoutAuthorization() throws Exception {
        try (FaultServer storage = FaultServer.start()) {
            String[] current = {"tok-1"};
            server.route("/token", (ex, n) -> {
                current[0] = "tok-" + n;
                FaultServer.send(ex, 200, "application/json",
                        ("{\"access_token\":\"" + current[0] + "\",\"expires_in\":300}").getBytes(StandardCharsets.UTF_8));
            });
            FaultServer.Handler guarded = (ex, n) -> {
                String auth = ex.getRequestHeaders().getFirst("Authorization");
                if (!("Bearer " + current[0]).equals(auth)) {
                    ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"http://" + server.address()
                            + "/token\",service=\"fake.registry\",scope=\"repository:" + REPO + ":pull\"");
                    FaultServer.send(ex, 401, "application/json", "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                if (ex.getRequestURI().getPath().equals(MANIFEST_PATH)) {
                    FaultServer.send(ex, 200, MediaTypes.OCI_MANIFEST, manifest);
                } else if (ex.getRequestURI().getPath().equals(configPath)) {
                    FaultServer.send(ex, 200, null, config);
                } else {
                    // blobs live on "another host": localhost, not 127.0.0.1, as the authority differs
                    ex.getResponseHeaders().set("Location", "http://localhost:" + storage.port() + "/storage/blob?sig=abc");
                    FaultServer.send(ex, 307, null, new byte[0]);
                }
            };
            server.route(MANIFEST_PATH, guarded).route(configPath, guarded).route(blobPath, guarded);
            storage.route("/storage/blob", (ex, n) -> FaultServer.send(ex, 200, null, blob));
            try (RegistryClient c = client(server)) {
                ResolvedImage image = c.resolve(server.address() + "/" + REPO, Optional.empty());
                assertArrayEquals(config, c.fetchSmall(image, image.config()));
                Path target = dir.resolve("blob");
                c.fetch(image, image.layers().getFirst(), target, done -> {});
                assertArrayEquals(blob, Files.readAllBytes(target));
                assertEquals(1, server.requests("/token").size(), "the token is reused");
                FaultServer.Seen tokenRequest = server.requests("/token").getFirst();
                assertEquals("service=fake.registry&scope=repository%3Atest%2Fapp%3Apull", tokenRequest.query());
                assertTrue(tokenRequest.header("Authorization").isEmpty(), "anonymous");
                FaultServer.Seen atStorage = storage.requests("/storage/blob").getFirst();
                assertEquals("sig=abc", atStorage.query());
                assertTrue(atStorage.header("Authorization").isEmpty(), "no Authorization to another host");
                assertEquals(Optional.of("Bearer tok-1"), server.requests(blobPath).getLast().header("Authorization"));

                current[0] = "revoked";
                c.fetch(image, image.layers().getFirst(), target, done -> {});
                assertEquals(2, server.requests("/token").size(), "a refused token is replaced once");
                assertEquals(Optional.of("Bearer tok-2"), server.requests(blobPath).getLast().header("Authorization"));
            }
        }
    }

    @Test
    void anAnonymousTokenThatDoesNotOpenTheRepository() {
        server.route("/token", (ex, n) -> FaultServer.send(ex, 200, "application/json",
                "{\"token\":\"anonymous\"}".getBytes(StandardCharsets.UTF_8)));
        server.route(MANIFEST_PATH, (ex, n) -> {
            ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"http://" + server.address() + "/token\",service=\"s\"");
            FaultServer.send(ex, 401, "application/json", "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}".getBytes(StandardCharsets.UTF_8));
        });
        try (RegistryClient c = client(server)) {
            CrateException e = assertThrows(CrateException.class, () -> c.resolve(server.address() + "/" + REPO, Optional.empty()));
            assertEquals("registry " + server.address() + ": pull access denied for " + REPO + ": the repository does not exist"
                    + " or needs credentials (none for " + server.address() + " in " + dir.resolve("no-config.json") + ")", e.getMessage());
        }
    }

    @Test
    void tooManyRedirects() {
        server.route(blobPath, (ex, n) -> {
            ex.getResponseHeaders().set("Location", blobPath);
            FaultServer.send(ex, 302, null, new byte[0]);
        });
        CrateException e = assertThrows(CrateException.class, () -> fetch(new Recorder()));
        assertEquals("registry " + server.address() + ": more than 5 redirects from " + blobPath, e.getMessage());
        assertEquals(6, server.requests(blobPath).size());
    }

    /** A self-signed certificate for another name: refused when verifying, accepted for an insecure registry. */
    @Test
    void unverifiedTlsOnlyForInsecureRegistries() throws Exception {
        Path keystore = dir.resolve("ks.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit",
                "-alias", "s", "-keyalg", "EC", "-dname", "CN=wrong.example", "-ext", "SAN=dns:wrong.example", "-validity", "2")
                .redirectErrorStream(true).start();
        String out;
        try (InputStream in = keytool.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(0, keytool.waitFor(), out);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        try (FaultServer https = FaultServer.startTls(tls)) {
            https.route(MANIFEST_PATH, (ex, n) -> FaultServer.send(ex, 200, MediaTypes.OCI_MANIFEST, manifest));
            https.route(blobPath, (ex, n) -> FaultServer.send(ex, 200, null, blob));
            ImageSettings secure = new ImageSettings(dir.resolve("data"), List.of("docker.io"), List.of(), Map.of(), Optional.empty(), 3);
            try (RegistryClient c = new RegistryClient(secure, Optional.empty(), RetryPolicy.immediate(4), Clock.systemUTC())) {
                CrateException e = assertThrows(CrateException.class, () -> c.resolve(https.address() + "/" + REPO, Optional.empty()));
                assertTrue(e.getMessage().startsWith("registry " + https.address() + ": cannot connect to " + https.address() + ": "),
                        e.getMessage());
                assertTrue(https.requests(MANIFEST_PATH).isEmpty());
            }
            try (RegistryClient c = client(https)) {
                ResolvedImage image = c.resolve(https.address() + "/" + REPO, Optional.empty());
                Path target = dir.resolve("tls-blob");
                c.fetch(image, image.layers().getFirst(), target, done -> {});
                assertArrayEquals(blob, Files.readAllBytes(target));
                assertEquals(1, https.requests(MANIFEST_PATH).size());
            }
        }
    }
}
