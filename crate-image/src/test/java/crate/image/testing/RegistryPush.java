package crate.image.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pushes blobs, manifests and indexes to a registry over plain HTTP with the v2 API
 * ({@code POST /v2/NAME/blobs/uploads/} then {@code PUT ...?digest=}; {@code PUT /v2/NAME/manifests/TAG}),
 * so that tests build their own images. Authenticates with Basic credentials (also at a token
 * realm, for a push-scoped token) or a given Bearer token.
 */
public final class RegistryPush implements AutoCloseable {
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
    public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
    public static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    /** A blob as a manifest names it. */
    public record Blob(String mediaType, String digest, long size) {
        /** Its OCI descriptor as JSON. */
        public String json() {
            return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + size + "}";
        }
    }

    /** A layer to push: its media type and bytes. */
    @SuppressWarnings("ArrayRecordComponent") // test data, never compared
    public record Layer(String mediaType, byte[] bytes) {}

    /** What {@link #image} pushed. */
    public record Pushed(String manifestDigest, long manifestSize, String manifestMediaType, Blob config, List<Blob> layers) {}

    private final String registry;
    private final Optional<String> basic;
    private final Optional<String> bearer;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private RegistryPush(String registry, Optional<String> basic, Optional<String> bearer) {
        this.registry = registry;
        this.basic = basic;
        this.bearer = bearer;
    }

    /** Anonymous pushes to {@code host:port}. */
    public static RegistryPush to(String registry) {
        return new RegistryPush(registry, Optional.empty(), Optional.empty());
    }

    /** Pushes with Basic credentials (to the registry, or to its token realm). */
    public static RegistryPush to(String registry, String user, String password) {
        String b = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new RegistryPush(registry, Optional.of(b), Optional.empty());
    }

    /** Pushes with a Bearer token. */
    public static RegistryPush withToken(String registry, String token) {
        return new RegistryPush(registry, Optional.empty(), Optional.of("Bearer " + token));
    }

