package crate.network.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.CrateException;
import crate.network.testing.TestNetns;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The firewall against the real kernel, in three namespaces this test creates: "host" with
 * the bridge nfbr0 (10.77.0.1/24) and the uplink nfup0 (192.0.2.1/24), "container" (eth0
 * 10.77.0.2 on the bridge, busybox httpd on :80) and "remote" (eth0 192.0.2.2, httpd with a
 * CGI that prints the peer's address, and no route back to the bridge's subnet).
 */
class FirewallIT {
    private static final BridgeNetwork BRIDGE = bridge();

    @TempDir Path dir;
    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private TestNetns host;
    private TestNetns container;
    private TestNetns remote;

    @BeforeEach
    void topology() throws Exception {
        host = own(TestNetns.create());
        container = own(TestNetns.create());
        remote = own(TestNetns.create());
        host.sh("ip", "link", "set", "lo", "up");
        host.sh("ip", "link", "add", "nfbr0", "type", "bridge");
        host.sh("ip", "addr", "add", "10.77.0.1/24", "dev", "nfbr0");
        host.sh("ip", "link", "set", "nfbr0", "up");
        host.sh("ip", "link", "add", "nfh0", "type", "veth", "peer", "name", "eth0", "netns", "" + container.pid());
        host.sh("ip", "link", "set", "nfh0", "master", "nfbr0", "up");
        host.sh("ip", "link", "add", "nfup0", "type", "veth", "peer", "name", "eth0", "netns", "" + remote.pid());
        host.sh("ip", "addr", "add", "192.0.2.1/24", "dev", "nfup0");
        host.sh("ip", "link", "set", "nfup0", "up");
        for (TestNetns ns : List.of(container, remote)) {
            ns.sh("ip", "link", "set", "lo", "up");
            ns.sh("ip", "link", "set", "eth0", "up");
        }
        container.sh("ip", "addr", "add", "10.77.0.2/24", "dev", "eth0");
        container.sh("ip", "route", "add", "default", "via", "10.77.0.1");
        remote.sh("ip", "addr", "add", "192.0.2.2/24", "dev", "eth0");
        InThread.sysctls(host, "nfbr0");

        Path web = Files.createDirectories(dir.resolve("container"));
        Files.writeString(web.resolve("index.html"), "from the container\n");
        own(container.start("busybox", "httpd", "-f", "-p", "0.0.0.0:80", "-h", web.toString()));
        Path cgi = Files.createDirectories(dir.resolve("remote/cgi-bin"));
        Path whoami = Files.writeString(cgi.resolve("whoami"), "#!/bin/sh\nprintf 'Content-Type: text/plain\\r\\n\\r\\n%s\\n' \"$REMOTE_ADDR\"\n");
        Files.setPosixFilePermissions(whoami, PosixFilePermissions.fromString("rwxr-xr-x"));
        own(remote.start("busybox", "httpd", "-f", "-p", "0.0.0.0:80", "-h", dir.resolve("remote").toString()));
        awaitAnswer(container, "http://127.0.0.1:80/");
        awaitAnswer(remote, "http://127.0.0.1:80/cgi-bin/whoami");
    }

