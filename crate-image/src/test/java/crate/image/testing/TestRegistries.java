package crate.image.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The local registries of {@code ../shared/harness/registry-up.sh}, started once per JVM when they
 * do not answer (the script is idempotent and leaves them running, which is fine): plain on
 * 127.0.0.1:5000, htpasswd Basic auth on :5001, token auth on :5002 with its realm on :5003;
 * user {@code harness}, password {@code harness-pw}. The script needs root and Debian's
 * docker-registry, skopeo, umoci and golang-go. Each registry holds {@code busybox:latest} (1
 * layer) and {@code busybox-multi:latest} (4 layers) as the harness pushes them.
 */
public final class TestRegistries {
    public static final String PLAIN = "127.0.0.1:5000";
    public static final String BASIC = "127.0.0.1:5001";
    public static final String TOKEN = "127.0.0.1:5002";
    public static final String TOKEN_REALM = "http://127.0.0.1:5003/token";
    public static final String USER = "harness";
    public static final String PASSWORD = "harness-pw";

    private static TestRegistries instance;

    private final Path shared;

    private TestRegistries(Path shared) {
        this.shared = shared;
    }

    /** The registries, started if they do not answer; throws if that fails. */
    public static synchronized TestRegistries get() throws IOException, InterruptedException {
        if (instance == null) {
            Path shared = sharedDir();
            if (!allAnswer()) {
                start(shared.resolve("harness/registry-up.sh"));
            }
            instance = new TestRegistries(shared);
        }
        return instance;
    }

    /** {@code /work/shared}: the {@code shared} directory next to the repository (found walking up from the working directory). */
    public static Path sharedDir() {
        String override = System.getenv("CRATE_SHARED");
        if (override != null && !override.isEmpty()) {
            return Path.of(override);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("shared/harness"))) {
                return dir.resolve("shared");
            }
        }
        throw new IllegalStateException("no shared/harness next to the repository above " + Path.of("").toAbsolutePath());
    }

    /** The harness's shared directory ({@code ../shared} from the repository). */
    public Path shared() {
        return shared;
    }

    /** The harness's data directory ({@code $HARNESS_DATA}, default /tmp/harness). */
    public static Path harnessData() {
        String h = System.getenv("HARNESS_DATA");
        return Path.of(h == null || h.isEmpty() ? "/tmp/harness" : h);
    }

    /** A Docker config.json under {@code dir} with the harness credentials for the Basic and token registries. */
    public static Path credentialsFile(Path dir, String user, String password) throws IOException {
        String auth = java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        String json = "{\"auths\":{\"" + BASIC + "\":{\"auth\":\"" + auth + "\"},\"http://" + TOKEN + "\":{\"username\":\""
                + user + "\",\"password\":\"" + password + "\"}}}";
        Path file = dir.resolve("config.json");
        Files.writeString(file, json);
        return file;
    }

    private static boolean allAnswer() {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            return status(client, "http://" + PLAIN + "/v2/") == 200 && status(client, "http://" + BASIC + "/v2/") == 401
                    && status(client, "http://" + TOKEN + "/v2/") == 401 && status(client, TOKEN_REALM) == 401;
        }
    }

    private static int status(HttpClient client, String url) {
        try {
            HttpRequest r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build();
            return client.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static void start(Path script) throws IOException, InterruptedException {
        Path log = Files.createTempFile("registry-harness-", ".log");
        Process p = new ProcessBuilder(List.of(script.toString())).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int status = p.waitFor();
        if (status != 0 || !allAnswer()) {
            throw new IllegalStateException(script + " failed (exit " + status + "): " + Files.readString(log));
        }
        Files.deleteIfExists(log);
    }
}