    public static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Upload a blob (monolithic); returns its digest. */
    public String blob(String repo, byte[] bytes) throws IOException, InterruptedException {
        String digest = sha256(bytes);
        HttpResponse<String> start = send(repo, HttpRequest.newBuilder(uri("/v2/" + repo + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        expect(start, 202, "start upload to " + repo);
        String location = start.headers().firstValue("Location").orElseThrow(() -> new IOException("upload without Location"));
        URI upload = uri("/v2/").resolve(location);
        String sep = upload.getRawQuery() == null ? "?" : "&";
        URI put = URI.create(upload + sep + "digest=" + URLEncoder.encode(digest, StandardCharsets.UTF_8));
        HttpResponse<String> done = send(repo, HttpRequest.newBuilder(put).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)));
        expect(done, 201, "upload " + digest + " to " + repo);
        return digest;
    }

    /** PUT a manifest or index by tag (or digest); returns its digest. */
    public String manifest(String repo, String reference, String mediaType, byte[] json) throws IOException, InterruptedException {
        HttpResponse<String> r = send(repo, HttpRequest.newBuilder(uri("/v2/" + repo + "/manifests/" + reference))
                .header("Content-Type", mediaType).PUT(HttpRequest.BodyPublishers.ofByteArray(json)));
        expect(r, 201, "put manifest " + repo + ":" + reference);
        return sha256(json);
    }

    /**
     * Push an image: its layers, a config (with the rootfs diff_ids taken as the layers' digests,
     * which is right for uncompressed layers only) and a manifest of {@code manifestType} tagged
     * {@code tag}.
     */
    public Pushed image(String repo, String tag, String manifestType, String os, String arch, List<Layer> layers)
            throws IOException, InterruptedException {
        List<Blob> blobs = new ArrayList<>();
        List<String> diffIds = new ArrayList<>();
        for (Layer l : layers) {
            String digest = blob(repo, l.bytes());
            blobs.add(new Blob(l.mediaType(), digest, l.bytes().length));
            diffIds.add("\"" + digest + "\"");
        }
        byte[] config = ("{\"architecture\":\"" + arch + "\",\"os\":\"" + os + "\",\"config\":{\"Cmd\":[\"sh\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + String.join(",", diffIds) + "]}}").getBytes(StandardCharsets.UTF_8);
        String configType = manifestType.equals(DOCKER_MANIFEST) ? DOCKER_CONFIG : OCI_CONFIG;
        Blob cfg = new Blob(configType, blob(repo, config), config.length);
        StringBuilder m = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + manifestType + "\",\"config\":" + cfg.json()
                + ",\"layers\":[");
        for (int i = 0; i < blobs.size(); i++) {
            m.append(i == 0 ? "" : ",").append(blobs.get(i).json());
        }
        byte[] manifest = m.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        String digest = manifest(repo, tag, manifestType, manifest);
        return new Pushed(digest, manifest.length, manifestType, cfg, blobs);
    }

    /** Push a {@link TestImage} (its layers, config and OCI manifest) tagged {@code tag}. */
    public Pushed image(String repo, String tag, TestImage image) throws IOException, InterruptedException {
        List<Blob> blobs = new ArrayList<>();
        for (TestImage.Layer layer : image.layers()) {
            blob(repo, layer.blob());
            blobs.add(new Blob(layer.descriptor().mediaType(), layer.descriptor().digest(), layer.descriptor().size()));
        }
        byte[] config = image.configBytes();
        Blob cfg = new Blob(OCI_CONFIG, blob(repo, config), config.length);
        byte[] manifest = image.manifestBytes();
        String digest = manifest(repo, tag, OCI_MANIFEST, manifest);
        return new Pushed(digest, manifest.length, OCI_MANIFEST, cfg, blobs);
    }

    /**
     * An index entry's JSON: a manifest for {@code os/arch[/variant]} ({@code unknown/unknown} for an
     * attestation), with the attestation annotation when {@code attestationOf} is given.
     */
    public static String indexEntry(Pushed p, String platform, Optional<String> attestationOf) {
        String[] parts = platform.split("/", -1);
        String plat = "{\"os\":\"" + parts[0] + "\",\"architecture\":\"" + parts[1] + "\""
                + (parts.length > 2 ? ",\"variant\":\"" + parts[2] + "\"" : "") + "}";
        String ann = attestationOf.map(d -> ",\"annotations\":{\"vnd.docker.reference.type\":\"attestation-manifest\","
                + "\"vnd.docker.reference.digest\":\"" + d + "\"}").orElse("");
        return "{\"mediaType\":\"" + p.manifestMediaType() + "\",\"digest\":\"" + p.manifestDigest() + "\",\"size\":"
                + p.manifestSize() + ",\"platform\":" + plat + ann + "}";
    }

    /** Push an index of {@code entries} ({@link #indexEntry}); returns its digest. */
    public String index(String repo, String tag, String mediaType, List<String> entries) throws IOException, InterruptedException {
        byte[] json = ("{\"schemaVersion\":2,\"mediaType\":\"" + mediaType + "\",\"manifests\":[" + String.join(",", entries) + "]}")
                .getBytes(StandardCharsets.UTF_8);
        return manifest(repo, tag, mediaType, json);
    }

    private URI uri(String path) {
        return URI.create("http://" + registry + path);
    }

    private HttpResponse<String> send(String repo, HttpRequest.Builder b) throws IOException, InterruptedException {
        HttpRequest plain = b.copy().build();
        HttpResponse<String> r = client.send(withAuth(b.copy(), bearer).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 401 || basic.isEmpty()) {
            return r;
        }
        String challenge = r.headers().firstValue("WWW-Authenticate").orElse("");
        if (challenge.regionMatches(true, 0, "Basic", 0, 5)) {
            return client.send(withAuth(HttpRequest.newBuilder(plain, (n, v) -> true), basic).build(), HttpResponse.BodyHandlers.ofString());
        }
        String token = token(challenge, repo);
        return client.send(withAuth(HttpRequest.newBuilder(plain, (n, v) -> true), Optional.of("Bearer " + token)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String token(String challenge, String repo) throws IOException, InterruptedException {
        String realm = null;
        String service = null;
        Matcher m = PARAM.matcher(challenge);
        while (m.find()) {
            if (m.group(1).equalsIgnoreCase("realm")) {
                realm = m.group(2);
            } else if (m.group(1).equalsIgnoreCase("service")) {
                service = m.group(2);
            }
        }
        if (realm == null) {
            throw new IOException("no realm in " + challenge);
        }
        String q = "?scope=" + URLEncoder.encode("repository:" + repo + ":pull,push", StandardCharsets.UTF_8)
                + (service == null ? "" : "&service=" + URLEncoder.encode(service, StandardCharsets.UTF_8));
        HttpResponse<String> r = client.send(withAuth(HttpRequest.newBuilder(URI.create(realm + q)).GET(), basic).build(),
                HttpResponse.BodyHandlers.ofString());
        expect(r, 200, "token from " + realm);
        Matcher t = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
        if (!t.find()) {
            throw new IOException("no token in " + r.body());
        }
        return t.group(1);
    }

    private static HttpRequest.Builder withAuth(HttpRequest.Builder b, Optional<String> auth) {
        auth.ifPresent(a -> b.setHeader("Authorization", a));
        return b;
    }

    private static void expect(HttpResponse<String> r, int status, String what) throws IOException {
        if (r.statusCode() != status) {
            throw new IOException(what + ": HTTP " + r.statusCode() + " " + r.body());
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
