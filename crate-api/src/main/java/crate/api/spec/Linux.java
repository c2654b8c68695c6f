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
        String cgroupsPath,
        LinuxResources resources,
        LinuxSeccomp seccomp,
        String mountLabel) {

    public Linux {
        namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
        maskedPaths = maskedPaths == null ? List.of() : List.copyOf(maskedPaths);
        readonlyPaths = readonlyPaths == null ? List.of() : List.copyOf(readonlyPaths);
        sysctl = sysctl == null ? Map.of() : Map.copyOf(sysctl);
    }

    /** A linux section without resources. */
    public Linux(List<LinuxNamespace> namespaces, String rootfsPropagation, List<String> maskedPaths,
            List<String> readonlyPaths, Map<String, String> sysctl, String cgroupsPath) {
        this(namespaces, rootfsPropagation, maskedPaths, readonlyPaths, sysctl, cgroupsPath, null, null, null);
    }

    /** A linux section without seccomp and mount label. */
    public Linux(List<LinuxNamespace> namespaces, String rootfsPropagation, List<String> maskedPaths,
            List<String> readonlyPaths, Map<String, String> sysctl, String cgroupsPath, LinuxResources resources) {
        this(namespaces, rootfsPropagation, maskedPaths, readonlyPaths, sysctl, cgroupsPath, resources, null, null);
    }

    /** The resources, {@link LinuxResources#NONE} when the spec has none. */
    public LinuxResources resourcesOrNone() {
        return resources == null ? LinuxResources.NONE : resources;
    }

    public Linux withResources(LinuxResources newResources) {
        return new Linux(namespaces, rootfsPropagation, maskedPaths, readonlyPaths, sysctl, cgroupsPath, newResources, seccomp, mountLabel);
    }

    public Linux withCgroupsPath(String newCgroupsPath) {
        return new Linux(namespaces, rootfsPropagation, maskedPaths, readonlyPaths, sysctl, newCgroupsPath, resources, seccomp, mountLabel);
    }

    public Linux withSeccomp(LinuxSeccomp newSeccomp) {
        return new Linux(namespaces, rootfsPropagation, maskedPaths, readonlyPaths, sysctl, cgroupsPath, resources, newSeccomp,
                mountLabel);
    }

    public Linux withPaths(List<String> newMaskedPaths, List<String> newReadonlyPaths) {
        return new Linux(namespaces, rootfsPropagation, newMaskedPaths, newReadonlyPaths, sysctl, cgroupsPath, resources, seccomp,
                mountLabel);
    }

    public Linux withNamespaces(List<LinuxNamespace> newNamespaces) {
        return new Linux(newNamespaces, rootfsPropagation, maskedPaths, readonlyPaths, sysctl, cgroupsPath, resources, seccomp,
                mountLabel);
    }
}
