/**
 * NetworkDriver implementations: {@code none}, {@code host} and {@code cni} (the standard CNI
 * plugins, {@code crate.network.cni}); bridge comes with the networking issue. Internal so far,
 * for the bridge driver: {@code crate.network.ipam} (IPv4 leases on disk) and {@code crate.network.firewall} (NAT and published ports through
 * nftables, with an iptables fallback).
 */
module crate.network {
    requires crate.api;
    requires crate.linux;
    requires com.fasterxml.jackson.databind;

    provides crate.api.spi.NetworkDriver with crate.network.NoneDriver, crate.network.HostDriver,
            crate.network.cni.CniDriver;
}
