package crate.cgroups.v1;

import crate.cgroups.HierarchyDir;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where one container's cgroup is: its directory in every v1 hierarchy and, on a hybrid
 * host, in the cgroup2 hierarchy too.
 */
record V1Layout(List<HierarchyDir> v1, Optional<HierarchyDir> unified) {

    V1Layout {
        v1 = List.copyOf(v1);
        if (v1.isEmpty()) {
            throw new IllegalArgumentException("no cgroup v1 hierarchy");
        }
    }

    /** The v1 hierarchy that holds {@code controller}, if the host mounts one. */
    Optional<HierarchyDir> v1(String controller) {
        return v1.stream().filter(h -> h.has(controller)).findFirst();
    }

    /** Every directory of the cgroup: the v1 ones, then the cgroup2 one. */
    List<HierarchyDir> all() {
        List<HierarchyDir> all = new ArrayList<>(v1);
        unified.ifPresent(all::add);
        return all;
    }

    /** The hierarchy whose cgroup.procs lists the container's processes: pids, memory, else the first. */
    HierarchyDir procsSource() {
        return v1("pids").or(() -> v1("memory")).orElse(v1.getFirst());
    }

    /** The cgroup's path for messages: the one of the hierarchy that lists its processes. */
    String path() {
        return procsSource().cgroupPath();
    }

    static CgroupDir files(HierarchyDir hierarchy) {
        return new CgroupDir(hierarchy.dir());
    }
}
