package crate.linux.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.linux.ip.Ipv4Address;
import crate.linux.ip.Ipv4Cidr;
import crate.linux.Errno;
import crate.linux.ErrnoException;
import crate.linux.Syscalls;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rtnetlink client against the real kernel (root), only in two namespaces the test makes:
 * "host" (a stand-in for the host side, with the bridge) and "container". iproute2's
 * {@code ip -j}, run in the same namespaces with nsenter, checks independently what was made.
 */
class RtNetlinkIT {
    private static final Pattern IFNAME = Pattern.compile("\"ifname\":\"([^\"]+)\"");
    private static final Pattern LOCAL = Pattern.compile("\"local\":\"([0-9.]+)\",\"prefixlen\":(\\d+)");
    private static final Pattern DST = Pattern.compile("\"dst\":\"([^\"]+)\"");

    private TestNetns host;
    private TestNetns container;
    private RtNetlink hostLinks;
    private RtNetlink containerLinks;

    @BeforeEach
    void start() throws Exception {
        host = TestNetns.start();
        container = TestNetns.start();
        hostLinks = host.openRtNetlink();
        containerLinks = container.openRtNetlink();
    }

    @AfterEach
    void stop() {
        try {
            hostLinks.close();
            containerLinks.close();
        } finally {
            try {
                host.close();
            } finally {
                container.close();
            }
        }
    }

    @Test
    void createsABridgeOnceAndSaysClearlyThatItExists() throws Exception {
        hostLinks.createBridge("nlbr0", 1400);

        Link bridge = hostLinks.link("nlbr0").orElseThrow();
        assertEquals(Optional.of("bridge"), bridge.kind());
        assertEquals(1400, bridge.mtu());
        assertFalse(bridge.up());
        assertEquals(OptionalInt.of(bridge.index()), hostLinks.linkIndex("nlbr0"));
        String ip = host.run("ip", "-d", "-j", "link", "show", "nlbr0").output();
        assertTrue(ip.contains("\"info_kind\":\"bridge\"") && ip.contains("\"mtu\":1400"), ip);

        ErrnoException e = assertThrows(ErrnoException.class, () -> hostLinks.createBridge("nlbr0", 1400));
        assertEquals("netlink: create bridge nlbr0: File exists (EEXIST)", e.getMessage());
        assertEquals(Errno.EEXIST, e.errno());
    }

