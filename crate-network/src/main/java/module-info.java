/**
 * NetworkDriver implementations: {@code none}, {@code host}, {@code bridge}
 * ({@code crate.network.bridge}, crate's own bridge, which uses {@code crate.network.ipam}:
 * IPv4 leases on disk, and {@code crate.network.firewall}: NAT and published ports through
 * nftables, with an iptables fallback) and {@code cni} (the standard CNI plugins,
 * {@code crate.network.cni}).
 */
module crate.network {
    requires crate.api;
    requires crate.linux;
    requires com.fasterxml.jackson.databind;

    provides crate.api.spi.NetworkDriver with crate.network.NoneDriver, crate.network.HostDriver,
            crate.network.bridge.BridgeDriver, crate.network.cni.CniDriver;
}
