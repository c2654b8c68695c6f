/** The cgroup manager: cgroup v2 (first-class) and v1 (hybrid and legacy hosts). */
module crate.cgroups {
    requires transitive crate.api;
    requires crate.linux;

    exports crate.cgroups;

    provides crate.api.spi.CgroupManager with crate.cgroups.CgroupfsManager;
}
