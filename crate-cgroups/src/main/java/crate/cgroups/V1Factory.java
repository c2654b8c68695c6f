package crate.cgroups;

import crate.api.CrateException;
import crate.api.spec.LinuxResources;
import crate.api.spi.ContainerCgroup;
import crate.cgroups.v1.V1Cgroup;
import java.util.List;
import java.util.Optional;

/**
 * The cgroup v1 implementation as {@link CgroupfsManager} uses it on hybrid and legacy hosts:
 * the one seam between the layout-independent part and crate.cgroups.v1 (tests put a fake here).
 */
interface V1Factory {

    ContainerCgroup create(List<HierarchyDir> v1Hierarchies, Optional<HierarchyDir> unified,
            LinuxResources resources) throws CrateException;

    /** Empty if the cgroup exists in none of the hierarchies. */
    Optional<ContainerCgroup> open(List<HierarchyDir> v1Hierarchies, Optional<HierarchyDir> unified) throws CrateException;

    /** crate.cgroups.v1. */
    V1Factory V1 = new V1Factory() {
        @Override
        public ContainerCgroup create(List<HierarchyDir> v1Hierarchies, Optional<HierarchyDir> unified,
                LinuxResources resources) throws CrateException {
            return V1Cgroup.create(v1Hierarchies, unified, resources);
        }

        @Override
        public Optional<ContainerCgroup> open(List<HierarchyDir> v1Hierarchies, Optional<HierarchyDir> unified)
                throws CrateException {
            return V1Cgroup.open(v1Hierarchies, unified).map(ContainerCgroup.class::cast);
        }
    };
}
