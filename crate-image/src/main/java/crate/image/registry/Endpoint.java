package crate.image.registry;

import java.net.URI;

/**
 * One way to reach a registry's API: a host (the registry's own or a mirror's) and a scheme.
 *
 * @param registry the registry the image is on ({@code docker.io}, {@code 127.0.0.1:5000})
 * @param host {@code host[:port]} that is asked: {@code registry-1.docker.io}, a mirror
 * @param scheme how
 * @param mirror whether {@code host} is a mirror of {@code registry}
 */
record Endpoint(String registry, String host, Scheme scheme, boolean mirror) {

    /** How a host is spoken to. */
    enum Scheme {
        /** TLS with the JDK's certificate and host name checks. */
        HTTPS,
        /** TLS that accepts any certificate (insecure registries only). */
        HTTPS_UNVERIFIED,
        /** Plain HTTP (insecure registries only). */
        HTTP;

        String uriScheme() {
            return this == HTTP ? "http" : "https";
        }
    }

    URI uri(String path) {
        return URI.create(scheme.uriScheme() + "://" + host + path);
    }

    /** Whether this endpoint is reached without TLS verification, i.e. the user declared it insecure. */
    boolean insecure() {
        return scheme != Scheme.HTTPS;
    }

    /** The key of its credentials in config.json: the registry's name, or the mirror's host. */
    String credentialKey() {
        return mirror ? host : registry;
    }

    /** "registry 127.0.0.1:5001" or "mirror m.example:5000 (of docker.io)": how messages name it. */
    String describe() {
        return mirror ? "mirror " + host + " (of " + registry + ")" : "registry " + registry;
    }
}
