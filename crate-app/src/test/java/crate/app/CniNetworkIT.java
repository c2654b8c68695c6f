package crate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import crate.app.CrateCli.Result;
import crate.network.testing.TestNetns;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code crate run --network cni:NAME} with Debian's real CNI plugins (bridge, host-local,
 * tuning): every bin/crate runs inside a network namespace of the test's own (see {@link
 * TestNetns}), where the bridge plugin makes its bridge and NAT rules; configuration, plugin
 * leases, crate's data and state all live in a temporary directory.
 */
@ExtendWith(NoHostLeaks.class)
class CniNetworkIT {
    private static final String NETWORK = "cnitest";
    private static final String GATEWAY = "10.99.0.1";

    @TempDir Path tmp;
    private TestNetns netns;
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        CrateCli.assumeRoot();
        assumeTrue(Files.isExecutable(Path.of("/usr/lib/cni/bridge")), "needs containernetworking-plugins");
        netns = TestNetns.create();
        Files.createDirectories(tmp.resolve("net.d"));
        Files.writeString(tmp.resolve("config.toml"), """
                [runtime]
                data_root = "%s"
                [network]
                cni_config_dirs = ["%s"]
                cni_plugin_dirs = ["/usr/lib/cni"]
                """.formatted(tmp.resolve("data"), tmp.resolve("net.d")));
        conflist(NETWORK, "");
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            for (Process process : started) {
                process.destroyForcibly(); // crate run processes this test started, by their pid
                process.waitFor();
            }
            // Whatever a failed test left: its containers, then the namespace with the bridge and rules.
            for (String id : containers()) {
                crate("delete", "-f", id);
            }
        } finally {
            netns.close();
        }
    }

    /** {@code NAME.conflist}: bridge cnitest0 with host-local leases in the temporary directory, then {@code more} plugins. */
    private void conflist(String name, String more) throws IOException {
        Files.writeString(tmp.resolve("net.d").resolve(name + ".conflist"), """
                {"cniVersion": "1.0.0", "name": "%s", "plugins": [
                  {"type": "bridge", "bridge": "cnitest0", "isGateway": true, "ipMasq": true,
                   "dns": {"nameservers": ["10.99.0.53"]},
                   "ipam": {"type": "host-local", "dataDir": "%s", "ranges": [[{"subnet": "10.99.0.0/24"}]],
                            "routes": [{"dst": "0.0.0.0/0"}]}}%s]}
                """.formatted(name, tmp.resolve("ipam"), more));
    }

    private Result crate(String... args) {
        Result result = CrateCli.exec(netns.command(crateArgs(args)), null);
        assertNotEquals(TestNetns.GUARD_REFUSED, result.exit(), "the test's namespace was the host's: crate did not run");
        return result;
    }

    private List<String> crateArgs(String... args) {
        List<String> argv = new ArrayList<>(List.of(CrateCli.IMAGE.resolve("bin/crate").toAbsolutePath().toString(),
                "--root", tmp.resolve("root").toString(), "--config", tmp.resolve("config.toml").toString()));
        argv.addAll(List.of(args));
        return argv;
    }

    private Result run(String id, String network, String script) {
        return crate("run", "-r", CrateCli.busyboxRootfs().toString(), "--name", id, "--network", network, "sh", "-c", script);
    }

    private List<String> containers() throws IOException {
        return files(tmp.resolve("root"));
    }

    private List<String> leases() throws IOException {
        return files(tmp.resolve("ipam").resolve(NETWORK)).stream().filter(name -> name.startsWith("10.")).toList();
    }

    private List<String> caches() throws IOException {
        return files(tmp.resolve("data/network/cni/results"));
    }

    private String veths() {
        Result links = CrateCli.inNetns(netns, "ip", "-o", "link", "show", "type", "veth");
        assertEquals(0, links.exit(), links.err());
        return links.out();
    }

    private static List<String> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private void assertNothingLeft() throws IOException {
        assertEquals(List.of(), leases(), "host-local leases");
        assertEquals(List.of(), caches(), "the cni driver's cache");
        assertEquals("", veths(), "veths in the test's namespace");
        assertEquals(List.of(), containers(), "containers");
    }

    @Test
    void theContainerGetsItsAddressReachesTheGatewayAndUsesTheResultsNameserver() throws IOException {
        Result result = run("cni-run1", "cni:" + NETWORK,
                "ip -4 -o addr show eth0; ping -c 1 -W 5 " + GATEWAY + " >/dev/null && echo PING OK; cat /etc/resolv.conf; "
                        + "grep cni-run1 /etc/hosts");

        assertEquals(0, result.exit(), result.err());
        assertTrue(result.out().contains("inet 10.99.0.2/24"), result.out());
        assertTrue(result.out().contains("PING OK"), result.out());
        assertTrue(result.out().contains("nameserver 10.99.0.53"), result.out());
        assertTrue(result.out().contains("10.99.0.2\tcni-run1"), result.out());
        // crate run deletes the container when it ends: DEL ran.
        assertNothingLeft();
        Result bridge = CrateCli.inNetns(netns, "ip", "-4", "-o", "addr", "show", "cnitest0");
        assertTrue(bridge.out().contains("inet " + GATEWAY + "/24"), "the bridge stays: " + bridge.out() + bridge.err());
    }

    @Test
    void aKilledCrateRunIsCleanedUpByDeleteForce() throws Exception {
        Path out = tmp.resolve("run.out");
        Process run = new ProcessBuilder(netns.command(crateArgs("run", "-r", CrateCli.busyboxRootfs().toString(),
                "--name", "cni-kill", "--network", "cni:" + NETWORK, "sleep", "1000")))
                .redirectInput(new File("/dev/null")).redirectOutput(out.toFile()).redirectErrorStream(true).start();
        started.add(run);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!crate("state", "cni-kill").out().contains("\"running\"") && System.nanoTime() < deadline && run.isAlive()) {
            Thread.sleep(100);
        }
        assertTrue(crate("state", "cni-kill").out().contains("\"running\""), Files.readString(out));
        assertEquals(List.of("10.99.0.2"), leases());
        assertEquals(List.of(NETWORK + "-cni-kill-eth0"), caches());
        // nsenter, sh and bin/crate exec one another: the process is crate's JVM.
        assertEquals("java", Files.readString(Path.of("/proc/" + run.pid() + "/comm")).strip());

        run.destroyForcibly(); // SIGKILL to crate run; the container goes on, as under runc
        run.waitFor();
        assertEquals(List.of("10.99.0.2"), leases(), "nothing was released by the killed crate");
        Result delete = crate("delete", "-f", "cni-kill");

        assertEquals(0, delete.exit(), delete.err());
        assertEquals("", delete.err());
        assertNothingLeft();
    }

    @Test
    void inspectCheckRunsTheDriversCheckWhichFailsOnceTheVethIsGone() throws Exception {
        // sleep's output away from crate's pipe, which the test reads to its end.
        Result run = crate("run", "-d", "-r", CrateCli.busyboxRootfs().toString(), "--name", "cni-chk2", "--network",
                "cni:" + NETWORK, "sh", "-c", "exec sleep 1000 >/dev/null 2>&1");
        assertEquals(0, run.exit(), run.err());
        Result ok = crate("inspect", "--check", "cni-chk2");
        assertEquals(0, ok.exit(), ok.err());
        assertEquals("network check: ok\n", ok.err());
        assertTrue(ok.out().contains("\"driver\" : \"cni:" + NETWORK + "\"") || ok.out().contains("\"driver\": \"cni:"),
                ok.out());

        String pid = crate("state", "cni-chk2").out().replaceAll("(?s).*\"pid\"\\s*:\\s*(\\d+).*", "$1");
        // The container's own namespace (inside the test's): its eth0, and with it the veth, go.
        Result removed = CrateCli.inNetns(netns, "nsenter", "--net=/proc/" + pid + "/ns/net", "ip", "link", "del", "eth0");
        assertEquals(0, removed.exit(), removed.err());
        Result failed = crate("inspect", "--check", "cni-chk2");
        assertNotEquals(0, failed.exit(), failed.out());
        assertTrue(failed.err().startsWith("crate: CNI plugin bridge (network " + NETWORK + ", container cni-chk2) CHECK failed"),
                failed.err());
        assertEquals(0, crate("delete", "-f", "cni-chk2").exit());
        assertNothingLeft();
    }

    @Test
    void aMissingNetworkIsAClearErrorAndLeavesNothing() throws IOException {
        Result result = run("cni-missing", "cni:nosuch", "true");

        assertEquals(125, result.exit());
        assertEquals("crate: no CNI network \"nosuch\" in " + tmp.resolve("net.d") + " (networks: " + NETWORK + ")\n",
                result.err());
        assertNothingLeft();
    }

    @Test
    void cniWithoutANameListsTheNetworks() throws IOException {
        Result result = run("cni-noname", "cni", "true");

        assertEquals(125, result.exit());
        assertEquals("crate: --network cni needs a network: --network cni:NAME, NAME from " + tmp.resolve("net.d")
                + " (networks: " + NETWORK + ")\n", result.err());
        assertNothingLeft();
    }

    @Test
    void aBrokenConflistIsAClearErrorAndLeavesNothing() throws IOException {
        Path broken = tmp.resolve("net.d/broken.conflist");
        Files.writeString(broken, "{\"cniVersion\": \"1.0.0\", \"name\": \"broken\", \"plugins\": [{\"bridge\": \"x\"}]}");

        Result result = run("cni-broken", "cni:broken", "true");

        assertEquals(125, result.exit());
        assertEquals("crate: invalid CNI network configuration " + broken + ": plugin 0 has no \"type\"\n", result.err());
        assertNothingLeft();
    }

    @Test
    void aFailingPluginIsAClearErrorAndWhatTheOthersAddedIsUndone() throws IOException {
        // tuning runs after bridge and host-local succeeded, and fails: a sysctl that does not exist.
        // Its dataDir (backups for DEL) in the temporary directory, not the host's /run/cni.
        conflist("failing", ", {\"type\": \"tuning\", \"dataDir\": \"" + tmp.resolve("tuning")
                + "\", \"sysctl\": {\"net.ipv4.conf.eth0.no_such_knob\": \"1\"}}");

        Result result = run("cni-fail", "cni:failing", "true");

        assertEquals(125, result.exit());
        assertTrue(result.err().startsWith("crate: CNI plugin tuning (network failing, container cni-fail) ADD failed: "),
                result.err());
        assertTrue(result.err().contains("no_such_knob"), result.err());
        assertEquals(List.of(), files(tmp.resolve("ipam/failing")).stream().filter(n -> n.startsWith("10.")).toList());
        assertNothingLeft();
    }

    @Test
    void publishedPortsNeedAPortMappingsPlugin() throws IOException {
        Result result = crate("run", "-r", CrateCli.busyboxRootfs().toString(), "--name", "cni-ports", "--network",
                "cni:" + NETWORK, "-p", "8080:80", "true");

        assertEquals(125, result.exit());
        assertTrue(result.err().contains("cannot publish ports: no plugin declares the portMappings capability"), result.err());
        assertNothingLeft();
    }

    @Test
    void aPublishedPortGoesToThePortmapPluginAndAnswers() throws Exception {
        conflist("ports", ", {\"type\": \"portmap\", \"capabilities\": {\"portMappings\": true}}");
        Path out = tmp.resolve("ports.out");
        Process run = new ProcessBuilder(netns.command(crateArgs("run", "-r", CrateCli.busyboxRootfs().toString(),
                "--name", "cni-ports2", "--network", "cni:ports", "-p", "8080:80", "sh", "-c", "echo hello | nc -l -p 80")))
                .redirectInput(new File("/dev/null")).redirectOutput(out.toFile()).redirectErrorStream(true).start();
        started.add(run);
        // From the test's namespace to the bridge's address: portmap's DNAT of local traffic.
        String busybox = CrateCli.busyboxRootfs().resolve("bin/busybox").toString();
        String answer = "";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!answer.contains("hello") && run.isAlive() && System.nanoTime() < deadline) {
            answer = CrateCli.inNetns(netns, busybox, "nc", "-w", "2", GATEWAY, "8080").out();
            Thread.sleep(200);
        }
        assertEquals("hello\n", answer, Files.readString(out));
        assertTrue(run.waitFor(30, TimeUnit.SECONDS), "crate run ends with its container");
        assertEquals(0, run.exitValue(), Files.readString(out));

        Result rules = CrateCli.inNetns(netns, "iptables-save", "-t", "nat");
        assertEquals(0, rules.exit(), rules.err());
        assertTrue(!rules.out().contains("8080"), "portmap's DEL removed its rules: " + rules.out());
        assertEquals(List.of(), files(tmp.resolve("ipam/ports")).stream().filter(n -> n.startsWith("10.")).toList());
        assertNothingLeft();
    }
}
