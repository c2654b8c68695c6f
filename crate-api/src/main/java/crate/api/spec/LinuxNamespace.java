package crate.api.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One entry of {@code linux.namespaces}: a type (pid, network, mount, ipc, uts, cgroup, user,
 * time) and, to join an existing namespace instead of creating one, its path.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record LinuxNamespace(String type, String path) {}
