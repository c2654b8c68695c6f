package crate.api.spi;

import crate.api.CrateException;
import java.util.Map;
import java.util.Optional;

/**
 * Puts containers into control groups and applies {@code linux.resources}. One manager
 * serves the host's layout (cgroup v2 only, hybrid, or v1 only), which it detects itself.
 *
 * <p>Where a container's cgroup is: {@code linux.cgroupsPath} if the spec has one (absolute:
 * from the root of each hierarchy; relative: under the runtime's own cgroup in each
 * hierarchy, as runc; the systemd form {@code slice:prefix:name} mapped onto cgroupfs),
 * otherwise the manager's default parent plus the container id.
 */
public interface CgroupManager {

    /** The manager's name, as the configuration selects it ("cgroupfs"). */
    String name();

    /**
     * Creates the container's cgroup and applies the spec's resources. The cgroup must not
     * exist yet (an existing one with processes is an error). On failure nothing is left.
     */
    ContainerCgroup create(ContainerContext container) throws CrateException;

    /** The cgroup of a created container, or empty if it does not exist (anymore). */
    Optional<ContainerCgroup> find(ContainerContext container) throws CrateException;

    /**
     * The cgroup that {@link ContainerCgroup#paths()} described when it was created, or
     * empty if it is gone. The runtime keeps those paths in the container's state: a
     * relative cgroupsPath depends on the cgroup of the process that created it.
     */
    Optional<ContainerCgroup> open(Map<String, String> paths) throws CrateException;

    /**
     * This manager with another default parent for containers without a cgroupsPath (crate's
     * configuration: {@code cgroups.parent}): relative, such as "crate", under the runtime's own
     * cgroup in each hierarchy, or absolute, such as "/crate". A manager that cannot honour
     * it refuses, as this default does, rather than ignore it.
     *
     * @throws CrateException if the parent is no valid cgroup path, or the manager takes none
     */
    default CgroupManager withDefaultParent(String parent) throws CrateException {
        throw new CrateException("cgroup manager " + name() + " cannot place containers under another parent (\""
                + parent + "\")");
    }

    /**
     * After a container's cgroup is destroyed: remove the default parent this manager made
     * for containers without a cgroupsPath ({@link #withDefaultParent}), if no cgroup is left
     * in it. Best effort; the default does nothing.
     *
     * @param paths the destroyed cgroup's {@link ContainerCgroup#paths()}
     */
    default void removeEmptyParent(Map<String, String> paths) {}
}
