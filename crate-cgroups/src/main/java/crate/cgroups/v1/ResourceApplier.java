package crate.cgroups.v1;

import crate.api.CrateException;
import crate.api.spec.LinuxResources;
import crate.cgroups.DefaultDevices;
import crate.cgroups.HierarchyDir;
import java.util.Optional;
import java.util.Set;

/**
 * Applies linux.resources to the controllers of a v1 (or hybrid) cgroup, in runc's order of
 * subsystems: cpuset, devices, memory, cpu, pids, blkio, hugetlb; then unified.
 */
final class ResourceApplier {
    private ResourceApplier() {}

    static void apply(V1Layout layout, LinuxResources resources) throws CrateException {
        LinuxResources.Cpu cpu = resources.cpu();
        if (cpu != null && CpusetSettings.wanted(cpu)) {
            CpusetSettings.apply(dir(layout, "cpuset", "cpu.cpus/mems"), cpu);
        }
        if (resources.devices() != null && !resources.devices().isEmpty()) {
            // runc's default devices follow the spec's rules, as on v2: podman denies everything and relies on them.
            DeviceRules.apply(dir(layout, "devices", "devices"), DefaultDevices.withDefaults(resources.devices()));
        }
        if (resources.memory() != null) {
            MemorySettings.apply(dir(layout, "memory", "memory"), resources.memory());
        }
        if (cpu != null && CpuSettings.wanted(cpu)) {
            CpuSettings.apply(dir(layout, "cpu", "cpu"), cpu);
        }
        if (resources.pids() != null) {
            PidsSettings.apply(dir(layout, "pids", "pids"), resources.pids());
        }
        if (resources.blockIO() != null) {
            BlkioSettings.apply(dir(layout, "blkio", "blockIO"), resources.blockIO());
        }
        if (resources.hugepageLimits() != null && !resources.hugepageLimits().isEmpty()) {
            applyHugetlb(layout, resources);
        }
        if (resources.unified() != null) {
            UnifiedSettings.apply(layout.unified().map(V1Layout::files),
                    layout.unified().map(HierarchyDir::controllers).orElse(Set.of()), resources.unified());
        }
    }

    private static void applyHugetlb(V1Layout layout, LinuxResources resources) throws CrateException {
        Optional<HierarchyDir> v1 = layout.v1("hugetlb");
        if (v1.isPresent()) {
            HugetlbSettings.apply(V1Layout.files(v1.get()), false, resources.hugepageLimits());
            return;
        }
        Optional<HierarchyDir> v2 = layout.unified().filter(h -> h.has("hugetlb"));
        if (v2.isEmpty()) {
            if (layout.unified().isPresent()) {
                throw new CrateException("linux.resources.hugepageLimits needs the hugetlb controller: no v1"
                        + " hierarchy has it, and the cgroup2 hierarchy does not enable it for "
                        + layout.unified().get().cgroupPath() + " (see its parent's cgroup.subtree_control)");
            }
            throw missing("hugetlb", "hugepageLimits");
        }
        HugetlbSettings.apply(V1Layout.files(v2.get()), true, resources.hugepageLimits());
    }

    private static CgroupFiles dir(V1Layout layout, String controller, String field) throws CrateException {
        return V1Layout.files(layout.v1(controller).orElseThrow(() -> missing(controller, field)));
    }

    private static CrateException missing(String controller, String field) {
        return new CrateException("linux.resources." + field + " needs the " + controller
                + " controller, and this host has no hierarchy with it mounted");
    }
}
