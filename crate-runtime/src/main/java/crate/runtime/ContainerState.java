package crate.runtime;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import crate.api.spi.ContainerContext;
import java.util.Map;

/**
 * What crate keeps of a container in {@code <root>/<id>/state.json}: enough to answer
 * {@code state}, to signal the init process (pid and its start time, so a recycled pid is
 * never signalled) and to release everything on {@code delete}, also after a crash.
 *
 * @param pid init's pid, 0 while creating
 * @param startTime init's start time in clock ticks since boot (/proc/PID/stat field 22)
 * @param created when create began, RFC 3339
 * @param cgroupPaths where the container's cgroup is ({@link crate.api.spi.ContainerCgroup#paths()}),
 *     null if it has none
 * @param network what the container's network driver reported when it attached the
 *     container (addresses, ports), null without a driver
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerState(
        String id,
        int pid,
        long startTime,
        String bundle,
        String rootfs,
        String created,
        String owner,
        ContainerContext context,
        Map<String, String> cgroupPaths,
        Map<String, String> network) {

    public ContainerState(String id, int pid, long startTime, String bundle, String rootfs, String created,
            String owner, ContainerContext context) {
        this(id, pid, startTime, bundle, rootfs, created, owner, context, null, null);
    }

    public Map<String, String> annotations() {
        return context.spec().annotations();
    }

    ContainerState withInit(int newPid, long newStartTime) {
        return new ContainerState(id, newPid, newStartTime, bundle, rootfs, created, owner, context, cgroupPaths, network);
    }

    ContainerState withCgroup(Map<String, String> paths) {
        return new ContainerState(id, pid, startTime, bundle, rootfs, created, owner, context, paths, network);
    }

    ContainerState withNetwork(Map<String, String> attachment) {
        return new ContainerState(id, pid, startTime, bundle, rootfs, created, owner, context, cgroupPaths, attachment);
    }
}
