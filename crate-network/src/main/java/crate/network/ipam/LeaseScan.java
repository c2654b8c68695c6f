package crate.network.ipam;

import crate.linux.ip.Ipv4Address;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the lease directory held when it was read: the well-formed leases (address to container
 * ID) and one line for every file that is not a lease (so it is reported, never handed out).
 */
record LeaseScan(NavigableMap<Ipv4Address, String> leases, List<String> problems) {
    LeaseScan {
        leases = Collections.unmodifiableNavigableMap(new TreeMap<>(leases));
        problems = List.copyOf(problems);
    }

    /** The address {@code containerId} holds, if any (the lowest, should a damaged directory hold several). */
    Optional<Ipv4Address> addressOf(String containerId) {
        return leases.entrySet().stream()
                .filter(e -> e.getValue().equals(containerId))
                .map(Map.Entry::getKey)
                .findFirst();
    }
}
