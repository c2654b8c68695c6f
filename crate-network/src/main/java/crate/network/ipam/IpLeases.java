package crate.network.ipam;

import crate.linux.ip.Ipv4Address;
import crate.linux.ip.Ipv4Subnet;
import crate.api.CrateException;
import crate.linux.FlockFile;
import java.nio.file.Path;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The IPv4 addresses of one network's containers, leased from its subnet and kept on disk
 * under a directory of the network's own ({@code <data_root>/network/<name>/}; the layout and
 * its crash safety are described in {@link LeaseFiles}).
 *
 * <p>Every change holds an exclusive flock(2) on the directory's {@code lock} file, opened
 * anew for each call, so that processes and the threads of one process exclude each other
 * alike; reads hold it shared. Addresses are handed out round-robin as Docker and CNI's
 * host-local do: the search starts after the address handed out last and wraps, so that an
 * address just released is not given to the next container at once.
 *
 * <p>Nothing here checks whether a container is alive: after a crash of the runtime (a kill -9
 * between taking a lease and recording the container, or of a container's runtime before its
 * delete), the caller frees what dead containers hold with {@link #reclaim}.
 */
public final class IpLeases {
    private final String network;
    private final Ipv4Subnet subnet;
    private final LeaseFiles files;

    private IpLeases(String network, Ipv4Subnet subnet, Path directory) {
        this.network = network;
        this.subnet = subnet;
        this.files = new LeaseFiles(directory);
    }

    /**
     * The leases of network {@code network} (a name for messages, e.g. "crate0") with subnet
     * {@code subnet}, kept in {@code directory}. Nothing is created until the first allocation.
     */
    public static IpLeases open(Path directory, String network, Ipv4Subnet subnet) {
        return new IpLeases(network, subnet, directory);
    }

    public String network() {
        return network;
    }

    public Ipv4Subnet subnet() {
        return subnet;
    }

    /**
     * An address for {@code containerId}: the one it holds already if any (so a retried
     * allocation returns the same address), otherwise the next free one after the address
     * handed out last.
     *
     * @throws CrateException when the subnet has no free address, when a file in the lease
     *     directory is not a lease (it is reported rather than taken over), or the ID is invalid
     */
    public Ipv4Address allocate(String containerId) throws CrateException {
        return allocate(containerId, id -> true);
    }

    /**
     * As {@link #allocate(String)}, having first freed, under the same lock, the leases of
     * other containers for which {@code containerAlive} is false (see {@link #reclaim}): what
     * the runtime does when a container is created, so that leases lost in a crash come back
     * before the subnet runs out. {@code containerId}'s own lease is kept whatever the predicate
     * says of it (the container being created is not running yet).
     */
    public Ipv4Address allocate(String containerId, Predicate<String> containerAlive) throws CrateException {
        checkId(containerId);
        files.create();
        try (FlockFile lock = FlockFile.exclusive(files.lockFile())) {
            files.clearTmp();
            LeaseScan scan = files.scan();
            if (!scan.problems().isEmpty()) {
                throw new CrateException("network " + network + ": " + scan.problems().getFirst()
                        + "; remove or repair it" + (scan.problems().size() > 1
                                ? " (and " + (scan.problems().size() - 1) + " more)" : ""));
            }
            Optional<Ipv4Address> held = scan.addressOf(containerId);
            if (held.isPresent()) {
                return held.get();
            }
            NavigableMap<Ipv4Address, String> inUse = new TreeMap<>(scan.leases());
            freeDead(inUse, id -> id.equals(containerId) || containerAlive.test(id));
            Ipv4Address start = files.readLast()
                    .filter(subnet::isAllocatable)
                    .map(last -> subnet.nextAllocatable(last, 1))
                    .orElse(subnet.firstAllocatable());
            long count = subnet.allocatableCount();
            for (long step = 0; step < count; step++) {
                Ipv4Address candidate = subnet.nextAllocatable(start, step);
                if (inUse.containsKey(candidate)) {
                    continue;
                }
                // The lock makes a taken name impossible here; should a writer that ignores it
                // have taken the address meanwhile, link(2) refuses and the search goes on.
                if (files.create(candidate, containerId)) {
                    files.writeLast(candidate);
                    return candidate;
                }
            }
            // The gateway counts as in use: "2 in use" for a full /30.
            long taken = 1 + inUse.keySet().stream().filter(subnet::isAllocatable).count();
            throw new CrateException("network " + network + " (" + subnet + "): no free address ("
                    + taken + " in use)");
        }
    }

    /**
     * Gives back the address {@code containerId} holds; nothing if it holds none (releasing
     * twice is harmless). Returns the address released.
     */
    public Optional<Ipv4Address> release(String containerId) throws CrateException {
        checkId(containerId);
        if (!files.exists()) {
            return Optional.empty();
        }
        try (FlockFile lock = FlockFile.exclusive(files.lockFile())) {
            files.clearTmp();
            LeaseScan scan = files.scan();
            Optional<Ipv4Address> released = scan.addressOf(containerId);
            // Every lease of the container: a directory put together by hand might hold two.
            for (Map.Entry<Ipv4Address, String> lease : scan.leases().entrySet()) {
                if (lease.getValue().equals(containerId)) {
                    files.delete(lease.getKey());
                }
            }
            return released;
        }
    }

    /** The address {@code containerId} holds, if any. */
    public Optional<Ipv4Address> addressOf(String containerId) throws CrateException {
        checkId(containerId);
        if (!files.exists()) {
            return Optional.empty();
        }
        try (FlockFile lock = FlockFile.shared(files.lockFile())) {
            return files.scan().addressOf(containerId);
        }
    }

    /**
     * Every lease, address to container ID, in address order.
     *
     * @throws CrateException when a file in the lease directory is not a lease
     */
    public NavigableMap<Ipv4Address, String> leases() throws CrateException {
        if (!files.exists()) {
            return new TreeMap<>();
        }
        try (FlockFile lock = FlockFile.shared(files.lockFile())) {
            LeaseScan scan = files.scan();
            if (!scan.problems().isEmpty()) {
                throw new CrateException("network " + network + ": " + scan.problems().getFirst());
            }
            return scan.leases();
        }
    }

    /**
     * Frees the leases of containers for which {@code containerAlive} is false (a container
     * that no longer exists, e.g. after a kill -9 of the runtime) and returns them. The
     * predicate is called with the lock held: it must not use this network's leases itself.
     * Files that are not leases are left alone.
     */
    public NavigableMap<Ipv4Address, String> reclaim(Predicate<String> containerAlive) throws CrateException {
        if (!files.exists()) {
            return new TreeMap<>();
        }
        try (FlockFile lock = FlockFile.exclusive(files.lockFile())) {
            files.clearTmp();
            NavigableMap<Ipv4Address, String> leases = new TreeMap<>(files.scan().leases());
            return freeDead(leases, containerAlive);
        }
    }

    /** Deletes the leases of dead containers, removing them from {@code leases}; the lock is held. */
    private NavigableMap<Ipv4Address, String> freeDead(NavigableMap<Ipv4Address, String> leases,
            Predicate<String> containerAlive) throws CrateException {
        NavigableMap<Ipv4Address, String> freed = new TreeMap<>();
        for (Map.Entry<Ipv4Address, String> lease : leases.entrySet()) {
            if (!containerAlive.test(lease.getValue())) {
                files.delete(lease.getKey());
                freed.put(lease.getKey(), lease.getValue());
            }
        }
        freed.keySet().forEach(leases::remove);
        return freed;
    }

    private static void checkId(String containerId) throws CrateException {
        if (containerId == null || !LeaseFiles.CONTAINER_ID.matcher(containerId).matches()) {
            throw new CrateException("IP lease: invalid container ID \"" + containerId + "\"");
        }
    }
}
