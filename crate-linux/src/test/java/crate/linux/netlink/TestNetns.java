package crate.linux.netlink;

import crate.api.CrateException;
import crate.linux.Syscalls;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A network namespace made for one test: a child {@code unshare --net} process that sleeps
 * and keeps the namespace alive; {@link #close()} kills it (by its pid) and the namespace goes
 * with it. No bind mount under /run/netns, nothing left on the host.
 *
 * <p>Every change a test makes goes through {@link #inside} or {@link #openRtNetlink}, which
 * first check that the thread is NOT in the host's network namespace (that of pid 1) and
 * refuse to go on if it is.
 */
final class TestNetns implements AutoCloseable {
    private static final Path THREAD = Path.of("/proc/thread-self/ns/net");
    /**
     * The host's network namespace: pid 1's where it may be read (some sandboxes refuse
     * readlink on pid 1's ns even to root), and always this JVM's own (the process's, not a
     * thread's: only single threads ever setns; the JVM runs in the host's namespace).
     */
    private static final Set<String> HOST = hostNamespaces();

    private final Process process;
    private final Path path;

    private TestNetns(Process process) {
        this.process = process;
        this.path = Path.of("/proc/" + process.pid() + "/ns/net");
    }

    /** Starts the holder and returns once it is in its new namespace (it says so on stdout after unsharing). */
    static TestNetns start() throws IOException {
        Process process = new ProcessBuilder("unshare", "--net", "sh", "-c", "echo ready; exec sleep infinity")
                .redirectErrorStream(true)
                .start();
        TestNetns netns = new TestNetns(process);
        try {
            String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
            if (!"ready".equals(line)) {
                throw new IllegalStateException("unshare --net: " + line);
            }
            if (HOST.contains(netns.id())) {
                throw new IllegalStateException("unshare --net: the holder is in the host's network namespace");
            }
            return netns;
        } catch (IOException | RuntimeException e) {
            netns.close();
            throw e;
        }
    }

    /** /proc/PID/ns/net of the holder. */
    Path path() {
        return path;
    }

    /** The namespace's identity, "net:[4026532…]". */
    String id() throws IOException {
        return idOf(path);
    }

    /** Fails if the calling thread is in the host's network namespace. */
    static void assertNotDefaultNetns() throws IOException {
        String current = idOf(THREAD);
        if (HOST.contains(current)) {
            throw new AssertionError("refusing to change network state: this thread is in the host's network namespace "
                    + current);
        }
    }

    static String threadNetns() throws IOException {
        return idOf(THREAD);
    }

    /** Runs {@code action} with this thread in the namespace, after checking it is not the host's. */
    <T> T inside(NetNs.Action<T, Exception> action) throws Exception {
        return NetNs.inside(path, () -> {
            assertNotDefaultNetns();
            return action.run();
        });
    }

    /** A client of this namespace: its socket is opened inside and stays there. */
    RtNetlink openRtNetlink() throws Exception {
        return inside(RtNetlink::open);
    }

    /** An fd of the namespace (for IFLA_NET_NS_FD); the caller closes it. */
    int openFd() throws CrateException {
        return Syscalls.open(path.toString(), Syscalls.O_RDONLY | Syscalls.O_CLOEXEC);
    }

    /** Runs a command in the namespace with nsenter; returns its exit status and output. */
    Result run(String... command) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("nsenter", "--net=" + path));
        argv.addAll(List.of(command));
        Process child = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(child.waitFor(), output);
    }

    record Result(int status, String output) {}

    @Override
    public void close() {
        process.destroyForcibly(); // SIGKILL to the holder's pid only
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Set<String> hostNamespaces() {
        Set<String> ids = new HashSet<>();
        try {
            ids.add(idOf(Path.of("/proc/self/ns/net")));
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
        try {
            ids.add(idOf(Path.of("/proc/1/ns/net")));
        } catch (IOException e) {
            // unreadable here: this JVM's namespace stands for the host's
        }
        return Set.copyOf(ids);
    }

    private static String idOf(Path nsFile) throws IOException {
        return Files.readSymbolicLink(nsFile).toString();
    }
}
