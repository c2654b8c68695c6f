package crate.network.cni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import crate.network.firewall.CommandRunner;
import crate.network.testing.TestNetns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cni driver with Debian's real plugins (bridge, host-local) in network namespaces of the
 * test's own: a "host" namespace where the driver runs (and the bridge plugin makes its bridge
 * and NAT rules), and a "container" namespace held by a sleep, whose pid stands for init's.
 * Covers what the CLI cannot reach: CHECK on a live attachment, and after the veth was removed.
 */
class CniPluginsIT {
    private static final String NETWORK = "cniplug";
    private static final Path PLUGINS = Path.of("/usr/lib/cni");

    @TempDir Path tmp;
    private final List<TestNetns> namespaces = new ArrayList<>();
    private TestNetns host;
    private TestNetns container;
    private String defaultNetns;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        assumeTrue(Files.isExecutable(PLUGINS.resolve("bridge")), "needs containernetworking-plugins");
        defaultNetns = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
        host = start();
        container = start();
        Files.createDirectories(tmp.resolve("net.d"));
        Files.writeString(tmp.resolve("net.d").resolve(NETWORK + ".conflist"), """
                {"cniVersion": "1.0.0", "name": "%s", "plugins": [
                  {"type": "bridge", "bridge": "cnitest1", "isGateway": true, "ipMasq": true,
                   "ipam": {"type": "host-local", "dataDir": "%s", "ranges": [[{"subnet": "10.98.0.0/24"}]],
                            "routes": [{"dst": "0.0.0.0/0"}]}}]}
                """.formatted(NETWORK, tmp.resolve("ipam")));
    }

    private TestNetns start() throws Exception {
        TestNetns ns = TestNetns.create();
        namespaces.add(ns);
        return ns;
    }

    @AfterEach
    void tearDown() {
        // The namespaces go with their holders, and with them the bridge, veths and rules.
        namespaces.forEach(TestNetns::close);
    }

    /** Runs the driver in the host namespace; refuses (exit 99) if that were the test's own. */
    private CommandRunner.Result driver(String action) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> argv = new ArrayList<>(List.of("nsenter", "--net=" + host.path, "--", "sh", "-c",
                "[ \"$(readlink /proc/self/ns/net)\" != \"" + defaultNetns + "\" ] || exit 99; exec \"$0\" \"$@\"",
                java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                CniDriverMain.class.getName(), action, tmp.resolve("net.d").toString(), tmp.resolve("data").toString(),
                "cni-plug1", NETWORK, Long.toString(container.pid())));
        CommandRunner.Result result = CommandRunner.direct().run(argv, "");
        assertNotEquals(99, result.exitStatus(), "the host namespace was the test's own: nothing was run");
        return result;
    }

    private Path cache() {
        return tmp.resolve("data/network/cni/results/" + NETWORK + "-cni-plug1-eth0");
    }

    private List<String> leases() throws Exception {
        Path dir = tmp.resolve("ipam").resolve(NETWORK);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("10.")).toList();
        }
    }

    @Test
    void attachCheckAndDetachWithTheRealPlugins() throws Exception {
        CommandRunner.Result attached = driver("attach");
        assertEquals(0, attached.exitStatus(), attached.stderrLine());
        assertTrue(attached.stdout().contains("address=10.98.0.2/24"), attached.stdout());
        assertTrue(attached.stdout().contains("gateway=10.98.0.1"), attached.stdout());
        assertTrue(container.sh("ip", "-4", "addr", "show", "eth0").contains("inet 10.98.0.2/24"));
        assertTrue(host.sh("ip", "-4", "addr", "show", "cnitest1").contains("inet 10.98.0.1/24"));
        assertEquals(List.of("10.98.0.2"), leases());
        assertTrue(Files.exists(cache()));

        CommandRunner.Result checked = driver("check");
        assertEquals(0, checked.exitStatus(), checked.stderrLine());

        container.sh("ip", "link", "del", "eth0"); // also removes the veth's host end
        CommandRunner.Result broken = driver("check");
        assertEquals(1, broken.exitStatus());
        assertTrue(broken.stderr().startsWith("CNI plugin bridge (network cniplug, container cni-plug1) CHECK failed: "),
                broken.stderr());

        CommandRunner.Result detached = driver("detach");
        assertEquals(0, detached.exitStatus(), detached.stderrLine());
        assertEquals(List.of(), leases());
        assertFalse(Files.exists(cache()));
        assertEquals("", host.sh("ip", "-o", "link", "show", "type", "veth"));
        assertEquals(0, driver("detach").exitStatus(), "detach again: nothing to do");
    }
}
