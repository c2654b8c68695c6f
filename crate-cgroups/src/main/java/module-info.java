/** The cgroup manager: cgroup v2 (first-class) and v1 (hybrid and legacy hosts). */
module crate.cgroups {
    // V1Cgroup's public API names crate.api types (CrateException, LinuxResources, the SPI)
    // and HierarchyDir.
    requires transitive crate.api;
    requires crate.linux;

    exports crate.cgroups;
    exports crate.cgroups.v1;

    provides crate.api.spi.CgroupManager with crate.cgroups.CgroupfsManager;
}
