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
        Map<String, String> annotations) {

    /** The runtime-spec version crate implements. */
    public static final String OCI_VERSION = "1.2.0";

    public Spec {
        mounts = mounts == null ? List.of() : List.copyOf(mounts);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    public Spec withProcess(Process newProcess) {
        return new Spec(ociVersion, newProcess, root, hostname, domainname, mounts, linux, annotations);
    }

    public Spec withRoot(Root newRoot) {
        return new Spec(ociVersion, process, newRoot, hostname, domainname, mounts, linux, annotations);
    }

    public Spec withHostname(String newHostname) {
        return new Spec(ociVersion, process, root, newHostname, domainname, mounts, linux, annotations);
    }
}
