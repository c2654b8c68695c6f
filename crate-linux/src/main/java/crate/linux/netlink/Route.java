package crate.linux.netlink;

import crate.linux.ip.Ipv4Address;
import crate.linux.ip.Ipv4Cidr;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An IPv4 route as a route dump reports it.
 *
 * @param table the routing table (254 is main, 255 local)
 * @param destination the destination network; 0.0.0.0/0 for a default route
 * @param outputLink the index of the link the route leaves through (RTA_OIF)
 */
public record Route(int table, Ipv4Cidr destination, Optional<Ipv4Address> gateway, OptionalInt outputLink) {
    public static final int MAIN_TABLE = 254;

    public boolean isDefault() {
        return destination.prefixLength() == 0;
    }
}
