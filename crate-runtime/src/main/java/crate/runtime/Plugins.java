package crate.runtime;

import crate.api.CrateException;
import crate.api.network.NetworkSettings;
import crate.api.spi.CgroupManager;
import crate.api.spi.Filesystem;
import crate.api.spi.Isolator;
import crate.api.spi.NetworkDriver;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The plugins the runtime works with, as the application found them (built in, or from the
 * plugin directory). Isolators are kept in order. The cgroup manager is empty where the host has no cgroups (or none is installed):
 * containers then run without a cgroup of their own, and resource limits are an error.
 */
public record Plugins(List<Isolator> isolators, List<Filesystem> filesystems, List<NetworkDriver> networks,
        Optional<CgroupManager> cgroups) {

    public Plugins {
        isolators = isolators.stream()
                .sorted(Comparator.comparingInt(Isolator::order).thenComparing(Isolator::name))
                .toList();
        filesystems = List.copyOf(filesystems);
        networks = List.copyOf(networks);
    }

    /**
     * These plugins with the cgroup manager placing containers without a cgroupsPath under
     * {@code parent} (the configuration's {@code cgroups.parent}); unchanged without a manager.
     */
    public Plugins withCgroupParent(String parent) throws CrateException {
        if (cgroups.isEmpty()) {
            return this;
        }
        return new Plugins(isolators, filesystems, networks, Optional.of(cgroups.get().withDefaultParent(parent)));
    }

    public Filesystem filesystem(String name) throws CrateException {
        for (Filesystem filesystem : filesystems) {
            if (filesystem.name().equals(name)) {
                return filesystem;
            }
        }
        throw new CrateException("no filesystem plugin named \"" + name + "\" (installed: "
                + filesystems.stream().map(Filesystem::name).collect(Collectors.joining(", ")) + ")");
    }

    /**
     * These plugins with every network driver told {@code settings}.
     */
    public Plugins withNetworkSettings(NetworkSettings settings) {
        return new Plugins(isolators, filesystems, networks.stream().map(n -> n.withSettings(settings)).toList(), cgroups);
    }

    /**
     * The driver of {@code --network NAME[:ARG]}: the part before the first colon names it, the
     * rest is the driver's own ({@code cni:mynet}).
     */
    public NetworkDriver network(String value) throws CrateException {
        int colon = value.indexOf(':');
        String name = colon < 0 ? value : value.substring(0, colon);
        for (NetworkDriver network : networks) {
            if (network.name().equals(name)) {
                return network;
            }
        }
        throw new CrateException("--network " + name + ": no such network driver (installed: "
                + networks.stream().map(NetworkDriver::name).collect(Collectors.joining(", ")) + ")");
    }
}
