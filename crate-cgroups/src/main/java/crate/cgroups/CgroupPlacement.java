package crate.cgroups;

import java.nio.file.Files;
import java.util.List;
import java.util.Optional;

/**
 * One container's cgroup placed in every hierarchy of the host.
 *
 * @param v1 its directory in each v1 hierarchy (none on a unified host)
 * @param unified its directory in the cgroup2 mount, if the host has one
 */
record CgroupPlacement(CgroupLayout.Kind kind, CgroupPath path, List<HierarchyDir> v1,
        Optional<HierarchyDir> unified) {

    CgroupPlacement {
        v1 = List.copyOf(v1);
    }

    /** Whether the cgroup exists in any hierarchy that matters for the layout. */
    boolean exists() {
        if (kind == CgroupLayout.Kind.UNIFIED) {
            return unified.isPresent() && Files.isDirectory(unified.get().dir());
        }
        return v1.stream().anyMatch(d -> Files.isDirectory(d.dir()));
    }
}
