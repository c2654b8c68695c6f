package crate.api.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** The runtime-spec {@code linux} section: the part crate implements so far. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Linux(
        List<LinuxNamespace> namespaces,
        String rootfsPropagation,
        List<String> maskedPaths,
        List<String> readonlyPaths,
        Map<String, String> sysctl,
        String cgroupsPath) {

    public Linux {
        namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
        maskedPaths = maskedPaths == null ? List.of() : List.copyOf(maskedPaths);
        readonlyPaths = readonlyPaths == null ? List.of() : List.copyOf(readonlyPaths);
        sysctl = sysctl == null ? Map.of() : Map.copyOf(sysctl);
    }
}
