package crate.network.bridge;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.CrateException;
import crate.api.network.NetworkSettings;
import crate.api.spi.ContainerContext;
import crate.api.spi.NetworkDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** validate: what fails before anything exists, without a kernel (attach and detach: BridgeNetworkIT in crate-app). */
class BridgeDriverTest {
    @TempDir Path dir;

    private NetworkDriver driver(String subnet, int mtu, String firewall) {
        NetworkSettings settings = new NetworkSettings("brtest0", subnet, mtu, firewall, List.of(), dir.resolve("run"),
                dir.resolve("data"), List.of(), List.of());
        return new BridgeDriver().withSettings(settings);
    }

    private ContainerContext context(String id, String ports) throws Exception {
        Path state = Files.createDirectories(dir.resolve("run").resolve(id));
        Map<String, String> options = ports == null ? Map.of(ContainerContext.NETWORK, "bridge", ContainerContext.STATE_DIR, state.toString())
                : Map.of(ContainerContext.NETWORK, "bridge", ContainerContext.STATE_DIR, state.toString(), ContainerContext.PORTS, ports);
        return new ContainerContext(id, dir.toString(), null, "bundle", options);
    }

    @Test
    void isNamedBridge() {
        assertEquals("bridge", new BridgeDriver().name());
    }

    @Test
    void publishedPortsAreValidatedNamingTheBadValue() throws Exception {
        NetworkDriver driver = driver("10.99.0.0/24", 1500, "auto");
        assertDoesNotThrow(() -> driver.validate(context("br-ok", "8080:80\n127.0.0.1:53:53/udp")));
        CrateException e = assertThrows(CrateException.class, () -> driver.validate(context("br-bad", "8080:80/sctp")));
        assertTrue(e.getMessage().startsWith("-p 8080:80/sctp: ") && e.getMessage().contains("sctp"), e.getMessage());
    }

    @Test
    void badSettingsAreRefusedNamingTheKey() throws Exception {
        ContainerContext context = context("br-c", null);
        assertTrue(assertThrows(CrateException.class, () -> driver("10.99.0.1/24", 1500, "auto").validate(context))
                .getMessage().contains("network.subnet"));
        assertTrue(assertThrows(CrateException.class, () -> driver("10.99.0.0/31", 1500, "auto").validate(context))
                .getMessage().contains("network.subnet"));
        assertTrue(assertThrows(CrateException.class, () -> driver("10.99.0.0/24", 20, "auto").validate(context))
                .getMessage().contains("network.mtu"));
        assertTrue(assertThrows(CrateException.class, () -> driver("10.99.0.0/24", 1500, "pf").validate(context))
                .getMessage().contains("network.firewall"));
        NetworkSettings badName = new NetworkSettings("a bridge", "10.99.0.0/24", 1500, "auto", List.of(), dir, dir,
                List.of(), List.of());
        assertTrue(assertThrows(CrateException.class, () -> new BridgeDriver().withSettings(badName).validate(context))
                .getMessage().contains("network.bridge"));
    }

    @Test
    void aHostPortALivingContainerPublishesIsRefused() throws Exception {
        NetworkDriver driver = driver("10.99.0.0/24", 1500, "auto");
        Path bridgeDir = dir.resolve("data/network/bridge/brtest0");
        new PortBook(bridgeDir).write("br-first", PublishedPorts.parse("8080:80"));
        Files.createDirectories(dir.resolve("run/br-first"));
        CrateException e = assertThrows(CrateException.class, () -> driver.validate(context("br-second", "8080:8080")));
        assertEquals("network bridge: container br-second: host port 0.0.0.0:8080/tcp is already published by container br-first"
                + " (-p 8080:80)", e.getMessage());
        Files.delete(dir.resolve("run/br-first"));
        assertDoesNotThrow(() -> driver.validate(context("br-third", "8080:8080")), "a deleted container holds nothing");
        assertFalse(Files.exists(dir.resolve("data/network/bridge/lock")), "validate creates nothing");
    }
}