    @Test
    void aVethPairIntoAnotherNamespaceCarriesAPingAndDeletesAsAWhole() throws Exception {
        Ipv4Cidr gateway = Ipv4Cidr.parse("10.77.0.1/24");
        Ipv4Cidr address = Ipv4Cidr.parse("10.77.0.2/24");
        hostLinks.createBridge("nlbr0", 0);
        hostLinks.addAddress("nlbr0", gateway);
        hostLinks.setUp("nlbr0");
        int containerFd = container.openFd();
        try {
            hostLinks.createVethPair("nlv0h", "nlv0c", 1450, containerFd);
        } finally {
            Syscalls.closeQuietly(containerFd);
        }
        assertEquals(OptionalInt.empty(), hostLinks.linkIndex("nlv0c")); // born in the container's namespace
        hostLinks.setMaster("nlv0h", "nlbr0");
        hostLinks.setUp("nlv0h");
        containerLinks.rename("nlv0c", "eth0");
        containerLinks.addAddress("eth0", address);
        containerLinks.setUp("eth0");
        containerLinks.setUp("lo");
        containerLinks.addDefaultRoute(gateway.address(), "eth0");

        // what the dumps say
        int bridgeIndex = hostLinks.linkIndex("nlbr0").orElseThrow();
        Link hostEnd = hostLinks.link("nlv0h").orElseThrow();
        assertEquals(OptionalInt.of(bridgeIndex), hostEnd.master());
        assertEquals(Optional.of("veth"), hostEnd.kind());
        assertTrue(hostEnd.up());
        assertEquals(1450, hostEnd.mtu());
        Link eth0 = containerLinks.links().stream().filter(l -> l.name().equals("eth0")).findFirst().orElseThrow();
        assertEquals(Optional.of("veth"), eth0.kind());
        assertTrue(eth0.up());
        assertEquals(1450, eth0.mtu());
        assertEquals(List.of(new Address(eth0.index(), address)), containerLinks.addresses("eth0"));
        assertEquals(List.of(new Address(bridgeIndex, gateway)), hostLinks.addresses("nlbr0"));
        Route defaultRoute = containerLinks.routes().stream()
                .filter(r -> r.table() == Route.MAIN_TABLE && r.isDefault()).findFirst().orElseThrow();
        assertEquals(Optional.of(gateway.address()), defaultRoute.gateway());
        assertEquals(OptionalInt.of(eth0.index()), defaultRoute.outputLink());
        Ipv4Cidr subnet = Ipv4Cidr.parse("10.77.0.0/24");
        assertTrue(containerLinks.routes().stream().anyMatch(r -> r.table() == Route.MAIN_TABLE
                && r.destination().equals(subnet) && r.gateway().isEmpty()),
                "the kernel's route to the address's subnet");

        // what iproute2 says
        String hostIp = host.run("ip", "-j", "link", "show", "nlv0h").output();
        assertTrue(hostIp.contains("\"master\":\"nlbr0\"") && hostIp.contains("\"mtu\":1450"), hostIp);
        String addr = container.run("ip", "-j", "addr", "show", "dev", "eth0").output();
        assertTrue(addr.contains("\"local\":\"10.77.0.2\",\"prefixlen\":24"), addr);
        String route = container.run("ip", "-j", "route", "show", "default").output();
        assertTrue(route.contains("\"gateway\":\"10.77.0.1\",\"dev\":\"eth0\""), route);

        // traffic both ways
        TestNetns.Result toGateway = container.run("busybox", "ping", "-c", "1", "-W", "5", "10.77.0.1");
        assertEquals(0, toGateway.status(), toGateway.output());
        TestNetns.Result toContainer = host.run("busybox", "ping", "-c", "1", "-W", "5", "10.77.0.2");
        assertEquals(0, toContainer.status(), toContainer.output());

        // deleting one end takes both
        hostLinks.deleteLink("nlv0h");
        assertEquals(OptionalInt.empty(), hostLinks.linkIndex("nlv0h"));
        assertEquals(OptionalInt.empty(), containerLinks.linkIndex("eth0"));
        assertFalse(hostLinks.deleteLinkIfPresent("nlv0h"));
        assertTrue(hostLinks.link("nlbr0").isPresent(), "the bridge stays");
        ErrnoException e = assertThrows(ErrnoException.class, () -> hostLinks.deleteLink("nlv0h"));
        assertEquals("netlink: delete link nlv0h: No such device (ENODEV)", e.getMessage());
    }

    @Test
    void movesALinkToAnotherNamespaceAndChangesItsMtu() throws Exception {
        hostLinks.createVethPair("nla", "nlb", 0);
        assertTrue(hostLinks.linkIndex("nlb").isPresent());
        int containerFd = container.openFd();
        try {
            hostLinks.moveToNetns("nlb", containerFd);
        } finally {
            Syscalls.closeQuietly(containerFd);
        }
        assertEquals(OptionalInt.empty(), hostLinks.linkIndex("nlb"));
        containerLinks.setMtu("nlb", 1300);
        assertEquals(1300, containerLinks.link("nlb").orElseThrow().mtu());
        containerLinks.setUp("nlb");
        assertTrue(containerLinks.link("nlb").orElseThrow().up());
        containerLinks.setDown("nlb");
        assertFalse(containerLinks.link("nlb").orElseThrow().up());
        assertTrue(containerLinks.deleteLinkIfPresent("nlb"));
        assertEquals(OptionalInt.empty(), hostLinks.linkIndex("nla"));
    }

