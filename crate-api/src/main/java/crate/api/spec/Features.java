package crate.api.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The runtime-spec features document (features.md, features-linux.md): what a runtime
 * implements, as {@code runc features} prints it. A null property is left out, which the
 * spec reads as "unknown"; an empty list or false says "not supported".
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Features(
        String ociVersionMin,
        String ociVersionMax,
        List<String> hooks,
        List<String> mountOptions,
        LinuxFeatures linux,
        Map<String, String> annotations) {

    /** The {@code linux} object of the features document. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record LinuxFeatures(
            List<String> namespaces,
            // An empty list says "none", which is not the same as unknown (absent).
            @JsonInclude(JsonInclude.Include.ALWAYS) List<String> capabilities,
            Cgroup cgroup,
            Seccomp seccomp,
            Enabled apparmor,
            Enabled selinux,
            Enabled intelRdt) {}

    /** Which cgroup managers the runtime implements. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Cgroup(Boolean v1, Boolean v2, Boolean systemd, Boolean systemdUser, Boolean rdma) {}

    /** What the runtime implements of {@code linux.seccomp} (features-linux.md). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Seccomp(
            Boolean enabled,
            List<String> actions,
            List<String> operators,
            List<String> archs,
            List<String> knownFlags,
            List<String> supportedFlags) {}

    /** A feature the runtime implements or not ({@code {"enabled": false}}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Enabled(Boolean enabled) {}
}
