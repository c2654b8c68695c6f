package crate.network.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;

import crate.api.CrateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A network namespace that a test created: a child {@code unshare --net sleep infinity}, whose
 * pid the test holds (the namespace goes when it is killed). No command is ever run through it
 * before its namespace is verified to differ from the JVM's own (the host's). Public for the
 * cni driver's tests.
 */
public final class TestNetns implements AutoCloseable {
    private final Process holder;
    public final String path;

    private TestNetns(Process holder) {
        this.holder = holder;
        this.path = "/proc/" + holder.pid() + "/ns/net";
    }

    public static TestNetns create() throws IOException, InterruptedException {
        Process holder = new ProcessBuilder("unshare", "--net", "sleep", "infinity").redirectErrorStream(true).start();
        TestNetns ns = new TestNetns(holder);
        try {
            String host = Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
            // unshare(2) runs after the fork: wait until the child has its own namespace, then exec'd sleep.
            for (int i = 0; i < 500; i++) {
                String own = Files.readSymbolicLink(Path.of(ns.path)).toString();
                String comm = Files.readString(Path.of("/proc/" + holder.pid() + "/comm")).strip();
                if (!own.equals(host) && comm.equals("sleep")) {
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

    /** The runner that runs every command inside this namespace. */
    public CommandRunner runner() {
        return new CommandRunner(List.of("nsenter", "--net=" + path));
    }

    /** Runs a command in the namespace and asserts it succeeds; returns stdout. */
    public String sh(String... argv) throws CrateException {
        CommandRunner.Result result = runner().run(List.of(argv), "");
        assertEquals(0, result.exitStatus(), String.join(" ", argv) + ": " + result.stderrLine());
        return result.stdout();
    }

    /** Starts a long-running command in the namespace (a server); the caller destroys it. */
    public Process start(String... argv) throws IOException {
        List<String> command = new ArrayList<>(List.of("nsenter", "--net=" + path));
        command.addAll(List.of(argv));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

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
}
