package crate.app;

import crate.api.CrateException;
import crate.api.spec.LinuxCapabilities;
import crate.api.spec.LinuxSeccomp;
import crate.api.spec.Spec;
import crate.seccomp.profile.Profiles;
import java.nio.file.Path;
import java.util.List;

/**
 * The seccomp profile of a container made from flags: Docker's default unless
 * {@code --security-opt seccomp=unconfined} (no filter) or {@code seccomp=FILE} (a profile
 * in the runtime-spec's or Docker's format). Rules that depend on capabilities are resolved
 * against the spec's bounding set.
 */
final class SeccompOption {
    /** Docker's default bounding set, for a spec that does not list capabilities. */
    static final List<String> DOCKER_CAPS = DefaultSpec.DOCKER_CAPABILITIES;

    private SeccompOption() {}

    /**
     * {@code spec} with the linux.seccomp that {@code securityOpts} ask for, else the
     * configuration's {@code security.seccomp_profile} ({@code configured}).
     */
    static Spec apply(Spec spec, List<String> securityOpts, String configured) throws CrateException {
        String choice = null;
        for (String opt : securityOpts) {
            if (!opt.startsWith("seccomp=") && !opt.startsWith("seccomp:")) {
                throw new CrateException("--security-opt " + opt + ": unknown option (expected seccomp=unconfined or "
                        + "seccomp=FILE)");
            }
            if (choice != null) {
                throw new CrateException("--security-opt seccomp is given twice");
            }
            choice = opt.substring("seccomp=".length());
            if (choice.isEmpty()) {
                throw new CrateException("--security-opt " + opt + ": expected unconfined or a profile file");
            }
        }
        if (choice == null) {
            choice = configured;
        }
        LinuxCapabilities capabilities = spec.process().capabilities();
        List<String> caps = capabilities == null ? DOCKER_CAPS : capabilities.bounding();
        LinuxSeccomp seccomp;
        if (choice == null || choice.equals("builtin") || choice.equals("default")) {
            seccomp = Profiles.builtIn(caps);
        } else if (choice.equals("unconfined")) {
            seccomp = null;
        } else {
            seccomp = Profiles.read(Path.of(choice), caps);
        }
        return spec.withLinux(spec.linux().withSeccomp(seccomp));
    }
}
