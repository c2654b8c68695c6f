package crate.api.spi;

import crate.api.CrateException;
import java.nio.file.Path;

/**
 * One aspect of a container's isolation (namespaces and mounts, cgroups, credentials and
 * seccomp, ...). The runtime calls every isolator in each phase, in ascending {@link #order()}
 * (and {@link #release} in descending order).
 *
 * <ul>
 *   <li>{@link #prepare}: host side, before the init process exists. Validate this
 *       isolator's part of the spec; create host resources (a cgroup).
 *   <li>{@link #attach}: host side, the init process exists and is blocked.
 *   <li>{@link #mount}: inside {@code crate init}, in the container's mount namespace, before
 *       the rootfs becomes {@code /}: what goes into the rootfs (the spec's mounts, /dev).
 *       The runtime then runs the {@code prestart}, {@code createRuntime} and
 *       {@code createContainer} hooks, which the spec runs after the mounts and before
 *       {@code pivot_root}.
 *   <li>{@link #enter}: inside {@code crate init}, in the container's namespaces, on the
 *       thread that will {@code execve} the container's process.
 *   <li>{@link #enterExec}: for {@code crate exec}, in a new process that joined the
 *       running container's namespaces, on the thread that will {@code execve} the process.
 *   <li>{@link #release}: host side, when the container is gone. Idempotent, and must work
 *       after a crash, when nothing of the earlier phases is known but the context.
 * </ul>
 */
public interface Isolator {

    /** Order of the built-in namespaces isolator: mounts, pivot_root, /proc, /dev, hostname. */
    int ORDER_NAMESPACES = 100;
    /** Order of the credentials isolator: after it the process is no longer privileged. */
    int ORDER_CREDENTIALS = 800;

    /** A short, unique name, shown in errors and in {@code crate plugins}. */
    String name();

    /** Position among the isolators; see the ORDER_ constants for the built-in ones. */
    default int order() {
        return 500;
    }

    default void prepare(ContainerContext container) throws CrateException {}

    default void attach(ContainerContext container, int initPid) throws CrateException {}

    /**
     * Inside the container's init, before any isolator enters and before the hooks that run
     * before {@code pivot_root}: set up what belongs in the rootfs. Paths outside it are
     * still the host's.
     *
     * @param rootfs the rootfs mounted by the container's {@link Filesystem}
     */
    default void mount(ContainerContext container, Path rootfs) throws CrateException {}

    /**
     * Inside the container's init, before the user's process is executed.
     *
     * @param rootfs the rootfs mounted by the container's {@link Filesystem}; after an
     *     isolator has done {@code pivot_root} the later ones see it as {@code /}
     */
    default void enter(ContainerContext container, Path rootfs) throws CrateException {}

    /**
     * A process joining the running container ({@code crate exec}): apply what belongs to
     * each process (credentials, capabilities, seccomp), not what was set up once for the
     * container (mounts). {@code container.spec().process()} is the joining process.
     */
    default void enterExec(ContainerContext container) throws CrateException {}

    default void release(ContainerContext container) {}
}
