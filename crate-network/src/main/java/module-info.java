/**
 * NetworkDriver implementations: {@code none} today; host, bridge and cni come with the
 * networking issue. {@code crate.network.firewall} (internal) holds the bridge driver's
 * NAT and published ports through nftables, with an iptables fallback.
 */
module crate.network {
    requires crate.api;
    requires crate.linux;
    requires com.fasterxml.jackson.databind;

    provides crate.api.spi.NetworkDriver with crate.network.NoneDriver;
}
