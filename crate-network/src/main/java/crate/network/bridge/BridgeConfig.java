package crate.network.bridge;

import crate.api.CrateException;
import crate.api.network.NetworkSettings;
import crate.network.firewall.BridgeNetwork;
import crate.linux.ip.Ipv4Subnet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The bridge driver's settings, checked: the bridge's name and subnet, the MTU, the firewall
 * tool, the nameservers, and where its files live.
 *
 * <p>Layout under {@code <data_root>/network/bridge/}: {@code lock} (the driver-wide lock held
 * by attach and detach) and per bridge {@code <bridge>/} with the leases ({@link
 * crate.network.ipam.IpLeases}) and {@code <bridge>/ports/<id>}, the ports each container
 * publishes (see {@link PortBook}).
 */
record BridgeConfig(BridgeNetwork network, Ipv4Subnet subnet, int mtu, String firewall, List<String> dns,
        Path stateRoot, Path driverDir) {
    static final String DRIVER = "bridge";
    /** The smallest MTU an IPv4 link may have (RFC 791). */
    static final int MIN_MTU = 68;
    static final int MAX_MTU = 65535;

    BridgeConfig {
        dns = List.copyOf(dns);
    }

    static BridgeConfig of(NetworkSettings settings) throws CrateException {
        Ipv4Subnet subnet;
        try {
            subnet = Ipv4Subnet.parse(settings.subnet());
        } catch (CrateException e) {
            throw new CrateException("network bridge: " + e.getMessage() + " (config network.subnet)", e);
        }
        BridgeNetwork network;
        try {
            network = BridgeNetwork.of(settings.bridge(), subnet.toString());
        } catch (IllegalArgumentException e) {
            throw new CrateException("network bridge: " + e.getMessage()
                    + " (config network.bridge: 1-15 of A-Z a-z 0-9 _ . : -)", e);
        }
        if (settings.mtu() < MIN_MTU || settings.mtu() > MAX_MTU) {
            throw new CrateException("network bridge: MTU " + settings.mtu() + " is not in " + MIN_MTU + "-" + MAX_MTU
                    + " (config network.mtu)");
        }
        if (!List.of("auto", "nftables", "iptables").contains(settings.firewall())) {
            throw new CrateException("network bridge: firewall \"" + settings.firewall()
                    + "\" is not auto, nftables or iptables (config network.firewall)");
        }
        return new BridgeConfig(network, subnet, settings.mtu(), settings.firewall(), settings.dns(),
                settings.stateRoot(), settings.driverDir(DRIVER));
    }

    String bridge() {
        return network.bridge();
    }

    /** The driver-wide lock: one attach or detach at a time, across processes. */
    Path lockFile() {
        return driverDir.resolve("lock");
    }

    /** Creates {@code <data_root>/network/bridge/}, where the lock lives. */
    void createDriverDir() throws CrateException {
        try {
            Files.createDirectories(driverDir);
        } catch (IOException e) {
            throw new CrateException("network bridge: cannot create " + driverDir + ": " + e.getMessage(), e);
        }
    }

    /** The bridge's own directory: its leases and its containers' ports. */
    Path bridgeDir() {
        return driverDir.resolve(bridge());
    }

    /** A container exists while its state directory does (it goes with {@code crate delete}). */
    boolean alive(String containerId) {
        return Files.exists(stateRoot.resolve(containerId));
    }
}
