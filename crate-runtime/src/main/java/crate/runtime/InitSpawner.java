package crate.runtime;

import crate.api.CrateException;
import crate.linux.ErrnoException;
import crate.linux.Namespace;
import crate.linux.Spawner;
import crate.linux.Syscalls;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Starts the container's init inside its new namespaces. A JVM is multithreaded, so the
 * namespaces are created by one dedicated platform thread (unshare and setns act on the
 * calling thread only) that then posix_spawns init: the child inherits that thread's
 * namespaces and, with a new PID namespace, is its PID 1. The thread is thrown away after:
 * it lives in the container's namespaces and must do no host-side work.
 */
final class InitSpawner {
    private InitSpawner() {}

    /**
     * Starts init in new namespaces as the plan says.
     *
     * @param fds the parent's fds that become the child's 0, 1, 2, ...; nothing else is passed
     * @return the init's pid in the host's PID namespace
     */
    static int spawn(NamespacePlan plan, InitCommand command, int[] fds) throws CrateException {
        return spawn(plan, command, fds, false);
    }

    /**
     * As {@link #spawn(NamespacePlan, InitCommand, int[])}; with {@code newSession} init leads
     * a new session without a controlling terminal (for process.terminal: init makes the
     * container's pty its controlling terminal).
     */
    static int spawn(NamespacePlan plan, InitCommand command, int[] fds, boolean newSession) throws CrateException {
        return spawn(plan, command, fds, newSession, PassedFds.NONE);
    }

    /**
     * As {@link #spawn(NamespacePlan, InitCommand, int[], boolean)}, with {@code passed} fds for
     * the container's process: init gets them from its fd 3 on, before the protocol's
     * ({@link InitFds}).
     */
    static int spawn(NamespacePlan plan, InitCommand command, int[] fds, boolean newSession, PassedFds passed)
            throws CrateException {
        InitCommand init = InitFds.command(command, passed);
        int[] initFds = InitFds.spawnOrder(fds, passed);
        return onThrowawayThread("crate-spawn", "cannot start the container's init: ", () -> {
            enterNamespaces(plan);
            return Spawner.spawn(init.executable(), init.argv(), List.of(), initFds, newSession);
        });
    }

    /**
     * For {@code crate exec}: spawns init in the namespaces of the running container's init,
     * all but the mount namespace (init joins that itself, from the fd it is given: after
     * setns(mnt) the image's java could not be found).
     *
     * @param namespaceFds open fds of /proc/PID/ns/* of the container's init, by type
     * @param passed fds for the process, placed as {@link InitFds} says
     */
    static int spawnJoined(Map<Namespace, Integer> namespaceFds, InitCommand command, int[] fds, boolean newSession,
            PassedFds passed) throws CrateException {
        InitCommand init = InitFds.command(command, passed);
        int[] initFds = InitFds.spawnOrder(fds, passed);
        return onThrowawayThread("crate-exec-spawn", "cannot join the container: ", () -> {
            for (Map.Entry<Namespace, Integer> ns : namespaceFds.entrySet()) {
                if (ns.getKey() != Namespace.MOUNT) {
                    Syscalls.setns(ns.getValue(), ns.getKey(), "the container's " + ns.getKey().specName() + " namespace");
                }
            }
            return Spawner.spawn(init.executable(), init.argv(), List.of(), initFds, newSession);
        });
    }

    /** What runs on the throwaway thread: it changes that thread's namespaces, then spawns. */
    @FunctionalInterface
    private interface SpawnStep {
        int run() throws ErrnoException;
    }

    /** Runs {@code step} on a new platform thread that ends with it, and returns the pid it spawned. */
    private static int onThrowawayThread(String name, String failure, SpawnStep step) throws CrateException {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread thread = Thread.ofPlatform().name(name).unstarted(() -> {
            try {
                result.set(step.run());
            } catch (ErrnoException | RuntimeException e) {
                result.set(e);
            }
        });
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CrateException("interrupted: " + failure);
        }
        return switch (result.get()) {
            case Integer pid -> pid;
            case ErrnoException e -> throw new CrateException(failure + e.getMessage(), e);
            case RuntimeException e -> throw e;
            default -> throw new IllegalStateException("the spawn thread ended without a result");
        };
    }

    /** On the spawn thread: join the namespaces given by path, then create the new ones. */
    private static void enterNamespaces(NamespacePlan plan) throws ErrnoException {
        Map<Namespace, String> joins = plan.spawnJoins();
        // Open every namespace before joining any: after setns(mnt) the paths resolve elsewhere.
        List<int[]> opened = new ArrayList<>();
        List<Namespace> order = new ArrayList<>(joins.keySet());
        order.sort((a, b) -> Boolean.compare(a == Namespace.MOUNT, b == Namespace.MOUNT));
        try {
            for (Namespace type : order) {
                opened.add(new int[] {Syscalls.open(joins.get(type), Syscalls.O_RDONLY | Syscalls.O_CLOEXEC)});
            }
            if (joins.containsKey(Namespace.MOUNT)) {
                // setns(mnt) is refused (EINVAL) to a thread that shares its fs_struct.
                Syscalls.unshare(Namespace.CLONE_FS);
            }
            for (int i = 0; i < order.size(); i++) {
                Syscalls.setns(opened.get(i)[0], order.get(i), joins.get(order.get(i)));
            }
        } finally {
            opened.forEach(fd -> Syscalls.closeQuietly(fd[0]));
        }
        int flags = plan.spawnUnshareFlags();
        if (flags != 0) {
            Syscalls.unshare(flags);
        }
    }
}
