package crate.api.image;

import java.util.List;
import java.util.Map;

/**
 * The parts of an image's configuration that shape a container ({@code config} of the OCI
 * image-spec's image configuration); lists are empty and strings "" where the image says
 * nothing.
 *
 * @param exposedPorts "80/tcp", kept as metadata
 */
public record ImageConfig(List<String> entrypoint, List<String> cmd, List<String> env, String workingDir, String user,
        List<String> exposedPorts, Map<String, String> labels, String os, String architecture, String variant) {

    public ImageConfig {
        entrypoint = List.copyOf(entrypoint);
        cmd = List.copyOf(cmd);
        env = List.copyOf(env);
        workingDir = workingDir == null ? "" : workingDir;
        user = user == null ? "" : user;
        exposedPorts = List.copyOf(exposedPorts);
        labels = Map.copyOf(labels);
        os = os == null ? "" : os;
        architecture = architecture == null ? "" : architecture;
        variant = variant == null ? "" : variant;
    }
}
