package crate.cgroups;

import java.nio.file.Path;
import java.util.Set;

/**
 * One container's cgroup in one mounted hierarchy.
 *
 * @param mount where the hierarchy is mounted, for example /sys/fs/cgroup/memory
 * @param controllers the hierarchy's controllers (for a v1 named hierarchy its
 *     "name=..." option, for cgroup2 the controllers enabled at that cgroup's parent)
 * @param cgroupPath the cgroup's absolute path inside the hierarchy, for example
 *     /process_api/4f12/crate/abc (relative spec paths already resolved, per hierarchy)
 */
public record HierarchyDir(Path mount, Set<String> controllers, String cgroupPath) {

    public HierarchyDir {
        controllers = Set.copyOf(controllers);
        if (!cgroupPath.startsWith("/")) {
            throw new IllegalArgumentException("cgroup path not absolute: " + cgroupPath);
        }
    }

    /** The cgroup's directory. */
    public Path dir() {
        return cgroupPath.equals("/") ? mount : mount.resolve(cgroupPath.substring(1));
    }

    public boolean has(String controller) {
        return controllers.contains(controller);
    }
}
