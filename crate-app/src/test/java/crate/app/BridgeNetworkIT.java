package crate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import crate.app.CrateCli.Result;
import crate.network.testing.TestNetns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --network bridge} end to end: the image's {@code bin/crate} runs only inside a
 * "host" network namespace this test holds (behind {@link TestNetns}'s guard), where the
 * driver makes crate0, the veths and {@code table ip crate}. A second namespace, "remote"
 * (192.0.2.2, no route back to the bridge's subnet), hangs off the host's uplink veth up0
 * (192.0.2.1) and serves a CGI that prints the address a connection came from. After every
 * test the host's own (default) namespace is checked, read-only, to hold nothing of crate.
 */
@ExtendWith(NoHostLeaks.class)
class BridgeNetworkIT {
    private static final String BRIDGE = "crate0";
    private static final String UPLINK = "192.0.2.1";
    private static final String REMOTE = "192.0.2.2";
    private static final Pattern INET = Pattern.compile("inet (10\\.88\\.[0-9]+\\.[0-9]+)/16");
    private static final long SLOW_SECONDS = 300;
    /** How long a server that was just started may take to answer (a container's start included). */
    private static final long AWAIT_SECONDS = 40;

    @TempDir Path work;
    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private TestNetns host;
    private TestNetns remote;
    private Path root;
    private Path config;
    private Path rootfs;
    private DefaultNetns defaultBefore;

    @BeforeEach
    void topology() throws Exception {
        defaultBefore = DefaultNetns.read();
        root = work.resolve("state");
        config = work.resolve("config.toml");
        writeConfig("auto");
        rootfs = CrateCli.busyboxRootfs();
        host = own(TestNetns.create());
        remote = own(TestNetns.create());
        host.sh("ip", "link", "set", "lo", "up");
        host.sh("ip", "link", "add", "up0", "type", "veth", "peer", "name", "eth0", "netns", Long.toString(remote.pid()));
        host.sh("ip", "addr", "add", UPLINK + "/24", "dev", "up0");
        host.sh("ip", "link", "set", "up0", "up");
        remote.sh("ip", "link", "set", "lo", "up");
        remote.sh("ip", "addr", "add", REMOTE + "/24", "dev", "eth0");
        remote.sh("ip", "link", "set", "eth0", "up");
        Path cgi = Files.createDirectories(work.resolve("remote/cgi-bin"));
        Path whoami = Files.writeString(cgi.resolve("whoami"),
                "#!/bin/sh\nprintf 'Content-Type: text/plain\\r\\n\\r\\n%s\\n' \"$REMOTE_ADDR\"\n");
        Files.setPosixFilePermissions(whoami, PosixFilePermissions.fromString("rwxr-xr-x"));
        Process httpd = remote.start("busybox", "httpd", "-f", "-p", "0.0.0.0:80", "-h", work.resolve("remote").toString());
        cleanup.add(httpd::destroyForcibly);
        awaitOutput(remote, "127.0.0.1", List.of("timeout", "5", "busybox", "wget", "-q", "-O", "-",
                "http://127.0.0.1/cgi-bin/whoami"));
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (Files.isDirectory(root)) {
                try (Stream<Path> left = Files.list(root)) {
                    for (Path dir : left.toList()) {
                        crate("delete", "--force", dir.getFileName().toString());
                    }
                }
            }
        } finally {
            for (AutoCloseable c : cleanup.reversed()) {
                try {
                    c.close();
                } catch (Exception e) {
                    // the rest still goes
                }
            }
        }
        defaultBefore.assertNothingOfCrateAddedBy(DefaultNetns.read());
    }

    @Test
    void twoContainersReachEachOtherAndTheRemoteThroughNat() {
        assertSuccess(crate("run", "-d", "--name", "br-a", "--network", "bridge", "-r", rootfs.toString(), "sleep", "300"));
        String a = leaseOf("br-a");
        Result b = crate("run", "--name", "br-b", "--network", "bridge", "-r", rootfs.toString(), "sh", "-c",
                "ping -c 1 -W 5 " + a + " >/dev/null && echo reached-a && ping -c 1 -W 5 " + REMOTE + " >/dev/null"
                        + " && echo reached-remote && timeout 20 wget -q -O - http://" + REMOTE + "/cgi-bin/whoami"
                        + " && cat /etc/resolv.conf");
        assertSuccess(b);
        assertEquals(List.of("reached-a", "reached-remote", UPLINK), b.out().lines().limit(3).toList(),
                "the remote sees the bridge host's uplink address (masquerade): " + b.out());
        assertTrue(b.out().contains("nameserver 192.0.2.53"), "network.dns reaches resolv.conf: " + b.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"nftables", "iptables"})
    void aPublishedPortAnswersOnTheHostsAddressAndOnLocalhost(String firewall) throws Exception {
        writeConfig(firewall);
        assertSuccess(crate("run", "-d", "--name", "br-web", "--network", "bridge", "-p", "8080:80", "-r", rootfs.toString(),
                "sh", "-c", "while true; do echo hello-from-br-web | nc -l -p 80; done"));
        awaitOutput(host, "hello-from-br-web", List.of("timeout", "5", "busybox", "nc", UPLINK, "8080"));
        awaitOutput(host, "hello-from-br-web", List.of("timeout", "5", "busybox", "nc", "127.0.0.1", "8080"));
        awaitOutput(remote, "hello-from-br-web", List.of("timeout", "5", "busybox", "nc", UPLINK, "8080"));
        assertNotEquals(0, CrateCli.inNetns(host, "timeout", "5", "busybox", "nc", UPLINK, "8081").exit(),
                "only the published port");
        assertSuccess(crate("delete", "--force", "br-web"));
        assertNotEquals(0, CrateCli.inNetns(host, "timeout", "5", "busybox", "nc", "127.0.0.1", "8080").exit(),
                "the DNAT went with it");
    }

    @Test
    void fiftyParallelRunsGetFiftyDistinctAddressesAndGiveEveryOneBack() throws Exception {
        int count = 50;
        List<Future<Result>> runs = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(count)) {
            for (int i = 0; i < count; i++) {
                String id = "br-p" + i;
                runs.add(pool.submit(() -> slowCrate("run", "--name", id, "--network", "bridge", "-r", rootfs.toString(),
                        "ip", "-4", "-o", "addr", "show", "dev", "eth0")));
            }
        }
        Set<String> addresses = new TreeSet<>();
        for (Future<Result> run : runs) {
            Result result = run.get();
            assertSuccess(result);
            Matcher inet = INET.matcher(result.out());
            assertTrue(inet.find(), result.out());
            addresses.add(inet.group(1));
        }
        assertEquals(count, addresses.size(), "distinct addresses: " + addresses);
        assertFalse(addresses.contains("10.88.0.1"), "the gateway is the bridge's");
        assertEquals(Map.of(), leases(), "every lease came back");
        assertEquals(List.of(), bridgePorts(), "every veth is gone");
        assertFalse(rules().contains("crate:br-p"), rules());
    }

    @Test
    void deleteRemovesTheVethTheRulesAndTheLeaseAndTheBridgeStays() throws Exception {
        assertSuccess(crate("run", "-d", "--name", "br-del", "--network", "bridge", "-p", "8082:80", "-r", rootfs.toString(),
                "sleep", "300"));
        assertEquals(Set.of("br-del"), Set.copyOf(leases().values()));
        assertEquals(1, bridgePorts().size(), bridgePorts().toString());
        assertTrue(rules().contains("\"crate:br-del\""), rules());
        Result inspected = crate("inspect", "--check", "br-del");
        assertSuccess(inspected);
        assertTrue(inspected.out().contains(leaseOf("br-del") + "/16"), "inspect shows the address: " + inspected.out());
        // Something else holds the container's namespace (a debugger, a bind mount): its eth0, and
        // with it the pair, outlive the container, so the host end goes only if crate deletes it.
        Matcher pid = Pattern.compile("\"pid\"\\s*:\\s*([0-9]+)").matcher(crate("state", "br-del").out());
        assertTrue(pid.find(), "state of br-del");
        Process holder = host.start("nsenter", "--net=/proc/" + pid.group(1) + "/ns/net", "sleep", "infinity");
        cleanup.add(holder::destroyForcibly);
        awaitOutput(host, "sleep", List.of("cat", "/proc/" + holder.pid() + "/comm"));
        assertSuccess(crate("delete", "--force", "br-del"));
        assertNothingLeftOf("br-del");
        assertTrue(host.sh("ip", "-o", "link", "show", BRIDGE).contains(BRIDGE), "the bridge stays");
    }

    @Test
    void afterKillNineOfCrateRunDeleteForceCleansUp() throws Exception {
        Process run = new ProcessBuilder(host.command(crateArgv("run", "--name", "br-kill", "--network", "bridge", "-p",
                "8083:80", "-r", rootfs.toString(), "sleep", "300")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
        cleanup.add(run::destroyForcibly);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!crate("state", "br-kill").out().contains("\"running\"")) {
            assertTrue(run.isAlive(), "crate run ended early");
            assertTrue(System.nanoTime() < deadline, "br-kill never ran");
            Thread.sleep(100);
        }
        assertTrue(rules().contains("\"crate:br-kill\""), rules());
        assertEquals(1, bridgePorts().size());
        assertTrue(Files.readSymbolicLink(Path.of("/proc", Long.toString(run.pid()), "exe")).toString().endsWith("/java"),
                "the pid is crate's JVM itself (the guard and the launcher exec)");
        CrateCli.kill(run.pid(), "KILL");
        run.waitFor();
        assertSuccess(crate("inspect", "--check", "br-kill"));
        String veth = bridgePorts().getFirst().split(": ", -1)[1].split("@", -1)[0];
        host.sh("ip", "link", "del", veth);
        Result broken = crate("inspect", "--check", "br-kill");
        assertNotEquals(0, broken.exit(), "CHECK notices the missing veth");
        assertTrue(broken.err().contains("veth " + veth + " is missing"), broken.err());
        assertSuccess(crate("delete", "--force", "br-kill"));
        assertNothingLeftOf("br-kill");
    }

    @Test
    void aMalformedPortOrATakenHostPortFailsClearlyAndLeavesNothing() {
        Result bad = crate("run", "--name", "br-bad", "--network", "bridge", "-p", "80:http", "-r", rootfs.toString(), "true");
        assertEquals(125, bad.exit(), bad.out());
        assertTrue(bad.err().contains("-p 80:http: invalid port mapping \"80:http\""), bad.err());
        assertNothingLeftOf("br-bad");

        assertSuccess(crate("run", "-d", "--name", "br-x", "--network", "bridge", "-p", "8090:80", "-r", rootfs.toString(),
                "sleep", "300"));
        Result taken = crate("run", "--name", "br-y", "--network", "bridge", "-p", "127.0.0.1:8090:81", "-r",
                rootfs.toString(), "true");
        assertEquals(125, taken.exit(), taken.out());
        assertTrue(taken.err().contains("host port 127.0.0.1:8090/tcp is already published by container br-x"), taken.err());
        assertNothingLeftOf("br-y");
        assertEquals(Set.of("br-x"), Set.copyOf(leases().values()));
        assertEquals(1, bridgePorts().size(), "br-x's veth only");
    }

    @Test
    void aFailingStepIsNamedAndWhatTheAttachDidIsUndone() throws Exception {
        // No firewall tool on crate's PATH (nft and iptables live in /usr/sbin): the attach fails
        // after the lease, the bridge and the veth, which must go again.
        List<String> argv = new ArrayList<>(List.of("env", "PATH=/usr/bin:/bin"));
        argv.addAll(crateArgv("run", "--name", "br-fail", "--network", "bridge", "-r", rootfs.toString(), "true"));
        Result failed = CrateCli.toFiles(work, new ProcessBuilder(host.command(argv)));
        assertEquals(125, failed.exit(), failed.out());
        assertTrue(failed.err().contains("network bridge: container br-fail: choose the firewall failed: no firewall tool found"),
                failed.err());
        assertNothingLeftOf("br-fail");
        assertEquals(Map.of(), leases());

        // A link that is not a bridge has the bridge's name: the lease taken before is given back.
        host.sh("ip", "link", "del", BRIDGE);
        host.sh("ip", "link", "add", BRIDGE, "type", "veth", "peer", "name", "notabridge0");
        Result taken = crate("run", "--name", "br-fail2", "--network", "bridge", "-r", rootfs.toString(), "true");
        assertEquals(125, taken.exit(), taken.out());
        assertTrue(taken.err().contains("set up bridge crate0 failed: the link crate0 exists and is not a bridge (kind veth)"),
                taken.err());
        assertNothingLeftOf("br-fail2");
        assertEquals(Map.of(), leases());
    }

    // what is left

    private void assertNothingLeftOf(String id) {
        assertFalse(Files.exists(root.resolve(id)), "state of " + id);
        assertFalse(leases().containsValue(id), "lease of " + id + ": " + leases());
        assertFalse(rules().contains("\"crate:" + id + "\""), rules());
        assertFalse(Files.exists(work.resolve("data/network/bridge").resolve(BRIDGE).resolve("ports").resolve(id)),
                "ports record of " + id);
        // Every other container of these tests runs while this is asserted: one veth per lease.
        assertEquals(leases().size(), bridgePorts().size(), "veths on the bridge: " + bridgePorts());
    }

    private String leaseOf(String id) {
        return leases().entrySet().stream().filter(e -> e.getValue().equals(id)).map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new AssertionError("no lease of " + id + ": " + leases()));
    }

    /** The bridge's leases, address to container id. */
    private Map<String, String> leases() {
        Map<String, String> leases = new TreeMap<>();
        Path dir = work.resolve("data/network/bridge").resolve(BRIDGE).resolve("leases");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    leases.put(file.getFileName().toString(), Files.readString(file).strip());
                }
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        return leases;
    }

    /** The host-side ends on the bridge, in the test's host namespace. */
    private List<String> bridgePorts() {
        Result links = CrateCli.inNetns(host, "ip", "-o", "link", "show", "master", BRIDGE);
        return links.exit() != 0 ? List.of() : links.out().lines().toList();
    }

    /** crate's nft table in the test's host namespace ("" without one). */
    private String rules() {
        Result table = CrateCli.inNetns(host, "nft", "list", "table", "ip", "crate");
        return table.exit() == 0 ? table.out() : "";
    }

    // running things

    private Result crate(String... args) {
        return CrateCli.toFiles(work, new ProcessBuilder(host.command(crateArgv(args))));
    }

    /** As {@link #crate} with a longer timeout, for runs that share the machine with many others. */
    private Result slowCrate(String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        Process process = new ProcessBuilder(host.command(crateArgv(args))).redirectInput(ProcessBuilder.Redirect.from(
                new java.io.File("/dev/null"))).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(SLOW_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("timed out: " + List.of(args));
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private void writeConfig(String firewall) throws IOException {
        Files.writeString(config, "[runtime]\ndata_root = \"" + work.resolve("data") + "\"\n"
                + "[network]\ndefault = \"none\"\nfirewall = \"" + firewall + "\"\ndns = [\"192.0.2.53\"]\n");
    }

    private List<String> crateArgv(String... args) {
        List<String> argv = new ArrayList<>(List.of(CrateCli.IMAGE.resolve("bin/crate").toAbsolutePath().toString(),
                "--root", root.toString(), "--config", config.toString()));
        argv.addAll(List.of(args));
        return argv;
    }

    private static void assertSuccess(Result result) {
        assertNotEquals(TestNetns.GUARD_REFUSED, result.exit(), "the guard refused to run crate in the host's namespace");
        assertEquals(0, result.exit(), result.err());
    }

    /** Waits until a command that was just made possible (a server starting) prints {@code expected}. */
    private static void awaitOutput(TestNetns ns, String expected, List<String> argv) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(AWAIT_SECONDS);
        Result last;
        do {
            last = CrateCli.inNetns(ns, argv.toArray(String[]::new));
            if (last.exit() == 0 && last.out().contains(expected)) {
                return;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        fail(argv + " never printed " + expected + ": exit " + last.exit() + ", " + last.out() + last.err());
    }

    private <T extends AutoCloseable> T own(T resource) {
        cleanup.add(resource);
        return resource;
    }
}
