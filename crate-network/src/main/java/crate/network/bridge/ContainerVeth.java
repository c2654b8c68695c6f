package crate.network.bridge;

import crate.api.CrateException;
import crate.linux.Syscalls;
import crate.linux.ip.Ipv4Address;
import crate.linux.ip.Ipv4Cidr;
import crate.linux.netlink.NetNs;
import crate.linux.netlink.RtNetlink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A container's veth pair: the host end on the bridge, the peer {@code eth0} in the
 * container's network namespace with its address and default route.
 */
final class ContainerVeth {
    static final String PEER = "eth0";

    private ContainerVeth() {}

    /**
     * Creates the pair with the peer made directly inside {@code netns} (it never exists in the
     * host's namespace, so it cannot clash with a host link named eth0).
     */
    static void create(RtNetlink netlink, String hostEnd, int mtu, Path netns) throws CrateException {
        requireOtherNamespace(netns);
        int fd = Syscalls.open(netns.toString(), Syscalls.O_RDONLY | Syscalls.O_CLOEXEC);
        try {
            netlink.createVethPair(hostEnd, PEER, mtu, fd);
        } finally {
            Syscalls.closeQuietly(fd);
        }
    }

    /** Puts the host end on the bridge and brings it up. */
    static void plug(RtNetlink netlink, String hostEnd, String bridge) throws CrateException {
        netlink.setMaster(hostEnd, bridge);
        netlink.setUp(hostEnd);
    }

    /**
     * Inside {@code netns}: the address on eth0, eth0 up, the default route via the gateway.
     * Runs on a thread of its own that enters the namespace and is thrown away after, so no
     * thread of the runtime ever stays there.
     */
    static void configurePeer(Path netns, Ipv4Cidr address, Ipv4Address gateway) throws CrateException {
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread thread = Thread.ofPlatform().name("crate-netns-eth0").start(() -> {
            try {
                NetNs.inside(netns, () -> {
                    try (RtNetlink inside = RtNetlink.open()) {
                        inside.addAddress(PEER, address);
                        inside.setUp(PEER);
                        inside.addDefaultRoute(gateway, PEER);
                    }
                    return null;
                });
            } catch (Exception e) {
                failure.set(e);
            }
        });
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CrateException("interrupted while configuring " + PEER + " in " + netns, e);
        }
        if (failure.get() instanceof CrateException e) {
            throw e;
        }
        if (failure.get() != null) {
            throw new CrateException("configuring " + PEER + " in " + netns + ": " + failure.get(), failure.get());
        }
    }

    /**
     * Safety: the container's namespace must not be the runtime's own, or its "eth0" and
     * routes would change the host's network.
     */
    private static void requireOtherNamespace(Path netns) throws CrateException {
        try {
            Path own = Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net"));
            if (Files.readSymbolicLink(netns).equals(own)) {
                throw new CrateException(netns + " is the runtime's own network namespace, not the container's");
            }
        } catch (IOException e) {
            throw new CrateException("cannot read " + netns + ": " + e.getMessage(), e);
        }
    }
}
