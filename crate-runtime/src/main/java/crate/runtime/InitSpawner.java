package crate.runtime;

import crate.api.CrateException;
import crate.linux.ErrnoException;
import crate.linux.MountFlags;
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
    /**
     * Init's JVM gets nothing of crate's environment but its locale: C.UTF-8, so that it
     * encodes file names (sun.jnu.encoding) and C strings (native.encoding) as UTF-8. With no
     * locale a JVM takes ASCII, and a mount destination or a cwd such as /mnt/café was
     * refused. The container's process and the hooks get their environment from the spec.
     */
    static final List<String> INIT_ENVIRONMENT = List.of("LC_ALL=C.UTF-8");

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
            return Spawner.spawn(init.executable(), init.argv(), INIT_ENVIRONMENT, initFds, newSession);
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
            readOnlyHostView();
            for (Map.Entry<Namespace, Integer> ns : namespaceFds.entrySet()) {
                if (ns.getKey() != Namespace.MOUNT) {
                    Syscalls.setns(ns.getValue(), ns.getKey(), "the container's " + ns.getKey().specName() + " namespace");
                }
            }
            return Spawner.spawn(init.executable(), init.argv(), INIT_ENVIRONMENT, initFds, newSession);
        });
    }

    /**
     * The CVE-2019-5736 class: until it joins the container's mount namespace, the init of
     * {@code crate exec} is a process of the container's PID namespace that runs the host's
     * {@code bin/java}, maps libjvm.so, holds lib/modules open and has the host's root as its
     * root; a process of the container that may ptrace it could reopen any of these through
     * /proc/PID/exe, /proc/PID/fd, /proc/PID/map_files or /proc/PID/root for writing (at once,
     * or later through an O_PATH fd kept meanwhile). So the spawning thread gets a mount
     * namespace of its own (a slave of the host's) in which every mount is read-only: the
     * init starts in it, so each of those files and the root are reached through read-only
     * mounts, and reopening one for writing fails with EROFS for as long as anyone holds it.
     * The host's mounts themselves are not changed.
     */
    private static void readOnlyHostView() throws ErrnoException {
        Syscalls.unshare(Namespace.MOUNT.cloneFlag());
        Syscalls.mount(null, "/", null, MountFlags.MS_REC | MountFlags.MS_SLAVE, null);
        Syscalls.mountReadOnlyRecursive("/");
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
