package crate.api.image;

import java.util.Optional;

/**
 * One {@code crate pull}.
 *
 * @param reference as the user typed it: {@code alpine}, {@code alpine:3.20},
 *     {@code localhost:5000/app@sha256:...}
 * @param platform {@code os/arch[/variant]}; empty: the host's
 * @param tlsVerify {@code --tls-verify}: false allows plain HTTP and unverified TLS for this
 *     pull; empty: as the configuration's insecure registries say
 */
public record PullRequest(String reference, Optional<String> platform, Optional<Boolean> tlsVerify) {

    public static PullRequest of(String reference) {
        return new PullRequest(reference, Optional.empty(), Optional.empty());
    }
}
