package crate.app;

import crate.api.image.PullRequest;
import java.util.Optional;

/** The flags of a pull that {@code crate pull} and {@code crate run} share. */
final class PullFlags implements OptionGroup {
    private String platform;
    private Boolean tlsVerify;

    @Override
    public void declareInto(CommandModel command) {
        command.option("--platform", "OS/ARCH[/VARIANT]", "Platform of the image (default: the host's)", v -> platform = v)
                .add(CommandModel.optionBuilder("--tls-verify", "Require HTTPS with a verified certificate (default: true, "
                        + "except for images.insecure_registries); false allows plain HTTP and unverified TLS", Boolean.class,
                        v -> tlsVerify = v).arity("0..1").fallbackValue("true").paramLabel("BOOL"));
    }

    PullRequest request(String reference) {
        return new PullRequest(reference, Optional.ofNullable(platform), Optional.ofNullable(tlsVerify));
    }
}
