package crate.api.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The runtime-spec {@code linux.seccomp}: a default action, the architectures the filter
 * accepts, and rules per syscall name, optionally with argument conditions.
 *
 * @param defaultErrnoRet the errno of a default SCMP_ACT_ERRNO (EPERM when null)
 * @param listenerPath the unix socket that receives the notify fd (SCMP_ACT_NOTIFY)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record LinuxSeccomp(
        String defaultAction,
        Integer defaultErrnoRet,
        List<String> architectures,
        List<String> flags,
        String listenerPath,
        String listenerMetadata,
        List<Syscall> syscalls) {

    public LinuxSeccomp {
        architectures = architectures == null ? List.of() : List.copyOf(architectures);
        flags = flags == null ? List.of() : List.copyOf(flags);
        syscalls = syscalls == null ? List.of() : List.copyOf(syscalls);
    }

    /** One rule: the names it matches, its action, and the conditions that must all hold. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Syscall(List<String> names, String action, Integer errnoRet, List<Arg> args) {
        public Syscall {
            names = names == null ? List.of() : List.copyOf(names);
            args = args == null ? List.of() : List.copyOf(args);
        }
    }

    /**
     * A condition on argument {@code index}: {@code op} is SCMP_CMP_NE, _LT, _LE, _EQ, _GE, _GT
     * or _MASKED_EQ (then {@code (arg & value) == valueTwo}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Arg(int index, long value, long valueTwo, String op) {}
}
