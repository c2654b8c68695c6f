package crate.runtime;

import crate.api.CrateException;
import crate.api.spec.Process;
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
 * until the runtime sends the context. It then mounts the rootfs, lets every isolator enter
 * (mounts, pivot_root, credentials, ...) and executes the container's process in its own
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
            Syscalls.closeQuietly(InitProtocol.CONTEXT_FD);
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
        // process.terminal: the pty after pivot_root, before the switch to the container's user.
        InitConsole console = InitConsole.of(context.spec().process(), InitProtocol.CONSOLE_FD);
        for (Isolator isolator : plugins.isolators()) {
            if (isolator.order() >= Isolator.ORDER_CREDENTIALS) {
                console.setUp(); // once
            }
            isolator.enter(context, rootfs);
        }
        console.setUp();
        Process process = context.spec().process();
        if (process.cwd() != null) {
            Syscalls.chdir(process.cwd());
        }
        String executable = CommandResolver.resolve(process.args().getFirst(), process.env());
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
