package crate.cgroups.v1;

import crate.api.CrateException;
import crate.api.spec.LinuxResources;
import crate.api.spi.ContainerCgroup;
import crate.cgroups.HierarchyDir;
import java.util.List;
import java.util.Optional;

/**
 * STUB, replaced at merge: the cgroup v1 implementation is written on another branch against
 * these two factories. Until then every v1 (hybrid or legacy) host refuses cgroups.
 */
// A stub that always throws, on purpose, until the merge.
@SuppressWarnings("DoNotCallSuggester")
public final class V1Cgroup {
    private V1Cgroup() {}

    public static ContainerCgroup create(List<HierarchyDir> v1Hierarchies, Optional<HierarchyDir> unified,
            LinuxResources resources) throws CrateException {
        throw new CrateException("cgroup v1 (hybrid and legacy hosts) is not implemented yet");
    }

    public static ContainerCgroup open(List<HierarchyDir> v1Hierarchies, Optional<HierarchyDir> unified)
            throws CrateException {
        throw new CrateException("cgroup v1 (hybrid and legacy hosts) is not implemented yet");
    }
}
