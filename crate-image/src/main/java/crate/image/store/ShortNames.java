package crate.image.store;

import java.util.Optional;

/**
 * A minimal normaliser of image names for local look-ups, as Docker writes them:
 * {@code alpine} is {@code docker.io/library/alpine:latest}, {@code user/app} is
 * {@code docker.io/user/app:latest}, a first component with a "." or ":" or that is
 * {@code localhost} is a registry. The registry client parses references fully; this only has
 * to turn what a user types into the key the store files images under.
 */
final class ShortNames {
    static final String DOCKER_HUB = "docker.io";

    private ShortNames() {}

    /** Whether the reference names its registry. */
    static boolean qualified(String reference) {
        int slash = reference.indexOf('/');
        if (slash < 0) {
            return false;
        }
        String first = reference.substring(0, slash);
        return first.contains(".") || first.contains(":") || first.equals("localhost");
    }

    /**
     * The canonical form: {@code registry/repository:tag} or {@code registry/repository@digest};
     * empty when {@code reference} cannot be a name.
     *
     * @param registry where an unqualified name is looked for
     */
    static Optional<String> canonical(String reference, String registry) {
        if (reference.isEmpty() || reference.contains(" ")) {
            return Optional.empty();
        }
        String name = reference;
        String digest = null;
        int at = reference.indexOf('@');
        if (at >= 0) {
            name = reference.substring(0, at);
            digest = reference.substring(at + 1);
            if (!Digests.valid(digest)) {
                return Optional.empty();
            }
        }
        String tag = null;
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf('/')) {
            tag = name.substring(colon + 1);
            name = name.substring(0, colon);
            if (tag.isEmpty()) {
                return Optional.empty();
            }
        }
        if (name.isEmpty() || name.startsWith("/") || name.endsWith("/")) {
            return Optional.empty();
        }
        if (qualified(name)) {
            if (name.startsWith("index.docker.io/")) {
                name = DOCKER_HUB + name.substring("index.docker.io".length());
            }
        } else {
            String host = registry.equals("index.docker.io") ? DOCKER_HUB : registry;
            name = host + "/" + (host.equals(DOCKER_HUB) && !name.contains("/") ? "library/" + name : name);
        }
        if (name.startsWith(DOCKER_HUB + "/") && name.indexOf('/') == name.lastIndexOf('/')) {
            name = DOCKER_HUB + "/library/" + name.substring(DOCKER_HUB.length() + 1);
        }
        if (digest != null) {
            return Optional.of(name + "@" + digest);
        }
        return Optional.of(name + ":" + (tag == null ? "latest" : tag));
    }

    /** {@code registry/repository} of a canonical name. */
    static String repository(String canonical) {
        int at = canonical.indexOf('@');
        if (at >= 0) {
            return canonical.substring(0, at);
        }
        int colon = canonical.lastIndexOf(':');
        return colon > canonical.lastIndexOf('/') ? canonical.substring(0, colon) : canonical;
    }
}
