package crate.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import crate.api.CrateException;
import crate.image.reference.ImageReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The credentials of a Docker {@code config.json}: its {@code "auths"} map, keyed by
 * {@code host[:port]} (also written as a URL, {@code https://host/v1/}); Docker Hub's key is
 * {@code https://index.docker.io/v1/}. Each entry has an "auth" field (base64 of
 * {@code user:password}) or "username" and "password" fields. Credential helpers
 * ({@code credsStore}, {@code credHelpers}) are not run.
 *
 * @param path the file, for messages
 * @param auths normalised registry ({@code docker.io}, {@code host:5000}) to credential
 */
record DockerConfig(Path path, Map<String, Credential> auths) {

    DockerConfig {
        auths = Map.copyOf(auths);
    }

    /** The file Docker reads: {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}. */
    static Path defaultPath() {
        String dir = System.getenv("DOCKER_CONFIG");
        if (dir != null && !dir.isEmpty()) {
            return Path.of(dir, "config.json");
        }
        return Path.of(System.getProperty("user.home"), ".docker", "config.json");
    }

    /** The file's credentials; a missing file has none. */
    static DockerConfig load(Path path) throws CrateException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return new DockerConfig(path, Map.of());
        } catch (IOException e) {
            throw new CrateException("credentials file " + path + ": " + e.getMessage(), e);
        }
        return parse(path, bytes);
    }

    static DockerConfig parse(Path path, byte[] json) throws CrateException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new CrateException("credentials file " + path + ": not valid JSON (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")", e);
        }
        Map<String, Credential> auths = new HashMap<>();
        JsonNode node = root == null ? null : root.get("auths");
        if (node != null && node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                Optional<Credential> c = credential(path, e.getKey(), e.getValue());
                if (c.isPresent()) {
                    auths.put(normaliseKey(e.getKey()), c.get());
                }
            }
        }
        return new DockerConfig(path, auths);
    }

    /** The credential for a registry ({@code docker.io}, {@code host:5000}) or mirror host. */
    Optional<Credential> lookup(String registry) {
        return Optional.ofNullable(auths.get(normaliseKey(registry)));
    }

    /** {@code https://index.docker.io/v1/} and {@code registry-1.docker.io} are docker.io; a URL's host[:port] otherwise. */
    static String normaliseKey(String key) {
        String k = key;
        int scheme = k.indexOf("://");
        if (scheme >= 0) {
            k = k.substring(scheme + 3);
        }
        int slash = k.indexOf('/');
        if (slash >= 0) {
            k = k.substring(0, slash);
        }
        return ImageReference.normaliseRegistry(k);
    }

    private static Optional<Credential> credential(Path path, String key, JsonNode entry) throws CrateException {
        String auth = text(entry, "auth");
        if (!auth.isEmpty()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new CrateException("credentials file " + path + ": auths \"" + key + "\": auth is not base64", e);
            }
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                throw new CrateException("credentials file " + path + ": auths \"" + key + "\": auth is not base64 of user:password");
            }
            return Optional.of(new Credential(decoded.substring(0, colon), decoded.substring(colon + 1)));
        }
        String user = text(entry, "username");
        if (!user.isEmpty()) {
            return Optional.of(new Credential(user, text(entry, "password")));
        }
        return Optional.empty();
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || !v.isTextual() ? "" : v.asText();
    }
}
