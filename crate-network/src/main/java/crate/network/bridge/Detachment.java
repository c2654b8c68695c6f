package crate.network.bridge;

import crate.api.CrateException;
import crate.linux.FlockFile;
import crate.linux.netlink.Link;
import crate.linux.netlink.RtNetlink;
import crate.network.firewall.CommandRunner;
import crate.network.ipam.IpLeases;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Undoes a container's attach from its id alone (what a {@code crate delete} after a kill -9
 * has): its firewall rules by their tag, the host's veth end by its derived name (the peer
 * goes with the container's namespace anyway), its lease and its ports record. Every step
 * runs even when an earlier one fails, and each finds nothing to do the second time.
 * The bridge stays for the other containers.
 */
final class Detachment {
    private final BridgeConfig config;
    private final CommandRunner runner;
    private final String id;

    Detachment(BridgeConfig config, CommandRunner runner, String id) {
        this.config = config;
        this.runner = runner;
        this.id = id;
    }

    void detach() throws CrateException {
        config.createDriverDir();
        List<CrateException> failures = new ArrayList<>();
        try (FlockFile lock = FlockFile.exclusive(config.lockFile())) {
            attempt(failures, "remove the firewall rules", () -> FirewallChoice.of(config.firewall(), runner).removeContainer(id));
            attempt(failures, "delete veth " + VethName.of(id), () -> {
                try (RtNetlink netlink = RtNetlink.open()) {
                    netlink.deleteLinkIfPresent(VethName.of(id));
                }
            });
            attempt(failures, "release the address", () -> leases().release(id));
            attempt(failures, "forget the published ports", () -> new PortBook(config.bridgeDir()).remove(id));
        }
        if (!failures.isEmpty()) {
            CrateException first = failures.getFirst();
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
    }

    /** Whether the attachment is still there: the lease, and the host's veth end up on the bridge. */
    void check() throws CrateException {
        String prefix = "network bridge: container " + id + ": ";
        if (leases().addressOf(id).isEmpty()) {
            throw new CrateException(prefix + "holds no address on " + config.bridge());
        }
        String veth = VethName.of(id);
        try (RtNetlink netlink = RtNetlink.open()) {
            Optional<Link> link = netlink.link(veth);
            Optional<Link> bridge = netlink.link(config.bridge());
            if (link.isEmpty() || bridge.isEmpty()) {
                throw new CrateException(prefix + (link.isEmpty() ? "veth " + veth : "bridge " + config.bridge()) + " is missing");
            }
            if (!link.get().up() || link.get().master().orElse(-1) != bridge.get().index()) {
                throw new CrateException(prefix + "veth " + veth + " is not up on " + config.bridge());
            }
        }
    }

    private IpLeases leases() {
        return IpLeases.open(config.bridgeDir(), config.bridge(), config.subnet());
    }

    private interface Step {
        void run() throws CrateException;
    }

    private void attempt(List<CrateException> failures, String what, Step step) {
        try {
            step.run();
        } catch (CrateException | RuntimeException e) {
            failures.add(new CrateException("network bridge: container " + id + ": " + what + " failed: " + e.getMessage(), e));
        }
    }
}
