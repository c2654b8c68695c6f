package crate.cgroups;

import java.nio.file.Path;
import java.util.Set;

/**
 * A mounted cgroup hierarchy.
 *
 * @param mountPoint where it is mounted, for example /sys/fs/cgroup/memory
 * @param root the cgroup that the mount shows as its top, "/" unless the mount is a bind
 *     mount of a sub-cgroup or was made inside a cgroup namespace
 * @param controllers v1: the controllers (or "name=systemd") from the mount options;
 *     cgroup2: the controllers its top cgroup offers (its cgroup.controllers)
 */
public record CgroupMount(Path mountPoint, String root, Set<String> controllers) {

    public CgroupMount {
        controllers = Set.copyOf(controllers);
    }

    /** This mount's directory and controllers for one cgroup, given by its absolute path. */
    public HierarchyDir dir(String cgroupPath) {
        return new HierarchyDir(mountPoint, controllers, cgroupPath);
    }
}
