package crate.network.firewall;

import crate.api.CrateException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The sysctls the bridge's firewall needs, written under {@code /proc/sys/net}.
 *
 * <p>Which namespace: the kernel resolves {@code /proc/sys/net} for the task that opens the
 * file, so a JVM thread that entered a network namespace with setns writes that namespace's
 * sysctls (NetSysctlsIT checks this against nsenter's {@code sysctl}). {@code /proc/net}
 * differs: it follows {@code /proc/self}, the process's main thread; per thread it is
 * {@code /proc/thread-self/net}.
 */
public final class NetSysctls {
    private final Path root;

    /** @param root {@code /proc/sys/net}, or a test directory */
    public NetSysctls(Path root) {
        this.root = root;
    }

    /** The calling thread's network namespace. */
    public static NetSysctls current() {
        return new NetSysctls(Path.of("/proc/sys/net"));
    }

    /** {@code net.ipv4.ip_forward=1}: the host routes between the bridge and other links. */
    public void enableForwarding() throws CrateException {
        write(root.resolve("ipv4/ip_forward"), "1");
    }

    /**
     * {@code net.ipv4.conf.<bridge>.route_localnet=1}: lets a connection to 127.0.0.1 that the
     * output chain DNATs to a container be routed out of the bridge (see {@link NftRules}).
     */
    public void enableRouteLocalnet(String bridge) throws CrateException {
        if (bridge.contains("/") || bridge.equals(".") || bridge.equals("..") || bridge.isEmpty()) {
            throw new CrateException("invalid interface name \"" + bridge + "\"");
        }
        write(root.resolve("ipv4/conf").resolve(bridge).resolve("route_localnet"), "1");
    }

    private static void write(Path file, String value) throws CrateException {
        try {
            Files.writeString(file, value + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new CrateException("cannot set " + file + " to " + value + ": " + e, e);
        }
    }
}
