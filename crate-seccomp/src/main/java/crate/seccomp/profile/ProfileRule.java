package crate.seccomp.profile;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import crate.api.spec.LinuxSeccomp;
import java.util.Collection;
import java.util.List;

/**
 * A rule of a Docker-format seccomp profile: a runtime-spec rule plus the conditions under
 * which it applies (Docker's {@code includes} and {@code excludes}).
 *
 * @param includes the rule applies only if all of these hold (empty: always)
 * @param excludes the rule does not apply if any of these holds (empty: never)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProfileRule(
        List<String> names, String action, Integer errnoRet, List<LinuxSeccomp.Arg> args, When includes, When excludes) {
    public ProfileRule {
        names = names == null ? List.of() : List.copyOf(names);
        args = args == null ? List.of() : List.copyOf(args);
        includes = includes == null ? When.ALWAYS : includes;
        excludes = excludes == null ? When.ALWAYS : excludes;
    }

    /**
     * Docker's conditions: architectures (Go's names: amd64, arm64, x86, x32, arm...),
     * capabilities (CAP_ names, of the bounding set) and the kernel's minimum version.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record When(List<String> arches, List<String> caps, String minKernel) {
        static final When ALWAYS = new When(null, null, null);

        public When {
            arches = arches == null ? List.of() : List.copyOf(arches);
            caps = caps == null ? List.of() : List.copyOf(caps);
        }
    }

    /** Docker's rule (moby profiles/seccomp): does this rule apply to a container on {@code arch} with {@code caps}? */
    boolean applies(String arch, Collection<String> caps, KernelVersion kernel) {
        if (excludes.arches().contains(arch) || excludes.caps().stream().anyMatch(caps::contains)
                || (excludes.minKernel() != null && kernel.atLeast(excludes.minKernel()))) {
            return false;
        }
        return (includes.arches().isEmpty() || includes.arches().contains(arch))
                && caps.containsAll(includes.caps())
                && (includes.minKernel() == null || kernel.atLeast(includes.minKernel()));
    }

    LinuxSeccomp.Syscall toSpec() {
        return new LinuxSeccomp.Syscall(names, action, errnoRet, args.isEmpty() ? null : args);
    }

    static ProfileRule allow(String... names) {
        return new ProfileRule(List.of(names), "SCMP_ACT_ALLOW", null, null, null, null);
    }

    ProfileRule including(When when) {
        return new ProfileRule(names, action, errnoRet, args, when, excludes);
    }

    ProfileRule excluding(When when) {
        return new ProfileRule(names, action, errnoRet, args, includes, when);
    }

    ProfileRule withArgs(LinuxSeccomp.Arg... conditions) {
        return new ProfileRule(names, action, errnoRet, List.of(conditions), includes, excludes);
    }
}
