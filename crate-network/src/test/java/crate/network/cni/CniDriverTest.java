package crate.network.cni;

import static crate.network.cni.FakePlugins.container;
import static crate.network.cni.FakePlugins.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import crate.api.CrateException;
import crate.api.spi.NetworkDriver;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cni driver's logic against fake plugins (shell scripts): what they get, in which order, and what is kept. */
class CniDriverTest {
    private static final String FIRST = "{\"type\":\"first\",\"bridge\":\"b0\"}";
    private static final String SECOND = "{\"type\":\"second\"}";

    @TempDir java.nio.file.Path tmp;
    private FakePlugins fake;
    private NetworkDriver driver;

    @BeforeEach
    void setUp() throws Exception {
        fake = new FakePlugins(tmp);
        fake.plugin("first", result("10.99.0.2/24", "10.99.0.1"));
        fake.plugin("second", result("10.99.0.2/24", "10.99.0.1").replace("10.99.0.53", "10.99.0.99"));
        fake.conflist("net1", "1.0.0", FIRST, SECOND);
        driver = fake.driver(Duration.ofSeconds(20));
    }

    @Test
    void addRunsThePluginsInOrderWithTheCniEnvironmentAndReportsTheLastResult() throws Exception {
        Map<String, String> report = driver.attach(container("c1", "cni:net1", null), 4242);

        String path = fake.pluginDir.toString();
        assertEquals(List.of("first ADD c1 /proc/4242/ns/net eth0 " + path, "second ADD c1 /proc/4242/ns/net eth0 " + path),
                fake.calls());
        JsonNode first = CniJson.tryParse(fake.stdin("first", "ADD"));
        assertEquals("net1", first.get("name").asText());
        assertEquals("1.0.0", first.get("cniVersion").asText());
        assertEquals("b0", first.get("bridge").asText());
        assertFalse(first.has("prevResult"));
        JsonNode second = CniJson.tryParse(fake.stdin("second", "ADD"));
        assertEquals("10.99.0.53", second.at("/prevResult/dns/nameservers/0").asText(), "the first plugin's result");
        assertEquals(Map.of(NetworkDriver.ADDRESS, "10.99.0.2/24", NetworkDriver.GATEWAY, "10.99.0.1",
                NetworkDriver.INTERFACE, "eth0", NetworkDriver.NAMESERVERS, "10.99.0.99 10.99.0.54"), report);
        assertTrue(Files.exists(fake.cacheDir().resolve("net1-c1-eth0")));
    }

    @Test
    void delRunsThePluginsInReverseWithTheCachedConfigurationEvenWhenTheConflistIsGone() throws Exception {
        driver.attach(container("c1", "cni:net1", null), 4242);
        Files.delete(fake.confDir.resolve("net1.conflist"));

        driver.detach(container("c1", "cni:net1", null));

        List<String> calls = fake.calls();
        assertEquals(List.of("second DEL c1  eth0", "first DEL c1  eth0"),
                calls.subList(2, 4).stream().map(c -> c.substring(0, c.lastIndexOf(' '))).toList());
        JsonNode del = CniJson.tryParse(fake.stdin("first", "DEL"));
        assertEquals("b0", del.get("bridge").asText());
        assertEquals("10.99.0.99", del.at("/prevResult/dns/nameservers/0").asText(), "the network's final result");
        assertFalse(Files.exists(fake.cacheDir().resolve("net1-c1-eth0")));

        driver.detach(container("c1", "cni:net1", null)); // idempotent: nothing cached, nothing run
        assertEquals(4, fake.calls().size());
    }

