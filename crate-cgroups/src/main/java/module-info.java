/** Isolator: cgroups v2 (first-class) and v1 (hybrid and legacy hosts). Not built yet: see the resource-limits issue. */
module crate.cgroups {
    requires crate.api;
    requires crate.linux;
}
