package crate.network.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import crate.api.CrateException;
import crate.network.firewall.CommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A network namespace that a test created: a child {@code unshare --net sleep infinity}, whose
 * pid the test holds (the namespace goes when it is killed; nothing is mounted, unlike
 * {@code ip netns add}). Every command run through it is guarded: a shell compares its own
 * network namespace with the test JVM's (the host's) and exits {@value #GUARD_REFUSED} before
 * running anything if they are the same, so a mistake can never change the host's network.
 * (A test-jar: crate-app's bridge tests use it too.)
 */
public final class TestNetns implements AutoCloseable {
    /** The exit status of a command the guard refused to run in the host's namespace. */
    public static final int GUARD_REFUSED = 99;
    /** The test JVM's network namespace ({@code net:[...]}), read once: the host's. */
    public static final String HOST_NETNS = hostNetns();

    private final Process holder;
    /** {@code /proc/PID/ns/net} of the holder. */
    public final String path;

    private TestNetns(Process holder) {
        this.holder = holder;
        this.path = "/proc/" + holder.pid() + "/ns/net";
    }

    public static TestNetns create() throws IOException, InterruptedException {
        Process holder = new ProcessBuilder("unshare", "--net", "sleep", "infinity").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        TestNetns ns = new TestNetns(holder);
        try {
            // unshare(2) runs after the fork: wait until the child has its own namespace, then exec'd sleep.
            for (int i = 0; i < 500; i++) {
                String own = Files.readSymbolicLink(Path.of(ns.path)).toString();
                String comm = Files.readString(Path.of("/proc/" + holder.pid() + "/comm")).strip();
                if (!own.equals(HOST_NETNS) && comm.equals("sleep")) {
                    return ns;
                }
                Thread.sleep(10);
            }
            throw new IllegalStateException("unshare --net did not leave the host's network namespace: aborting");
        } catch (IOException | InterruptedException | RuntimeException e) {
            ns.close();
            throw e;
        }
    }

    /** The words that run a command inside this namespace, behind the guard. */
    public List<String> prefix() {
        return List.of("nsenter", "--net=" + path, "--", "sh", "-c",
                "[ \"$(readlink /proc/self/ns/net)\" != \"" + HOST_NETNS + "\" ] || exit " + GUARD_REFUSED
                        + "; exec \"$0\" \"$@\"");
    }

    /** {@code argv} to run inside this namespace, behind the guard. */
    public List<String> command(List<String> argv) {
        List<String> command = new ArrayList<>(prefix());
        command.addAll(argv);
        return command;
    }

    /** The runner that runs every command inside this namespace. */
    public CommandRunner runner() {
        return new CommandRunner(prefix());
    }

    /** Runs a command in the namespace and asserts it succeeds; returns stdout. */
    public String sh(String... argv) throws CrateException {
        CommandRunner.Result result = runner().run(List.of(argv), "");
        assertEquals(0, result.exitStatus(), String.join(" ", argv) + ": " + result.stderrLine());
        return result.stdout();
    }

    /** Starts a long-running command in the namespace (a server); the caller destroys it. */
    public Process start(String... argv) throws IOException {
        return new ProcessBuilder(command(List.of(argv))).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** The holder's pid: {@code ip link ... netns PID} puts a link into this namespace. */
    public long pid() {
        return holder.pid();
    }

    @Override
    public void close() {
        holder.destroyForcibly();
        try {
            holder.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String hostNetns() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the test JVM's network namespace", e);
        }
    }
}
