package crate.runtime;

import crate.api.CrateException;
import crate.api.spec.Process;
import crate.api.spec.State;
import crate.api.spi.ContainerContext;
import crate.api.spi.Isolator;
import crate.linux.Errno;
import crate.linux.ErrnoException;
import crate.linux.MountFlags;
import crate.linux.Namespace;
import crate.linux.Syscalls;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The container side of {@code crate init}: PID 1 of the container's namespaces, blocked
 * until the runtime sends the context. It then mounts the rootfs, lets every isolator mount
 * into it, runs the hooks due before pivot_root, lets every isolator enter (pivot_root,
 * credentials, ...), runs the startContainer hooks and executes the container's process in its own
 * place, from the same thread, so the thread's namespaces, credentials and filters carry over.
 */
public final class InitStage {
    private InitStage() {}

    /** Never returns: the process becomes the container's, or exits with a reported failure. */
    public static void run(Plugins plugins) {
        try {
            Optional<ContainerContext> received = InitProtocol.receiveContext(InitProtocol.CONTEXT_FD);
            if (received.isEmpty()) {
                Runtime.getRuntime().halt(CrateException.RUNTIME_ERROR); // the runtime gave up on us
            }
            enterAndExec(plugins, received.orElseThrow());
        } catch (CrateException e) {
            fail(e.exitStatus(), e.getMessage());
        } catch (RuntimeException | Error e) {
            fail(CrateException.RUNTIME_ERROR, "init: " + e);
        }
    }

    private static void enterAndExec(Plugins plugins, ContainerContext context) throws CrateException {
        NamespacePlan plan = NamespacePlan.of(context.spec(), "config.json");
        if (plan.creates(Namespace.MOUNT)) {
            // The new mount namespace still shares propagation with the host's mounts:
            // cut it first, so that nothing mounted from here on reaches the host.
            Syscalls.mount(null, "/", null, MountFlags.MS_REC | MountFlags.MS_SLAVE, null);
        }
        joinCgroupNamespace(plan);
        Path rootfs = plugins.filesystem(context.filesystem()).mount(context);
        for (Isolator isolator : plugins.isolators()) {
            isolator.mount(context, rootfs);
        }
        hooksBeforePivotRoot(context, rootfs);
        for (Isolator isolator : plugins.isolators()) {
            isolator.enter(context, rootfs);
        }
        Process process = context.spec().process();
        if (process.cwd() != null) {
            Syscalls.chdir(process.cwd());
        }
        String executable = CommandResolver.resolve(process.args().getFirst(), process.env());
        HookRunner.run(HookRunner.Kind.START_CONTAINER, context.spec(),
                HookRunner.state(context, State.Status.CREATED, Syscalls.getpid()));
        Syscalls.setCloexecFrom(3);
        Syscalls.resetIgnoredSignals();
        Syscalls.clearSignalMask();
        try {
            Syscalls.execve(executable, process.args(), process.env());
        } catch (ErrnoException e) {
            int status = e.errno() == Errno.ENOENT ? CrateException.NOT_FOUND : CrateException.NOT_EXECUTABLE;
            throw new CrateException(process.args().getFirst() + ": cannot execute: " + Errno.describe(e.errno()), status);
        }
    }

    /**
     * The container's mounts are set up and the rootfs is not yet {@code /}: the runtime runs
     * the prestart and createRuntime hooks on the host (if there are any; init waits for
     * them), then init runs the createContainer hooks in the container's namespaces, their
     * paths resolved in the host's file system. The runtime's pipe is closed after.
     * Hooks run in the container see the pid of init as the container sees it (1 with a new
     * PID namespace), as runtime.md asks. The createContainer hooks start in the rootfs, as
     * under runc; the runtime's hooks in the bundle.
     */
    private static void hooksBeforePivotRoot(ContainerContext context, Path rootfs) throws CrateException {
        if (InitProtocol.stopsForRuntimeHooks(context.spec())
                && !InitProtocol.awaitRuntimeHooks(InitProtocol.REPORT_FD, InitProtocol.CONTEXT_FD)) {
            Runtime.getRuntime().halt(CrateException.RUNTIME_ERROR); // the runtime gave up on us
        }
        Syscalls.closeQuietly(InitProtocol.CONTEXT_FD);
        if (!HookRunner.Kind.CREATE_CONTAINER.of(context.spec()).isEmpty()) {
            Syscalls.chdir(rootfs.toString()); // where runc runs them; pivot_root changes it anyway
        }
        HookRunner.run(HookRunner.Kind.CREATE_CONTAINER, context.spec(),
                HookRunner.state(context, State.Status.CREATING, Syscalls.getpid()));
    }

    /**
     * The cgroup namespace is created here rather than by the spawning thread: the runtime
     * puts init into its cgroup first (attach), and the namespace's root is the cgroup the
     * process is in when it unshares.
     */
    private static void joinCgroupNamespace(NamespacePlan plan) throws ErrnoException {
        if (plan.creates(Namespace.CGROUP)) {
            Syscalls.unshare(Namespace.CGROUP.cloneFlag());
        } else {
            Optional<String> path = plan.namespaces().getOrDefault(Namespace.CGROUP, Optional.empty());
            if (path.isPresent()) {
                Syscalls.setns(path.get(), Namespace.CGROUP);
            }
        }
    }

    private static void fail(int status, String message) {
        try {
            InitProtocol.reportFailure(InitProtocol.REPORT_FD, status, message);
        } catch (ErrnoException e) {
            // The runtime is gone; the exit status is all that is left to say.
        }
        Runtime.getRuntime().halt(status);
    }
}
