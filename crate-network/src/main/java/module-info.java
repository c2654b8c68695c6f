/** NetworkDriver implementations (none, host, bridge, cni). Not built yet: see the networking issue. */
module crate.network {
    requires crate.api;
    requires crate.linux;
}
