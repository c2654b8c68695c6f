package crate.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A network namespace the test created and holds: a child {@code unshare --net sleep infinity}
 * (the namespace goes when it is killed, also if the test fails; nothing is mounted, unlike
 * {@code ip netns add}). Every command run through it is guarded: a shell checks its own
 * network namespace against the test JVM's (the host's default one) and exits 99 before
 * running anything if they are the same, so a mistake can never reach the host's network.
 */
final class TestNetns implements AutoCloseable {
    /** The exit status of a command the guard refused to run in the host's namespace. */
    static final int GUARD_REFUSED = 99;
    /** The test JVM's namespace, read once: the host's. */
    static final String HOST_NETNS = hostNetns();

    private final Process holder;
    private final String path;

    private TestNetns(Process holder) {
        this.holder = holder;
        this.path = "/proc/" + holder.pid() + "/ns/net";
    }

    static TestNetns create() throws IOException, InterruptedException {
        Process holder = new ProcessBuilder("unshare", "--net", "sleep", "infinity").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        TestNetns ns = new TestNetns(holder);
        try {
            // unshare(2) runs after the fork: wait until the child has its own namespace and exec'd sleep.
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

    /** {@code argv} to run inside this namespace, behind the guard. */
    List<String> command(List<String> argv) {
        List<String> command = new ArrayList<>(List.of("nsenter", "--net=" + path, "--", "sh", "-c",
                "[ \"$(readlink /proc/self/ns/net)\" != \"" + HOST_NETNS + "\" ] || exit " + GUARD_REFUSED
                        + "; exec \"$0\" \"$@\""));
        command.addAll(argv);
        return command;
    }

    /** Runs a command in the namespace, waiting up to 60 s. */
    CrateCli.Result run(String... argv) {
        return CrateCli.exec(command(List.of(argv)), null);
    }

    /** Runs a command in the namespace and fails unless it succeeds; returns its stdout. */
    String sh(String... argv) {
        CrateCli.Result result = run(argv);
        if (result.exit() != 0) {
            throw new AssertionError(String.join(" ", argv) + " in the test namespace: exit " + result.exit() + ": "
                    + result.err().strip());
        }
        return result.out();
    }

    /** Starts a long-running command in the namespace (a server); the caller destroys it. */
    Process start(String... argv) throws IOException {
        return new ProcessBuilder(command(List.of(argv))).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** The holder's pid: {@code ip link ... netns PID} puts a link here. */
    long pid() {
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
