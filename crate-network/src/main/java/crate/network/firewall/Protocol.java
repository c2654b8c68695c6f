package crate.network.firewall;

/** The transport protocols a published port can use. */
public enum Protocol {
    TCP,
    UDP;

    /** The lower-case name nft and iptables use ({@code tcp}, {@code udp}). */
    public String keyword() {
        return this == TCP ? "tcp" : "udp";
    }
}
