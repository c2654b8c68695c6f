package crate.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.spec.Mount;
import crate.api.spec.Process;
import crate.api.spec.Root;
import crate.api.spec.Spec;
import crate.api.spi.NetworkDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkFilesTest {

    @Test
    void hostsNameTheContainersAddressWithoutItsPrefix() {
        String hosts = NetworkFiles.hosts("web", "10.88.0.7/16");
        assertTrue(hosts.startsWith("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"), hosts);
        assertTrue(hosts.endsWith("\n10.88.0.7\tweb\n"), hosts);
        assertTrue(!NetworkFiles.hosts("web", null).contains("web"), "no address, no line for the host name");
    }

    @Test
    void resolvConfDropsLoopbackServersAndKeepsSearchAndOptions() {
        String host = "# from the host\nnameserver 127.0.0.53\nnameserver 192.0.2.53\nsearch corp.example\noptions edns0\n";
        assertEquals("nameserver 192.0.2.53\nsearch corp.example\noptions edns0\n",
                NetworkFiles.resolvConf(host, Optional.empty(), Optional.empty()));
    }

    @Test
    void onlyTheResolvedStubMeansItsUpstreamList() {
        assertEquals("nameserver 198.51.100.1\n", NetworkFiles.resolvConf("nameserver 127.0.0.53\nsearch x\n",
                Optional.of("nameserver 198.51.100.1\n"), Optional.empty()));
    }

    @Test
    void noUsableServerMeansDockersFallback() {
        assertEquals("nameserver 8.8.8.8\nnameserver 8.8.4.4\n",
                NetworkFiles.resolvConf("nameserver ::1\nnameserver 127.0.0.1\n", Optional.empty(), Optional.empty()));
        assertEquals("nameserver 8.8.8.8\nnameserver 8.8.4.4\n", NetworkFiles.resolvConf("", Optional.empty(), Optional.empty()));
    }

    @Test
    void theDriversServersWin() {
        assertEquals("nameserver 10.88.0.1\nnameserver 1.1.1.1\nsearch x\n", NetworkFiles.resolvConf(
                "nameserver 192.0.2.53\nsearch x\n", Optional.empty(), Optional.of(" 10.88.0.1  1.1.1.1 ")));
    }

    @Test
    void theFilesAreWrittenAndMountedUnlessTheSpecMountsThePathItself(@TempDir Path dir) throws Exception {
        Mount own = new Mount("/etc/resolv.conf", "bind", "/srv/resolv.conf", List.of("bind"));
        Spec spec = new Spec("1.2.0", new Process(false, null, List.of("true"), List.of(), "/", false), new Root("rootfs", false), "web", null,
                List.of(own), null, Map.of(), null);
        Spec written = NetworkFiles.write(dir, spec, Map.of(NetworkDriver.ADDRESS, "10.88.0.9/16"), false);
        assertEquals("web\n", Files.readString(dir.resolve("hostname")));
        assertTrue(Files.readString(dir.resolve("hosts")).endsWith("10.88.0.9\tweb\n"));
        assertTrue(Files.exists(dir.resolve("resolv.conf")));
        assertEquals(List.of(own,
                new Mount("/etc/hostname", "bind", dir.resolve("hostname").toString(), List.of("rbind", "rprivate")),
                new Mount("/etc/hosts", "bind", dir.resolve("hosts").toString(), List.of("rbind", "rprivate"))),
                written.mounts());
    }
}
