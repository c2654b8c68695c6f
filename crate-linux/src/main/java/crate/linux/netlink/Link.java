package crate.linux.netlink;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A network interface as a link dump reports it.
 *
 * @param kind the IFLA_INFO_KIND ("bridge", "veth"); empty for links without one (lo, most hardware)
 * @param master the index of the bridge (or bond) the link is a port of
 */
public record Link(String name, int index, Optional<String> kind, boolean up, OptionalInt master, int mtu) {}
