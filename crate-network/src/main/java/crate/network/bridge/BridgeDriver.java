package crate.network.bridge;

import crate.api.CrateException;
import crate.api.network.NetworkSettings;
import crate.api.spi.ContainerContext;
import crate.api.spi.NetworkDriver;
import crate.network.firewall.CommandRunner;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code --network bridge}: crate's own bridge ({@code network.bridge}, default crate0) with
 * the subnet {@code network.subnet}; per container a veth pair (host end on the bridge, the
 * peer eth0 in the container), an address leased on disk, a default route via the bridge,
 * masquerade for outbound traffic and DNAT for the ports {@code -p} publishes.
 *
 * <p>Everything acts in the runtime's network namespace (the host's). The steps are in
 * {@link Attachment} and {@link Detachment}; both hold the driver-wide lock, so concurrent
 * {@code crate run}s and {@code crate delete}s take turns.
 */
public final class BridgeDriver implements NetworkDriver {
    private final NetworkSettings settings;
    private final CommandRunner runner;

    /** The driver with the default settings (ServiceLoader's; the runtime then calls {@link #withSettings}). */
    public BridgeDriver() {
        this(NetworkSettings.defaults(), CommandRunner.direct());
    }

    BridgeDriver(NetworkSettings settings, CommandRunner runner) {
        this.settings = settings;
        this.runner = runner;
    }

    @Override
    public String name() {
        return BridgeConfig.DRIVER;
    }

    @Override
    public NetworkDriver withSettings(NetworkSettings newSettings) {
        return new BridgeDriver(newSettings, runner);
    }

    /** A malformed {@code -p}, a bad subnet or a host port another container publishes fail here, before anything exists. */
    @Override
    public void validate(ContainerContext container) throws CrateException {
        BridgeConfig config = config(container);
        PublishedPorts ports = PublishedPorts.parse(container.options().get(ContainerContext.PORTS));
        try {
            new PortBook(config.bridgeDir()).checkFree(container.id(), ports, config::alive);
        } catch (CrateException e) {
            throw new CrateException("network bridge: container " + container.id() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Map<String, String> attach(ContainerContext container, int initPid) throws CrateException {
        return new Attachment(config(container), runner, container).attach(initPid);
    }

    @Override
    public void check(ContainerContext container, int initPid) throws CrateException {
        new Detachment(config(container), runner, container.id()).check();
    }

    @Override
    public void detach(ContainerContext container) throws CrateException {
        new Detachment(config(container), runner, container.id()).detach();
    }

    /**
     * The settings, checked, with the state root the container really lives in: its state
     * directory's parent ({@code --root}), which decides which containers are alive.
     */
    private BridgeConfig config(ContainerContext container) throws CrateException {
        NetworkSettings effective = settings;
        String stateDir = container.options().get(ContainerContext.STATE_DIR);
        if (stateDir != null && Path.of(stateDir).getParent() != null) {
            effective = settings.withRoots(Path.of(stateDir).getParent(), settings.dataRoot());
        }
        return BridgeConfig.of(effective);
    }
}