    @Test
    void errorsNameTheOperationAndTheLink() throws Exception {
        assertEquals("netlink: set link nlnothere up: No such device (ENODEV)",
                assertThrows(ErrnoException.class, () -> hostLinks.setUp("nlnothere")).getMessage());
        assertEquals("netlink: add address 10.0.0.1/8 to nlnothere (no link nlnothere): No such device (ENODEV)",
                assertThrows(ErrnoException.class,
                        () -> hostLinks.addAddress("nlnothere", Ipv4Cidr.parse("10.0.0.1/8"))).getMessage());

        hostLinks.createBridge("nlbr0", 0);
        hostLinks.setUp("nlbr0");
        ErrnoException tooBig = assertThrows(ErrnoException.class, () -> hostLinks.setMtu("nlbr0", 100_000));
        assertEquals(Errno.EINVAL, tooBig.errno());
        // the kernel's own words (extended ack) between the operation and the errno
        assertTrue(tooBig.getMessage().matches(
                "netlink: set link nlbr0 mtu 100000 \\(kernel: [^)]+\\): Invalid argument \\(EINVAL\\)"), tooBig.getMessage());
        assertEquals("netlink: set link nlbr0 master nlnothere (no link nlnothere): No such device (ENODEV)",
                assertThrows(ErrnoException.class, () -> hostLinks.setMaster("nlbr0", "nlnothere")).getMessage());
        hostLinks.setDown("nlbr0");
        hostLinks.rename("nlbr0", "nlbr1");
        assertTrue(hostLinks.link("nlbr1").isPresent());

        hostLinks.addAddress("nlbr1", Ipv4Cidr.parse("10.78.0.1/16"));
        ErrnoException twice = assertThrows(ErrnoException.class,
                () -> hostLinks.addAddress("nlbr1", Ipv4Cidr.parse("10.78.0.1/16")));
        assertEquals(Errno.EEXIST, twice.errno());
        assertTrue(twice.getMessage().startsWith("netlink: add address 10.78.0.1/16 to nlbr1")
                && twice.getMessage().endsWith(": File exists (EEXIST)"), twice.getMessage());
        ErrnoException unreachable = assertThrows(ErrnoException.class,
                () -> hostLinks.addDefaultRoute(Ipv4Address.parse("192.0.2.1"), "nlbr1"));
        assertTrue(unreachable.getMessage().startsWith("netlink: add default route via 192.0.2.1 dev nlbr1"),
                unreachable.getMessage());
    }

    @Test
    void theLinkDumpListsWhatIprouteLists() throws Exception {
        hostLinks.createBridge("nlbr0", 0);
        hostLinks.createVethPair("nlx0", "nlx1", 0);
        for (int i = 0; i < 40; i++) { // enough links that the dump spans several datagrams
            hostLinks.createBridge("nlmany" + i, 0);
        }
        Set<String> ours = hostLinks.links().stream().map(Link::name).collect(Collectors.toCollection(TreeSet::new));
        Set<String> theirs = new TreeSet<>();
        Matcher names = IFNAME.matcher(host.run("ip", "-j", "link", "show").output());
        while (names.find()) {
            theirs.add(names.group(1));
        }
        assertEquals(theirs, ours);
        assertEquals(44, ours.size());
        assertTrue(ours.containsAll(List.of("lo", "nlbr0", "nlx0", "nlx1", "nlmany39")));
    }

    @Test
    void theAddressAndRouteDumpsListWhatIprouteLists() throws Exception {
        hostLinks.setUp("lo");
        hostLinks.createVethPair("nly0", "nly1", 0);
        hostLinks.addAddress("nly0", Ipv4Cidr.parse("10.79.0.1/24"));
        hostLinks.addAddress("nly0", Ipv4Cidr.parse("10.80.0.1/16"));
        hostLinks.addAddress("nly1", Ipv4Cidr.parse("10.79.0.2/24"));
        hostLinks.setUp("nly0");
        hostLinks.setUp("nly1");
        hostLinks.addDefaultRoute(Ipv4Address.parse("10.79.0.2"), "nly0");

        Set<String> ourAddresses = hostLinks.addresses().stream().map(a -> a.address().toString())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> theirAddresses = new TreeSet<>();
        Matcher local = LOCAL.matcher(host.run("ip", "-j", "-4", "addr", "show").output());
        while (local.find()) {
            theirAddresses.add(local.group(1) + "/" + local.group(2));
        }
        assertEquals(theirAddresses, ourAddresses);
        assertEquals(Set.of("127.0.0.1/8", "10.79.0.1/24", "10.80.0.1/16", "10.79.0.2/24"), ourAddresses);

        Set<String> ourRoutes = hostLinks.routes().stream().filter(r -> r.table() == Route.MAIN_TABLE)
                .map(r -> r.isDefault() ? "default" : r.destination().toString())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> theirRoutes = new TreeSet<>();
        Matcher dst = DST.matcher(host.run("ip", "-j", "-4", "route", "show", "table", "main").output());
        while (dst.find()) {
            theirRoutes.add(dst.group(1));
        }
        assertEquals(theirRoutes, ourRoutes);
        assertTrue(ourRoutes.containsAll(List.of("default", "10.79.0.0/24", "10.80.0.0/16")), ourRoutes.toString());
    }
}
