/**
 * NetworkDriver implementations: {@code none} today; host, bridge and cni come with the
 * networking issue.
 */
module crate.network {
    requires crate.api;
    requires crate.linux;
    requires com.fasterxml.jackson.databind;

    provides crate.api.spi.NetworkDriver with crate.network.NoneDriver;
}
