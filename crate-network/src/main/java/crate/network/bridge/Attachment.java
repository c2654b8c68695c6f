package crate.network.bridge;

import crate.api.CrateException;
import crate.api.spi.ContainerContext;
import crate.api.spi.NetworkDriver;
import crate.linux.FlockFile;
import crate.linux.ip.Ipv4Address;
import crate.linux.ip.Ipv4Cidr;
import crate.linux.netlink.RtNetlink;
import crate.network.firewall.CommandRunner;
import crate.network.firewall.ContainerPorts;
import crate.network.firewall.Firewall;
import crate.network.ipam.IpLeases;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One container's attach, step by step under the driver's lock; a failing step undoes the
 * earlier ones ({@link Rollback}). What it makes: a lease, the bridge if missing, the veth
 * pair, eth0's address and route, the firewall rules tagged with the container's id, the
 * record of its published ports.
 */
final class Attachment {
    private final BridgeConfig config;
    private final CommandRunner runner;
    private final ContainerContext container;

    Attachment(BridgeConfig config, CommandRunner runner, ContainerContext container) {
        this.config = config;
        this.runner = runner;
        this.container = container;
    }

    Map<String, String> attach(int initPid) throws CrateException {
        String id = container.id();
        PublishedPorts ports = PublishedPorts.parse(container.options().get(ContainerContext.PORTS));
        Path netns = Path.of("/proc", Integer.toString(initPid), "ns", "net");
        config.createDriverDir();
        Rollback rollback = new Rollback("network bridge: container " + id);
        try (FlockFile lock = FlockFile.exclusive(config.lockFile());
                RtNetlink netlink = rollback.run("open rtnetlink", RtNetlink::open)) {
            PortBook book = new PortBook(config.bridgeDir());
            rollback.run("check published ports", () -> {
                book.reclaim(config::alive);
                book.checkFree(id, ports, config::alive);
            });

            IpLeases leases = IpLeases.open(config.bridgeDir(), config.bridge(), config.subnet());
            Ipv4Address address = rollback.run("lease an address", () -> leases.allocate(id, config::alive));
            rollback.onFailure("release " + address, () -> leases.release(id));
            Ipv4Cidr cidr = new Ipv4Cidr(address, config.subnet().prefix());
            Ipv4Address gateway = HostBridge.gateway(config).address();

            rollback.run("set up bridge " + config.bridge(), () -> HostBridge.ensure(netlink, config));
            rollback.run("enable IPv4 forwarding", () -> HostBridge.enableRouting(config));

            String veth = VethName.of(id);
            rollback.run("create veth " + veth + " with eth0 in " + netns,
                    () -> ContainerVeth.create(netlink, veth, config.mtu(), netns));
            rollback.onFailure("delete veth " + veth, () -> netlink.deleteLinkIfPresent(veth));
            rollback.run("put veth " + veth + " on " + config.bridge(), () -> ContainerVeth.plug(netlink, veth, config.bridge()));
            rollback.run("configure eth0 " + cidr + " via " + gateway, () -> ContainerVeth.configurePeer(netns, cidr, gateway));

            Firewall firewall = rollback.run("choose the firewall", () -> FirewallChoice.of(config.firewall(), runner));
            rollback.run(firewall.name() + " rules of bridge " + config.bridge(), () -> firewall.addBridge(config.network()));
            rollback.onFailure("remove " + firewall.name() + " rules of " + id, () -> firewall.removeContainer(id));
            rollback.run(firewall.name() + " rules of the published ports", () -> firewall.addContainer(
                    new ContainerPorts(id, address.toInetAddress(), ports.mappings())));
            rollback.onFailure("forget the published ports", () -> book.remove(id));
            rollback.run("record the published ports", () -> book.write(id, ports));
            return report(cidr, gateway, ports);
        }
    }

    private Map<String, String> report(Ipv4Cidr address, Ipv4Address gateway, PublishedPorts ports) {
        Map<String, String> report = new LinkedHashMap<>();
        report.put(NetworkDriver.ADDRESS, address.toString());
        report.put(NetworkDriver.GATEWAY, gateway.toString());
        report.put(NetworkDriver.INTERFACE, ContainerVeth.PEER);
        if (!ports.isEmpty()) {
            report.put(NetworkDriver.PORTS, ports.lines());
        }
        if (!config.dns().isEmpty()) {
            report.put(NetworkDriver.NAMESERVERS, String.join(" ", config.dns()));
        }
        return report;
    }
}