    @Test
    void aFailingPluginsErrorIsReportedAndWhatWasAddedIsDeleted() throws Exception {
        fake.script("second", """
                [ "$CNI_COMMAND" = ADD ] || exit 0
                printf '%s' '{"cniVersion":"1.0.0","code":7,"msg":"no bridge","details":"b0 is down"}'
                exit 1
                """);

        CrateException e = assertThrows(CrateException.class, () -> driver.attach(container("c1", "cni:net1", null), 4242));

        assertEquals("CNI plugin second (network net1, container c1) ADD failed: no bridge: b0 is down "
                + "(code 7: invalid network configuration)", e.getMessage());
        assertEquals(List.of("first ADD", "second ADD", "second DEL", "first DEL"),
                fake.commands());
        assertTrue(fake.calls().get(2).contains("/proc/4242/ns/net"), "the rollback still has the namespace");
        try (var files = Files.list(fake.cacheDir())) {
            assertEquals(0, files.count(), "no cache, no temporary file");
        }
    }

    @Test
    void aPluginThatPrintsNoJsonFailsWithItsStderr() throws Exception {
        fake.script("first", "echo 'cannot open netns' >&2\nexit 2\n");

        CrateException e = assertThrows(CrateException.class, () -> driver.attach(container("c1", "cni:net1", null), 1));

        assertEquals("CNI plugin first (network net1, container c1) ADD failed: cannot open netns (exit status 2)",
                e.getMessage());
    }

