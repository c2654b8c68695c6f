package crate.image.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import crate.api.image.ImageSettings;
import crate.image.registry.Endpoint.Scheme;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which hosts and schemes a pull tries, in which order (no network). */
class RegistryClientPlanTest {

    private static ImageSettings settings(List<String> insecure, Map<String, List<String>> mirrors) {
        return new ImageSettings(Path.of("/tmp/registry-none"), List.of("docker.io"), insecure, mirrors, Optional.empty(), 3);
    }

    private static List<String> plan(RegistryClient client, String registry) {
        return client.plan(registry).stream().map(e -> e.scheme().uriScheme() + (e.scheme() == Scheme.HTTPS_UNVERIFIED ? "(unverified)" : "")
                + "://" + e.host() + (e.mirror() ? " mirror" : "")).toList();
    }

    @Test
    void httpsOnlyByDefaultAlsoOnLoopback() {
        try (RegistryClient c = new RegistryClient(settings(List.of(), Map.of()), Optional.empty())) {
            assertEquals(List.of("https://registry-1.docker.io"), plan(c, "docker.io"));
            assertEquals(List.of("https://127.0.0.1:5000"), plan(c, "127.0.0.1:5000"));
        }
    }

    @Test
    void mirrorsFirstThenTheRegistry() {
        try (RegistryClient c = new RegistryClient(settings(List.of("http://m2.example:5000/"),
                Map.of("docker.io", List.of("https://m1.example", "m2.example:5000"))), Optional.empty())) {
            assertEquals(List.of("https://m1.example mirror", "https(unverified)://m2.example:5000 mirror",
                    "http://m2.example:5000 mirror", "https://registry-1.docker.io"), plan(c, "docker.io"));
            assertEquals(List.of("https://quay.io"), plan(c, "quay.io"));
        }
    }

    @Test
    void insecureRegistriesAndTlsVerifyFlag() {
        ImageSettings s = settings(List.of("127.0.0.1:5000", "docker.io"), Map.of());
        try (RegistryClient c = new RegistryClient(s, Optional.empty())) {
            assertEquals(List.of("https(unverified)://127.0.0.1:5000", "http://127.0.0.1:5000"), plan(c, "127.0.0.1:5000"));
            assertEquals(List.of("https(unverified)://registry-1.docker.io", "http://registry-1.docker.io"), plan(c, "docker.io"));
            assertEquals(List.of("https://127.0.0.1:5001"), plan(c, "127.0.0.1:5001"));
        }
        try (RegistryClient c = new RegistryClient(s, Optional.of(true))) {
            assertEquals(List.of("https://127.0.0.1:5000"), plan(c, "127.0.0.1:5000"), "--tls-verify=true overrides the list");
        }
        try (RegistryClient c = new RegistryClient(settings(List.of(), Map.of()), Optional.of(false))) {
            assertEquals(List.of("https(unverified)://quay.io", "http://quay.io"), plan(c, "quay.io"));
        }
    }
}
