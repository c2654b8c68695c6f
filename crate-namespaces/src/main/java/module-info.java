/** Isolator: the container's mount table, rootfs (pivot_root), /proc, /dev, hostname, loopback, sysctls. */
module crate.namespaces {
    requires crate.api;
    requires crate.linux;

    provides crate.api.spi.Isolator with crate.namespaces.NamespacesIsolator;
}
