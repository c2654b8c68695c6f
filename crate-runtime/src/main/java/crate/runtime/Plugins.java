package crate.runtime;

import crate.api.CrateException;
import crate.api.network.NetworkSettings;
import crate.api.spi.CgroupManager;
import crate.api.spi.Filesystem;
import crate.api.spi.Isolator;
import crate.api.spi.NetworkDriver;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The plugins the runtime works with, as the application finds them (built in, or from the
 * plugin directory). Each kind is loaded at its first use, and once: most commands need one
 * kind or none ({@code crate state}, {@code start} and {@code kill} none, a {@code delete} all
 * four), and loading one costs milliseconds of provider classes and their static state.
 * Isolators are kept in order. The cgroup manager is empty where the host has no cgroups (or none is installed):
 * containers then run without a cgroup of their own, and resource limits are an error.
 */
public final class Plugins {
    /** How the application loads one kind of plugin; it runs at the kind's first use only. */
    @FunctionalInterface
    public interface Loader<T> {
        T load() throws CrateException;
    }

    private final LoadedOnce<List<Isolator>> isolators;
    private final LoadedOnce<List<Filesystem>> filesystems;
    private final LoadedOnce<List<NetworkDriver>> networks;
    private final LoadedOnce<Optional<CgroupManager>> cgroups;

    private Plugins(LoadedOnce<List<Isolator>> isolators, LoadedOnce<List<Filesystem>> filesystems,
            LoadedOnce<List<NetworkDriver>> networks, LoadedOnce<Optional<CgroupManager>> cgroups) {
        this.isolators = isolators;
        this.filesystems = filesystems;
        this.networks = networks;
        this.cgroups = cgroups;
    }

    /** Plugins whose kinds {@code isolators}, ... load when one is first asked for; none loads here. */
    public static Plugins loading(Loader<List<Isolator>> isolators, Loader<List<Filesystem>> filesystems,
            Loader<List<NetworkDriver>> networks, Loader<Optional<CgroupManager>> cgroups) {
        return new Plugins(new LoadedOnce<List<Isolator>>(isolators).then(Plugins::inOrder),
                new LoadedOnce<List<Filesystem>>(filesystems).then(List::copyOf),
                new LoadedOnce<List<NetworkDriver>>(networks).then(List::copyOf), new LoadedOnce<>(cgroups));
    }

    /** The isolators in the order of their phases, by {@link Isolator#order()}, then name. */
    public List<Isolator> isolators() throws CrateException {
        return isolators.get();
    }

    private List<Filesystem> filesystems() throws CrateException {
        return filesystems.get();
    }

    private List<NetworkDriver> networks() throws CrateException {
        return networks.get();
    }

    /**
     * The cgroup manager, empty when cgroups are disabled.
     *
     * @throws CrateException if the configured manager is not installed, or refuses the configured parent
     */
    public Optional<CgroupManager> cgroups() throws CrateException {
        return cgroups.get();
    }

    /**
     * These plugins with the cgroup manager placing containers without a cgroupsPath under
     * {@code parent} (the configuration's {@code cgroups.parent}); unchanged without a manager.
     * The manager may refuse the parent: at its first use, as its loading may fail.
     */
    public Plugins withCgroupParent(String parent) {
        return new Plugins(isolators, filesystems, networks, cgroups.then(manager -> {
            if (manager.isEmpty()) {
                return manager;
            }
            return Optional.of(manager.get().withDefaultParent(parent));
        }));
    }

    public Filesystem filesystem(String name) throws CrateException {
        for (Filesystem filesystem : filesystems()) {
            if (filesystem.name().equals(name)) {
                return filesystem;
            }
        }
        throw new CrateException("no filesystem plugin named \"" + name + "\" (installed: "
                + filesystems().stream().map(Filesystem::name).collect(Collectors.joining(", ")) + ")");
    }

    /**
     * These plugins with every network driver told {@code settings}.
     */
    public Plugins withNetworkSettings(NetworkSettings settings) {
        return new Plugins(isolators, filesystems, networks.then(drivers -> {
            List<NetworkDriver> told = new ArrayList<>(drivers.size());
            for (NetworkDriver driver : drivers) {
                told.add(driver.withSettings(settings));
            }
            return List.copyOf(told);
        }), cgroups);
    }

    /**
     * The driver of {@code --network NAME[:ARG]}: the part before the first colon names it, the
     * rest is the driver's own ({@code cni:mynet}).
     */
    public NetworkDriver network(String value) throws CrateException {
        int colon = value.indexOf(':');
        String name = colon < 0 ? value : value.substring(0, colon);
        for (NetworkDriver network : networks()) {
            if (network.name().equals(name)) {
                return network;
            }
        }
        throw new CrateException("--network " + name + ": no such network driver (installed: "
                + networks().stream().map(NetworkDriver::name).collect(Collectors.joining(", ")) + ")");
    }

    /**
     * Sorted without {@code Comparator.comparingInt(...).thenComparing(...)}: the JDK's
     * lambdas behind those are spun at run time (the AOT cache does not hold them), ~10 ms in
     * init's JVM, where this runs on every container's start.
     */
    private static List<Isolator> inOrder(List<Isolator> isolators) {
        List<Isolator> sorted = new ArrayList<>(isolators);
        sorted.sort(ByOrderThenName.INSTANCE);
        return List.copyOf(sorted);
    }

    private static final class ByOrderThenName implements Comparator<Isolator> {
        static final ByOrderThenName INSTANCE = new ByOrderThenName();

        @Override
        public int compare(Isolator a, Isolator b) {
            int byOrder = Integer.compare(a.order(), b.order());
            return byOrder != 0 ? byOrder : a.name().compareTo(b.name());
        }
    }
}
