package crate.network.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;

import crate.linux.Namespace;
import crate.linux.Syscalls;
import crate.network.testing.TestNetns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/** Runs {@link NetSysctls} in a JVM thread that entered a test namespace with setns. */
final class InThread {
    private InThread() {}

    /**
     * Enables forwarding and the bridge's route_localnet in {@code ns} from a thread that
     * setns'd there, and checks that they took effect there and not in the JVM's namespace.
     */
    static void sysctls(TestNetns ns, String bridge) throws Exception {
        Path forward = Path.of("/proc/sys/net/ipv4/ip_forward");
        String hostNs = Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
        String hostForward = Files.readString(forward);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = Thread.ofPlatform().start(() -> {
            try {
                Syscalls.setns(ns.path, Namespace.NETWORK);
                String here = Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
                if (here.equals(hostNs) || !here.equals(Files.readSymbolicLink(Path.of(ns.path)).toString())) {
                    throw new IllegalStateException("setns did not enter the test namespace: aborting");
                }
                // Found: /proc/sys/net follows the calling thread's namespace (the bridge exists only there).
                if (!Files.isDirectory(Path.of("/proc/sys/net/ipv4/conf", bridge))) {
                    throw new IllegalStateException("/proc/sys/net does not show this thread's namespace: aborting");
                }
                NetSysctls.current().enableForwarding();
                NetSysctls.current().enableRouteLocalnet(bridge);
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        thread.join();
        if (failure.get() != null) {
            throw new AssertionError("sysctls in the test namespace failed", failure.get());
        }
        assertEquals("1\n", ns.sh("cat", "/proc/sys/net/ipv4/ip_forward"));
        assertEquals("1\n", ns.sh("cat", "/proc/sys/net/ipv4/conf/" + bridge + "/route_localnet"));
        assertEquals(hostForward, Files.readString(forward), "the JVM's own namespace must be untouched");
    }
}
