package crate.network.bridge;

import crate.api.CrateException;
import crate.linux.ip.Ipv4Address;
import crate.linux.ip.Ipv4Cidr;
import crate.linux.netlink.Link;
import crate.linux.netlink.RtNetlink;
import crate.network.firewall.NetSysctls;
import java.util.Optional;

/**
 * The bridge on the host's side, shared by the containers: made on first use and then left
 * in place (deleting it under a running container would cut it off).
 */
final class HostBridge {
    private HostBridge() {}

    /**
     * Makes sure the bridge exists, carries the gateway address (the subnet's first host
     * address, with the subnet's prefix), has the MTU and is up. Whatever is there already
     * is kept; only what is missing or different is changed.
     */
    static void ensure(RtNetlink netlink, BridgeConfig config) throws CrateException {
        String name = config.bridge();
        Optional<Link> link = netlink.link(name);
        if (link.isEmpty()) {
            netlink.createBridge(name, config.mtu());
            link = netlink.link(name);
        } else if (!link.get().kind().equals(Optional.of("bridge"))) {
            throw new CrateException("the link " + name + " exists and is not a bridge (kind "
                    + link.get().kind().orElse("none") + "): choose another network.bridge");
        }
        if (link.isPresent() && link.get().mtu() != config.mtu()) {
            netlink.setMtu(name, config.mtu());
        }
        Ipv4Cidr gateway = gateway(config);
        if (netlink.addresses(name).stream().noneMatch(a -> a.address().equals(gateway))) {
            netlink.addAddress(name, gateway);
        }
        if (link.isEmpty() || !link.get().up()) {
            netlink.setUp(name);
        }
    }

    /**
     * Routing between the bridge and the other links, and connections to 127.0.0.1 that are
     * DNAT'ed into the bridge (published ports reached through localhost), in the calling
     * thread's network namespace.
     */
    static void enableRouting(BridgeConfig config) throws CrateException {
        NetSysctls sysctls = NetSysctls.current();
        sysctls.enableForwarding();
        sysctls.enableRouteLocalnet(config.bridge());
    }

    /** The bridge's address: the subnet's first host address with the subnet's prefix ("10.88.0.1/16"). */
    static Ipv4Cidr gateway(BridgeConfig config) {
        return new Ipv4Cidr(config.subnet().gateway(), config.subnet().prefix());
    }
}
