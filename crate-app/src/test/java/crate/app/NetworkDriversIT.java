package crate.app;

import static crate.app.CrateCli.busyboxRootfs;
import static crate.app.CrateCli.crate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import crate.app.CrateCli.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drivers that change nothing on the host: {@code none} and {@code host}, the /etc files
 * every driver's container gets, and the refusals before anything exists. (bridge and cni
 * have ITs of their own, inside test network namespaces.)
 */
@ExtendWith(NoHostLeaks.class)
class NetworkDriversIT {

    @Test
    void hostSharesTheHostsNetworkNamespaceAndResolvConf() throws IOException {
        String hostNs = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
        Result result = crate("run", "-r", busyboxRootfs().toString(), "--network", "host", "sh", "-c",
                "readlink /proc/self/ns/net; cat /etc/resolv.conf");
        assertEquals(0, result.exit(), result.err());
        assertEquals(hostNs + "\n" + Files.readString(Path.of("/etc/resolv.conf")), result.out());
    }

    @Test
    void noneHasOnlyALoopbackAndDockersEtcFiles(@TempDir Path state) throws IOException {
        String hostNs = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
        Path rootfs = busyboxRootfs();
        Result result = crate("--root", state.toString(), "run", "-r", rootfs.toString(), "--network", "none", "-H", "box1",
                "sh", "-c", "readlink /proc/self/ns/net; echo ---; ls /sys/class/net; echo ---; cat /etc/hostname /etc/hosts");
        assertEquals(0, result.exit(), result.err());
        String[] parts = result.out().split("---\n", -1);
        assertNotEquals(hostNs + "\n", parts[0]);
        assertEquals("lo\n", parts[1]);
        assertTrue(parts[2].startsWith("box1\n127.0.0.1\tlocalhost\n"), parts[2]);
        assertFalse(parts[2].contains("\tbox1"), "no address, so no line for the host name: " + parts[2]);
        // Mounted over the rootfs's own, which keeps what it had (here: the empty mount target).
        assertEquals("", Files.readString(rootfs.resolve("etc/hostname")));
        try (var left = Files.list(state)) {
            assertEquals(0, left.count(), "the state directory is gone with the container");
        }
    }

    @Test
    void inspectShowsTheDriver(@TempDir Path state, @TempDir Path output) throws IOException {
        String root = state.toString();
        // To files: the detached container keeps its stdout, a pipe would wait for it.
        Result run = CrateCli.crateToFiles(output, "--root", root, "run", "-d", "--name", "net-inspect1", "-r", busyboxRootfs().toString(),
                "--network", "none", "sleep", "600");
        assertEquals(0, run.exit(), run.err());
        try {
            Result inspect = crate("--root", root, "inspect", "net-inspect1");
            assertEquals(0, inspect.exit(), inspect.err());
            JsonNode json = new ObjectMapper().readTree(inspect.out());
            assertEquals("running", json.get("status").asText(), inspect.out());
            assertEquals("bundle", json.get("filesystem").asText(), inspect.out());
            assertEquals("none", json.get("network").get("driver").asText(), inspect.out());
        } finally {
            assertEquals(0, crate("--root", root, "delete", "-f", "net-inspect1").exit());
        }
    }

    @Test
    void publishedPortsNeedADriverThatPublishesThem(@TempDir Path state) throws IOException {
        for (String driver : new String[] {"none", "host"}) {
            Result result = crate("--root", state.toString(), "run", "-r", busyboxRootfs().toString(), "--network", driver,
                    "-p", "8080:80", "true");
            assertEquals(125, result.exit(), result.out());
            assertEquals("crate: --network " + driver + " publishes no ports: -p needs a driver that does (bridge)\n",
                    result.err());
        }
        try (var left = Files.list(state)) {
            assertEquals(0, left.count(), "nothing was created");
        }
    }

    @Test
    void anUnknownDriverIsNamedWithTheInstalledOnes() {
        Result result = crate("run", "-r", busyboxRootfs().toString(), "--network", "nosuch:arg", "true");
        assertEquals(125, result.exit(), result.out());
        assertTrue(result.err().startsWith("crate: --network nosuch: no such network driver (installed: "), result.err());
        assertTrue(result.err().contains("host"), result.err());
    }
}
