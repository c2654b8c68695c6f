package crate.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace of a test's own, held by an {@code unshare --net sleep infinity} child
 * that the test started (the namespace goes when it is killed), and the commands run in it.
 * Every command goes through {@code nsenter} and a guard that exits 99 unless its namespace
 * differs from the one the test JVM started in (the host's), so nothing can ever change the
 * host's network, even if the holder died and its pid were reused.
 */
final class HeldNetns implements AutoCloseable {
    /** The guard's exit status when it refused to run a command in the host's namespace. */
    static final int REFUSED = 99;

    private final Process holder;
    private final String hostNetns;

    private HeldNetns(Process holder, String hostNetns) {
        this.holder = holder;
        this.hostNetns = hostNetns;
    }

    static HeldNetns create() throws IOException, InterruptedException {
        String host = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
        Process holder = new ProcessBuilder("unshare", "--net", "sleep", "infinity").redirectErrorStream(true).start();
        HeldNetns ns = new HeldNetns(holder, host);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try {
            // unshare(2) runs after the fork: wait until the child has its own namespace and exec'd sleep.
            while (System.nanoTime() < deadline) {
                String own = Files.readSymbolicLink(Path.of(ns.path())).toString();
                String comm = Files.readString(Path.of("/proc/" + holder.pid() + "/comm")).strip();
                if (!own.equals(host) && comm.equals("sleep")) {
                    return ns;
                }
                Thread.sleep(10);
            }
            throw new IllegalStateException("unshare --net did not leave the host's network namespace");
        } catch (IOException | InterruptedException | RuntimeException e) {
            ns.close();
            throw e;
        }
    }

    String path() {
        return "/proc/" + holder.pid() + "/ns/net";
    }

    /** {@code argv} as run inside this namespace, behind the guard. */
    List<String> command(List<String> argv) {
        List<String> command = new ArrayList<>(List.of("nsenter", "--net=" + path(), "--", "sh", "-c",
                "[ \"$(readlink /proc/self/ns/net)\" != \"" + hostNetns + "\" ] || exit " + REFUSED + "; exec \"$0\" \"$@\""));
        command.addAll(argv);
        return command;
    }

    /** Runs {@code argv} in the namespace and waits. */
    CrateCli.Result run(String... argv) {
        return CrateCli.exec(command(List.of(argv)), null);
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
