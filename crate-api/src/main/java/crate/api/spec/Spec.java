package crate.api.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * An OCI runtime-spec {@code config.json}: the part of it crate implements so far. Unknown
 * fields are ignored when reading, as the spec asks of runtimes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Spec(
        String ociVersion,
        Process process,
        Root root,
        String hostname,
        String domainname,
        List<Mount> mounts,
        Linux linux,
        Map<String, String> annotations,
        Hooks hooks) {

    /** The runtime-spec version crate implements. */
    public static final String OCI_VERSION = "1.2.0";

    public Spec {
        mounts = mounts == null ? List.of() : List.copyOf(mounts);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    /** A spec without hooks. */
    public Spec(String ociVersion, Process process, Root root, String hostname, String domainname,
            List<Mount> mounts, Linux linux, Map<String, String> annotations) {
        this(ociVersion, process, root, hostname, domainname, mounts, linux, annotations, null);
    }

    /** The hooks, {@link Hooks#NONE} when config.json has none. */
    public Hooks hooksOrNone() {
        return hooks == null ? Hooks.NONE : hooks;
    }

    public Spec withProcess(Process newProcess) {
        return new Spec(ociVersion, newProcess, root, hostname, domainname, mounts, linux, annotations, hooks);
    }

    public Spec withRoot(Root newRoot) {
        return new Spec(ociVersion, process, newRoot, hostname, domainname, mounts, linux, annotations, hooks);
    }

    public Spec withHostname(String newHostname) {
        return new Spec(ociVersion, process, root, newHostname, domainname, mounts, linux, annotations, hooks);
    }

    public Spec withLinux(Linux newLinux) {
        return new Spec(ociVersion, process, root, hostname, domainname, mounts, newLinux, annotations, hooks);
    }

    public Spec withMounts(List<Mount> newMounts) {
        return new Spec(ociVersion, process, root, hostname, domainname, newMounts, linux, annotations, hooks);
    }

    public Spec withHooks(Hooks newHooks) {
        return new Spec(ociVersion, process, root, hostname, domainname, mounts, linux, annotations, newHooks);
    }
}
