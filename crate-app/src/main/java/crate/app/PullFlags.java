package crate.app;

import crate.api.image.PullRequest;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The flags of a pull that {@code crate pull} and {@code crate run} share. */
final class PullFlags {
    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]", description = "Platform of the image (default: the host's)")
    String platform;

    @Option(names = "--tls-verify", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Require HTTPS with a verified certificate (default: true, except for images.insecure_registries); "
                    + "false allows plain HTTP and unverified TLS")
    Boolean tlsVerify;

    PullRequest request(String reference) {
        return new PullRequest(reference, Optional.ofNullable(platform), Optional.ofNullable(tlsVerify));
    }
}