    @AfterEach
    void tearDown() {
        for (AutoCloseable c : cleanup.reversed()) {
            try {
                c.close();
            } catch (Exception e) {
                // the rest still goes
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nftables", "iptables"})
    void masqueradePublishedPortsAndRemovalById(String tool) throws Exception {
        Firewall firewall = tool.equals("nftables") ? new NftFirewall(host.runner(), "nft")
                : Firewalls.iptables(host.runner());
        assertEquals(tool, firewall.name());
        firewall.addBridge(BRIDGE);
        firewall.addBridge(BRIDGE); // idempotent
        ContainerPorts one = new ContainerPorts("one", ip("10.77.0.2"), PortMapping.parse("8080:80"));
        ContainerPorts two = new ContainerPorts("two", ip("10.77.0.2"), PortMapping.parse("192.0.2.1:8081:80/tcp"));
        firewall.addContainer(one);
        firewall.addContainer(one); // idempotent: replaced, not doubled
        firewall.addContainer(two);
        assertEquals(2, tagged(firewall, "crate:one"), "prerouting and output, once");
        assertEquals(2, tagged(firewall, "crate:two"));
        assertEquals(5, tagged(firewall, "crate-bridge:nfbr0"));

        // (a) the remote namespace sees the host's address, not the container's
        assertEquals("192.0.2.1", fetch(container, "http://192.0.2.2/cgi-bin/whoami").strip());
        // (b) the published port answers in the host namespace via its address and via localhost
        assertEquals("from the container\n", fetch(host, "http://192.0.2.1:8080/"));
        assertEquals("from the container\n", fetch(host, "http://127.0.0.1:8080/"));
        assertEquals("from the container\n", fetch(host, "http://192.0.2.1:8081/"));
        // ... and from outside: the remote namespace reaches the host's port
        assertEquals("from the container\n", fetch(remote, "http://192.0.2.1:8080/"));

        // (c) removal by id alone (a fresh firewall object: no memory of the adder)
        Firewall later = tool.equals("nftables") ? new NftFirewall(host.runner(), "nft") : Firewalls.iptables(host.runner());
        later.removeContainer("one");
        later.removeContainer("one"); // idempotent
        later.removeContainer("never-added");
        assertEquals(0, tagged(later, "crate:one"));
        assertNotEquals(0, status(host, "http://192.0.2.1:8080/"));
        assertNotEquals(0, status(host, "http://127.0.0.1:8080/"));
        // (d) the rest stays for the other containers
        assertEquals(2, tagged(later, "crate:two"));
        assertEquals(5, tagged(later, "crate-bridge:nfbr0"));
        assertEquals("from the container\n", fetch(host, "http://192.0.2.1:8081/"));
        assertEquals("192.0.2.1", fetch(container, "http://192.0.2.2/cgi-bin/whoami").strip());

        later.removeBridge(BRIDGE);
        assertEquals(0, tagged(later, "crate-bridge:nfbr0"));
        // without the masquerade, the remote cannot answer: it has no route to 10.77.0.0/24
        assertNotEquals(0, status(container, "http://192.0.2.2/cgi-bin/whoami"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nftables", "iptables"})
    void aToolThatCannotRunIsReportedInOneLineAndChangesNothing(String tool) throws Exception {
        Firewall firewall = tool.equals("nftables") ? new NftFirewall(host.runner(), "nft") : Firewalls.iptables(host.runner());
        Firewall missing = tool.equals("nftables") ? new NftFirewall(host.runner(), "nft-missing")
                : new IptablesFirewall(host.runner(), "iptables-missing", "iptables-restore-missing");
        CrateException e = assertThrows(CrateException.class, () -> missing.addBridge(BRIDGE));
        assertTrue(e.getMessage().contains("-missing") && !e.getMessage().contains("\n"), e.getMessage());
        assertEquals(0, tagged(firewall, "crate-bridge:nfbr0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nftables", "iptables"})
    void aRuleTheKernelRefusesIsReportedWithTheToolsErrorAndTheBatchIsNotApplied(String tool) throws Exception {
        Firewall firewall = tool.equals("nftables") ? new NftFirewall(host.runner(), "nft") : Firewalls.iptables(host.runner());
        firewall.addBridge(BRIDGE);
        // Make the kernel refuse the output half of a container's DNAT: nft's output chain
        // becomes a filter chain (no DNAT there); iptables' CRATE-OUTPUT is also reached from
        // POSTROUTING, where the DNAT target is not allowed.
        if (firewall instanceof NftFirewall) {
            host.sh("nft", "delete", "chain", "ip", "crate", "output");
            host.sh("nft", "add chain ip crate output { type filter hook output priority 0; }");
        } else {
            host.sh("iptables", "-t", "nat", "-A", "POSTROUTING", "-j", "CRATE-OUTPUT");
        }
        ContainerPorts one = new ContainerPorts("one", ip("10.77.0.2"), PortMapping.parse("8080:80"));
        CrateException e = assertThrows(CrateException.class, () -> firewall.addContainer(one));
        assertTrue(e.getMessage().startsWith(tool + ": rules for container one failed: ") && !e.getMessage().contains("\n"),
                e.getMessage());
        assertEquals(0, tagged(firewall, "crate:one"), "one transaction: the prerouting half is not left behind");
    }

    @Test
    void detectionPrefersNftAndFallsBackToIptablesWhenNftIsMissing() throws Exception {
        assertEquals("nftables", Firewalls.detect(host.runner()).name());
        // A PATH with iptables but no nft, as on a host without nftables.
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String tool : List.of("iptables", "iptables-restore")) {
            Files.createSymbolicLink(bin.resolve(tool), Path.of("/usr/sbin", tool));
        }
        List<String> prefix = new ArrayList<>(host.runner().prefix());
        prefix.addAll(List.of("env", "PATH=" + bin));
        Firewall fallback = Firewalls.detect(new CommandRunner(prefix));
        assertEquals("iptables", fallback.name());
        fallback.addBridge(BRIDGE);
        assertEquals(5, tagged(fallback, "crate-bridge:nfbr0"));
        assertEquals("192.0.2.1", fetch(container, "http://192.0.2.2/cgi-bin/whoami").strip());
    }

    private static long tagged(Firewall firewall, String tag) throws CrateException {
        return switch (firewall) {
            case NftFirewall nft -> nft.rules().stream().filter(r -> r.comment().equals(tag)).count();
            case IptablesFirewall ipt -> ipt.rules().stream()
                    .filter(r -> IptablesRules.commentOf(r.rule()).filter(tag::equals).isPresent()).count();
            default -> throw new IllegalArgumentException("unknown firewall " + firewall.name());
        };
    }

    private static String fetch(TestNetns ns, String url) throws CrateException {
        // busybox 1.35's wget -T crashes (SIGSEGV): coreutils' timeout bounds a hang instead.
        return ns.sh("timeout", "30", "busybox", "wget", "-q", "-O", "-", url);
    }

    private static int status(TestNetns ns, String url) throws CrateException {
        return ns.runner().run(List.of("timeout", "5", "busybox", "wget", "-q", "-O", "-", url), "").exitStatus();
    }

    /** Waits until a server that was just started answers (readiness, not a timed assertion). */
    private static void awaitAnswer(TestNetns ns, String url) throws CrateException, InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (status(ns, url) == 0) {
                return;
            }
            Thread.sleep(25);
        }
        fetch(ns, url); // fails with wget's error
    }

    private <T extends AutoCloseable> T own(T resource) {
        cleanup.add(resource);
        return resource;
    }

    private void own(Process process) {
        cleanup.add(() -> {
            process.destroyForcibly();
            process.waitFor();
        });
    }

    private static Inet4Address ip(String text) throws IOException {
        return (Inet4Address) InetAddress.getByName(text);
    }

    private static BridgeNetwork bridge() {
        try {
            return BridgeNetwork.of("nfbr0", "10.77.0.0/24");
        } catch (CrateException e) {
            throw new AssertionError(e);
        }
    }
}
