package crate.seccomp.profile;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import crate.api.spec.LinuxSeccomp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A seccomp profile in Docker's format, which is a superset of the runtime-spec's
 * {@code linux.seccomp}: rules may depend on the architecture, the capabilities and the
 * kernel ({@link ProfileRule#includes}, {@link ProfileRule#excludes}), and {@code archMap}
 * names the architectures per host architecture. {@link #resolve} turns it into the
 * runtime-spec object for one container.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SeccompProfile(
        String defaultAction,
        Integer defaultErrnoRet,
        List<String> architectures,
        List<ArchMap> archMap,
        List<String> flags,
        String listenerPath,
        String listenerMetadata,
        List<ProfileRule> syscalls) {

    public SeccompProfile {
        architectures = architectures == null ? List.of() : List.copyOf(architectures);
        archMap = archMap == null ? List.of() : List.copyOf(archMap);
        flags = flags == null ? List.of() : List.copyOf(flags);
        syscalls = syscalls == null ? List.of() : List.copyOf(syscalls);
    }

    /** An archMap entry: a host architecture and the ones its processes may also use. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ArchMap(String architecture, List<String> subArchitectures) {
        public ArchMap {
            subArchitectures = subArchitectures == null ? List.of() : List.copyOf(subArchitectures);
        }
    }

    /**
     * The runtime-spec {@code linux.seccomp} for a container on the host whose architecture
     * is {@code scmpArch} (SCMP_ARCH_X86_64) or {@code goArch} (amd64, Docker's includes),
     * with the bounding set {@code caps} (CAP_ names).
     */
    public LinuxSeccomp resolve(String scmpArch, String goArch, Collection<String> caps) {
        return resolve(scmpArch, goArch, caps, KernelVersion.running());
    }

    LinuxSeccomp resolve(String scmpArch, String goArch, Collection<String> caps, KernelVersion kernel) {
        List<String> arches = new ArrayList<>(architectures);
        for (ArchMap map : archMap) {
            if (map.architecture().equals(scmpArch)) {
                arches.add(map.architecture());
                arches.addAll(map.subArchitectures());
            }
        }
        List<LinuxSeccomp.Syscall> rules = new ArrayList<>();
        for (ProfileRule rule : syscalls) {
            if (rule.applies(goArch, caps, kernel)) {
                rules.add(rule.toSpec());
            }
        }
        return new LinuxSeccomp(defaultAction, defaultErrnoRet, arches.stream().distinct().toList(), flags, listenerPath,
                listenerMetadata, rules);
    }
}