    @Test
    void aPluginThatOverrunsItsTimeoutIsKilled() throws Exception {
        fake.script("second", "[ \"$CNI_COMMAND\" = ADD ] && exec sleep 30\nexit 0\n");
        NetworkDriver quick = fake.driver(Duration.ofMillis(500));

        long start = System.nanoTime();
        CrateException e = assertThrows(CrateException.class, () -> quick.attach(container("c1", "cni:net1", null), 1));

        assertTrue(e.getMessage().endsWith("ADD did not finish within 0.5 s: killed"), e.getMessage());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(15).toNanos());
        assertEquals("first DEL", fake.commands().getLast());
    }

    @Test
    void checkRunsEveryPluginInOrderWithTheCachedResult() throws Exception {
        driver.attach(container("c1", "cni:net1", null), 4242);

        driver.check(container("c1", "cni:net1", null), 4242);

        assertEquals(List.of("first CHECK", "second CHECK"),
                fake.commands().subList(2, 4));
        assertEquals("10.99.0.99", CniJson.tryParse(fake.stdin("first", "CHECK")).at("/prevResult/dns/nameservers/0").asText());
    }

    @Test
    void checkFailsWhenAPluginSaysSo() throws Exception {
        driver.attach(container("c1", "cni:net1", null), 4242);
        fake.script("second", """
                [ "$CNI_COMMAND" = CHECK ] || exit 0
                printf '%s' '{"cniVersion":"1.0.0","code":999,"msg":"eth0 not found"}'
                exit 1
                """);

        CrateException e = assertThrows(CrateException.class, () -> driver.check(container("c1", "cni:net1", null), 4242));

        assertEquals("CNI plugin second (network net1, container c1) CHECK failed: eth0 not found (code 999)", e.getMessage());
    }

    @Test
    void checkIsSkippedBeforeVersion040AndWithoutACacheIsAnError() throws Exception {
        fake.conflist("old", "0.3.1", FIRST);
        driver.attach(container("c1", "cni:old", null), 4242);

        driver.check(container("c1", "cni:old", null), 4242);

        assertEquals(1, fake.calls().size());
        CrateException e = assertThrows(CrateException.class, () -> driver.check(container("c2", "cni:old", null), 1));
        assertTrue(e.getMessage().startsWith("container c2 has no CNI attachment to network old"), e.getMessage());
    }

    @Test
    void delBeforeVersion040GetsNoPrevResult() throws Exception {
        fake.conflist("old", "0.3.1", FIRST);
        driver.attach(container("c1", "cni:old", null), 4242);

        driver.detach(container("c1", "cni:old", null));

        assertFalse(CniJson.tryParse(fake.stdin("first", "DEL")).has("prevResult"));
    }

    @Test
    void aDelAfterACrashInTheMiddleOfAddUsesTheConfigurationCachedBeforeIt() throws Exception {
        // As attach leaves it when crate is killed while a plugin runs: the configuration, no result yet.
        ResultCache cache = new ResultCache(fake.settings().driverDir("cni"));
        CniRuntime runtime = new CniRuntime("c1", "", "eth0");
        NetworkConfigList list = new NetworkConfigs(List.of(fake.confDir)).find("net1").forContainer(List.of());
        cache.write("net1", runtime, new ResultCache.Entry(list, java.util.Optional.empty()));
        Files.delete(fake.confDir.resolve("net1.conflist"));

        driver.detach(container("c1", "cni:net1", null));

        assertEquals(List.of("second DEL", "first DEL"),
                fake.commands());
        assertFalse(CniJson.tryParse(fake.stdin("first", "DEL")).has("prevResult"));
        assertFalse(Files.exists(cache.file("net1", runtime)));
    }

    @Test
    void aFailedDelKeepsTheCacheForTheNextDelete() throws Exception {
        driver.attach(container("c1", "cni:net1", null), 4242);
        fake.script("first", "[ \"$CNI_COMMAND\" = DEL ] && { echo busy >&2; exit 1; }\nexit 0\n");

        CrateException e = assertThrows(CrateException.class, () -> driver.detach(container("c1", "cni:net1", null)));

        assertTrue(e.getMessage().contains("first") && e.getMessage().contains("busy"), e.getMessage());
        assertTrue(fake.calls().stream().anyMatch(c -> c.startsWith("second DEL")), "every plugin is asked");
        assertTrue(Files.exists(fake.cacheDir().resolve("net1-c1-eth0")));
    }

    @Test
    void publishedPortsGoToThePluginsThatDeclareThePortMappingsCapability() throws Exception {
        fake.plugin("portmap", result("10.99.0.2/24", "10.99.0.1"));
        fake.conflist("ports", "1.0.0", FIRST, "{\"type\":\"portmap\",\"capabilities\":{\"portMappings\":true}}");
        var ctx = container("c1", "cni:ports", "8080:80\n127.0.0.1:5353:53/udp");

        driver.validate(ctx);
        Map<String, String> report = driver.attach(ctx, 4242);

        assertEquals("[{\"hostPort\":8080,\"containerPort\":80,\"protocol\":\"tcp\"},"
                + "{\"hostPort\":5353,\"containerPort\":53,\"protocol\":\"udp\",\"hostIP\":\"127.0.0.1\"}]",
                CniJson.write(CniJson.tryParse(fake.stdin("portmap", "ADD")).at("/runtimeConfig/portMappings")));
        assertFalse(CniJson.tryParse(fake.stdin("first", "ADD")).has("runtimeConfig"));
        assertEquals("8080:80\n127.0.0.1:5353:53/udp", report.get(NetworkDriver.PORTS));
    }

    @Test
    void publishedPortsWithoutAPortMappingsPluginAreRefused() {
        CrateException e = assertThrows(CrateException.class, () -> driver.validate(container("c1", "cni:net1", "8080:80")));
        assertTrue(e.getMessage().startsWith("CNI network net1 (" + fake.confDir.resolve("net1.conflist")
                + ") cannot publish ports: no plugin declares the portMappings capability"), e.getMessage());
    }

    @Test
    void cniWithoutANetworkNameListsTheNetworks() throws Exception {
        fake.conflist("net2", "1.0.0", FIRST);
        CrateException e = assertThrows(CrateException.class, () -> driver.validate(container("c1", "cni", null)));
        assertEquals("--network cni needs a network: --network cni:NAME, NAME from " + fake.confDir
                + " (networks: net1, net2)", e.getMessage());
    }

    @Test
    void validateRefusesAMissingPluginAndABadName() throws Exception {
        fake.conflist("nobin", "1.0.0", "{\"type\":\"absent\"}");
        CrateException missing = assertThrows(CrateException.class, () -> driver.validate(container("c1", "cni:nobin", null)));
        assertTrue(missing.getMessage().startsWith("CNI plugin \"absent\" not found in " + fake.pluginDir), missing.getMessage());
        CrateException bad = assertThrows(CrateException.class, () -> driver.validate(container("c1", "cni:../x", null)));
        assertEquals("--network cni:../x: \"../x\" is not a valid CNI network name", bad.getMessage());
    }
}
