/** An example crate plugin: a network driver that links a container to another network namespace by a veth pair. */
module org.example.crate.vethnet {
    requires crate.api;

    provides crate.api.spi.NetworkDriver with org.example.crate.vethnet.VethNetworkDriver;
}
