package crate.api.network;

import java.nio.file.Path;
import java.util.List;

/**
 * What a {@link crate.api.spi.NetworkDriver} is told by crate's configuration ({@code [network]},
 * {@code runtime.root} and {@code runtime.data_root}). A driver takes the settings it knows.
 *
 * @param bridge the bridge device of the "bridge" driver ({@code crate0})
 * @param subnet the bridge's IPv4 subnet in CIDR notation ({@code 10.88.0.0/16}); the first
 *     address is the gateway, on the bridge
 * @param mtu the MTU of the bridge and of the containers' interfaces
 * @param firewall "auto" (nftables, else iptables), "nftables" or "iptables"
 * @param dns nameservers written into the containers' resolv.conf; empty: the host's
 * @param stateRoot the containers' state ({@code /run/crate}): a container whose directory is
 *     gone is dead, and what it held can be reclaimed
 * @param dataRoot where drivers keep what outlives a reboot's {@code /run} (leases, caches)
 *     under {@code <dataRoot>/network/<driver>}
 * @param cniConfigDirs where the cni driver looks for {@code NAME.conflist} (or {@code .conf})
 * @param cniPluginDirs where the cni driver looks for the plugins' executables, in order
 */
public record NetworkSettings(String bridge, String subnet, int mtu, String firewall, List<String> dns, Path stateRoot,
        Path dataRoot, List<Path> cniConfigDirs, List<Path> cniPluginDirs) {

    public NetworkSettings {
        dns = List.copyOf(dns);
        cniConfigDirs = List.copyOf(cniConfigDirs);
        cniPluginDirs = List.copyOf(cniPluginDirs);
    }

    /** The defaults, as Docker and Debian's CNI plugins lay things out. */
    public static NetworkSettings defaults() {
        return new NetworkSettings("crate0", "10.88.0.0/16", 1500, "auto", List.of(), Path.of("/run/crate"),
                Path.of("/var/lib/crate"), List.of(Path.of("/etc/cni/net.d")),
                List.of(Path.of("/usr/lib/cni"), Path.of("/opt/cni/bin")));
    }

    /** {@code <dataRoot>/network/<driver>}: the directory one driver keeps its files in. */
    public Path driverDir(String driver) {
        return dataRoot.resolve("network").resolve(driver);
    }

    /** The same settings with other roots (tests). */
    public NetworkSettings withRoots(Path newStateRoot, Path newDataRoot) {
        return new NetworkSettings(bridge, subnet, mtu, firewall, dns, newStateRoot, newDataRoot, cniConfigDirs, cniPluginDirs);
    }
}
