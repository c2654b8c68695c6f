package org.example.crate.vethnet;

import crate.api.CrateException;
import crate.api.spi.ContainerContext;
import crate.api.spi.NetworkDriver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code crate run --network example-veth}: a point-to-point link between the container and a
 * network namespace the site already has (a router's, a test's). The container names the
 * peer with the annotation {@value #PEER}, the pid of a process in that namespace; the
 * container's end is {@code eth0} with {@value #DEFAULT_ADDRESS} (annotation {@value #ADDRESS}),
 * the peer's end {@code ex-ID} with {@value #DEFAULT_PEER_ADDRESS} (annotation
 * {@value #PEER_ADDRESS}): 192.0.2.0/24 is a documentation range.
 *
 * <p>The pair is made from inside the container's network namespace, its peer end created
 * straight in the peer's namespace: the host's own network namespace is never touched. It
 * goes away with the container's namespace, so detach has nothing to undo, which keeps it
 * idempotent and right after a crash. The driver drives iproute2's {@code ip} through
 * {@code nsenter} to stay short; crate's own drivers speak rtnetlink instead.
 */
public final class VethNetworkDriver implements NetworkDriver {
    public static final String PEER = "org.example.veth.peer";
    public static final String ADDRESS = "org.example.veth.address";
    public static final String PEER_ADDRESS = "org.example.veth.peer-address";
    /** A host file that records attach and detach, for the curious and for the tests. */
    public static final String LOG = "org.example.veth.log";
    static final String DEFAULT_ADDRESS = "192.0.2.2/24";
    static final String DEFAULT_PEER_ADDRESS = "192.0.2.1/24";

    @Override
    public String name() {
        return "example-veth";
    }

    @Override
    public Map<String, String> attach(ContainerContext container, int initPid) throws CrateException {
        Map<String, String> annotations = container.spec().annotations();
        String peer = annotations.get(PEER);
        if (peer == null || !peer.matches("[1-9][0-9]*")) {
            throw new CrateException("example-veth: annotation " + PEER + " must be the pid of a process in the peer "
                    + "network namespace, got " + (peer == null ? "none" : "\"" + peer + "\""));
        }
        String address = annotations.getOrDefault(ADDRESS, DEFAULT_ADDRESS);
        String peerAddress = annotations.getOrDefault(PEER_ADDRESS, DEFAULT_PEER_ADDRESS);
        // Interface names have 15 bytes at most.
        String peerName = ("ex-" + container.id()).substring(0, Math.min(15, 3 + container.id().length()));
        String inContainer = "--net=/proc/" + initPid + "/ns/net";
        String inPeer = "--net=/proc/" + peer + "/ns/net";
        ip(inContainer, "link", "add", "eth0", "type", "veth", "peer", "name", peerName, "netns", peer);
        ip(inContainer, "address", "add", address, "dev", "eth0");
        ip(inContainer, "link", "set", "eth0", "up");
        ip(inPeer, "address", "add", peerAddress, "dev", peerName);
        ip(inPeer, "link", "set", peerName, "up");
        record(container, "attach eth0 " + address + " peer " + peerName + " " + peerAddress);
        return Map.of("interface", "eth0", "address", address, "peer", peerName, "peerAddress", peerAddress);
    }

    @Override
    public void detach(ContainerContext container) {
        try {
            record(container, "detach");
        } catch (CrateException e) {
            System.err.println("crate: warning: " + e.getMessage());
        }
    }

    private static void ip(String netns, String... args) throws CrateException {
        List<String> command = new ArrayList<>(List.of("nsenter", netns, "ip"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.waitFor() != 0) {
                throw new CrateException("example-veth: " + String.join(" ", command) + ": " + output);
            }
        } catch (IOException e) {
            throw new CrateException("example-veth: cannot run " + command.getFirst() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CrateException("example-veth: interrupted", e);
        }
    }

    private static void record(ContainerContext container, String what) throws CrateException {
        String log = container.spec().annotations().get(LOG);
        if (log == null) {
            return;
        }
        try {
            Files.writeString(Path.of(log), what + " " + container.id() + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new CrateException("example-veth: " + log + ": " + e.getMessage(), e);
        }
    }
}
