package crate.runtime;

import crate.api.CrateException;
import crate.api.spec.Process;
import crate.api.spec.State;
import crate.api.spi.ContainerContext;
import crate.api.spi.Isolator;
import crate.linux.Errno;
import crate.linux.ErrnoException;
import crate.linux.Fds;
import crate.linux.MountFlags;
import crate.linux.Namespace;
import crate.linux.Syscalls;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The container side of {@code crate init}: PID 1 of the container's namespaces, blocked
 * until the runtime sends the context. It then mounts the rootfs, lets every isolator mount
 * into it, runs the hooks due before pivot_root, lets every isolator enter (pivot_root,
 * credentials, ...), runs the startContainer hooks and executes the container's process in its own
 * place, from the same thread, so the thread's namespaces, credentials and filters carry over.
 */
public final class InitStage {
    /**
     * A system property of init's JVM: when set, init waits for start itself instead of
     * executing the {@link StartGate}. For the AOT training only, whose init must fail its
     * execve inside the JVM (a JVM writes its recording when it exits).
     */
    public static final String NO_START_GATE = "crate.init.noStartGate";
    /** Set once create's runtime has gone: failures are then told on the container's stderr. */
    private static boolean reportToStderr;
    /** The exec FIFO, open for writing once start has come; -1 before. */
    private static int startFifo = -1;
    /** Where this init's fds are: the protocol's follow the fds passed to the process. */
    private static InitFds fds = InitFds.NONE;

    private InitStage() {}

    /**
     * Never returns: the process becomes the container's, or exits with a reported failure.
     *
     * @param args init's command line: how many fds it is passed ({@link InitFds})
     */
    public static void run(Plugins plugins, List<String> args) {
        try {
            fds = InitFds.parse(args);
            Optional<InitProtocol.Request> received = InitProtocol.receiveRequest(fds.context());
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

    private static void enterAndExec(Plugins plugins, InitProtocol.Request request) throws CrateException {
        if (request.join()) {
            joinAndExec(plugins, request);
            return;
        }
        ContainerContext context = request.context();
        NamespacePlan plan = NamespacePlan.of(context.spec(), "config.json");
        if (plan.creates(Namespace.MOUNT)) {
            // The new mount namespace still shares propagation with the host's mounts:
            // cut it first, so that nothing mounted from here on reaches the host.
            Syscalls.mount(null, "/", null, MountFlags.MS_REC | MountFlags.MS_SLAVE, null);
        }
        joinCgroupNamespace(plan, request);
        joinSessionKeyring(context);
        Path rootfs = plugins.filesystem(context.filesystem()).mount(context);
        for (Isolator isolator : plugins.isolators()) {
            isolator.mount(context, rootfs);
        }
        hooksBeforePivotRoot(context, rootfs);
        // process.terminal: the pty after pivot_root, before the switch to the container's user.
        InitConsole console = InitConsole.of(context.spec().process(), fds.console(request));
        for (Isolator isolator : plugins.isolators()) {
            if (isolator.order() >= Isolator.ORDER_CREDENTIALS) {
                console.setUp(); // once
            }
            isolator.enter(context, rootfs);
        }
        console.setUp();
        Process process = context.spec().process();
        if (request.waitForStart()) {
            // A command that cannot run fails create, not start, as with runc.
            if (process.cwd() != null) {
                Syscalls.chdir(process.cwd());
            }
            String executable = CommandResolver.resolve(process.args().getFirst(), process.env());
            reportReady();
            if (HookRunner.Kind.START_CONTAINER.of(context.spec()).isEmpty() && System.getProperty(NO_START_GATE) == null) {
                waitBehindGate(executable, process); // returns only if the gate cannot run here
            }
            awaitStart();
        }
        // In the container, as its user, right before the process: where the spec puts them.
        HookRunner.run(HookRunner.Kind.START_CONTAINER, context.spec(),
                HookRunner.state(context, State.Status.CREATED, Syscalls.getpid()));
        execProcess(process);
    }

    /**
     * {@code crate exec}: this process is already in the container's other namespaces; it
     * joins the mount namespace (which puts it at the container's root), lets the isolators
     * apply the per-process settings, and executes the process.
     */
    private static void joinAndExec(Plugins plugins, InitProtocol.Request request) throws CrateException {
        ContainerContext context = request.context();
        Syscalls.unshare(Namespace.CLONE_FS);
        Syscalls.setns(fds.mountNamespace(), Namespace.MOUNT, "the container's mount namespace");
        Syscalls.closeQuietly(fds.mountNamespace());
        Syscalls.chdir("/");
        // process.terminal: a pty of the container's devpts, still as root.
        InitConsole.of(context.spec().process(), fds.console(request)).setUp();
        for (Isolator isolator : plugins.isolators()) {
            isolator.enterExec(context);
        }
        if (request.cgroup()) {
            pauseForRuntime(); // moved into the container's cgroup, as late as can be: the JVM's memory stays out
        }
        Syscalls.closeQuietly(fds.context());
        execProcess(context.spec().process());
    }

    /** chdir, resolve the command, clean fds and signals, and become the process. */
    private static void execProcess(Process process) throws CrateException {
        if (process.cwd() != null) {
            Syscalls.chdir(process.cwd());
        }
        String executable = CommandResolver.resolve(process.args().getFirst(), process.env());
        Syscalls.setCloexecFrom(fds.firstNotPassed()); // the passed fds are already at 3..
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
     * Tells the runtime that the container is created. From here on no one reads the report
     * pipe, so a later failure goes to the container's stderr.
     */
    private static void reportReady() throws CrateException {
        InitProtocol.reportReady(fds.report());
        Syscalls.closeQuietly(fds.report());
        reportToStderr = true;
    }

    /**
     * Lets the {@link StartGate} wait for start instead of this JVM, which then no longer
     * holds its memory while the container stays created. The process is prepared as
     * {@link #execProcess} does; the gate executes {@code executable} after start. Returns
     * only if the gate could not be loaded or executed: init then waits itself.
     */
    private static void waitBehindGate(String executable, Process process) throws ErrnoException {
        Optional<Integer> gate = StartGate.load();
        if (gate.isEmpty()) {
            return;
        }
        Syscalls.setCloexecFrom(fds.firstNotPassed()); // the passed fds are already at 3..
        Syscalls.keepOnExec(fds.execFifo()); // the gate's way to the FIFO; it closes it
        Syscalls.resetIgnoredSignals();
        Syscalls.clearSignalMask();
        try {
            StartGate.exec(gate.get(), fds.execFifo(), executable, process.args(), process.env());
        } catch (ErrnoException e) {
            Syscalls.closeQuietly(gate.get());
        }
    }

    /**
     * Blocks until {@code crate start} opens the exec FIFO. The FIFO is reopened through
     * /proc/self/fd: its path is on the host, out of reach after pivot_root. It stays open, close-on-exec:
     * start reads end of file once the process is executed, or a failure byte
     * ({@link #fail}) if init could not get there (a startContainer hook, execve).
     */
    private static void awaitStart() throws CrateException {
        int fifo = Syscalls.open("/proc/self/fd/" + fds.execFifo(), Syscalls.O_WRONLY | Syscalls.O_CLOEXEC);
        Syscalls.closeQuietly(fds.execFifo());
        Fds.writeAll(fifo, new byte[] {InitProtocol.STARTED});
        startFifo = fifo;
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
                && !InitProtocol.pauseForRuntime(fds.report(), fds.context())) {
            Runtime.getRuntime().halt(CrateException.RUNTIME_ERROR); // the runtime gave up on us
        }
        Syscalls.closeQuietly(fds.context());
        if (!HookRunner.Kind.CREATE_CONTAINER.of(context.spec()).isEmpty()) {
            Syscalls.chdir(rootfs.toString()); // where runc runs them; pivot_root changes it anyway
        }
        HookRunner.run(HookRunner.Kind.CREATE_CONTAINER, context.spec(),
                HookRunner.state(context, State.Status.CREATING, Syscalls.getpid()));
    }

    /**
     * The cgroup namespace is created here rather than by the spawning thread: its root is
     * the cgroup the process is in when it unshares, and the runtime moves init into the
     * container's cgroup for just that moment (see {@link InitProtocol#CGROUP}).
     */
    private static void joinCgroupNamespace(NamespacePlan plan, InitProtocol.Request request) throws ErrnoException {
        if (plan.creates(Namespace.CGROUP)) {
            if (request.cgroup()) {
                pauseForRuntime(); // moved in
            }
            Syscalls.unshare(Namespace.CGROUP.cloneFlag());
            if (request.cgroup()) {
                pauseForRuntime(); // moved back out
            }
        } else {
            Optional<String> path = plan.namespaces().getOrDefault(Namespace.CGROUP, Optional.empty());
            if (path.isPresent()) {
                Syscalls.setns(path.get(), Namespace.CGROUP);
            }
        }
    }

    /**
     * A session keyring of the container's own ("_ses." + id, as runc), so that its keys are
     * not the runtime's session's. Kernels without keys (ENOSYS) go without, as with runc.
     */
    private static void joinSessionKeyring(ContainerContext context) throws ErrnoException {
        if (context.isSet(ContainerContext.NO_NEW_KEYRING)) {
            return;
        }
        try {
            Syscalls.joinSessionKeyring("_ses." + context.id());
        } catch (ErrnoException e) {
            if (e.errno() != Errno.ENOSYS) {
                throw e;
            }
        }
    }

    private static void pauseForRuntime() throws ErrnoException {
        if (!InitProtocol.pauseForRuntime(fds.report(), fds.context())) {
            Runtime.getRuntime().halt(CrateException.RUNTIME_ERROR); // the runtime gave up on us
        }
    }

    private static void fail(int status, String message) {
        try {
            if (startFifo >= 0) {
                Fds.writeAll(startFifo, new byte[] {InitProtocol.NOT_EXECUTED});
            }
            if (reportToStderr) {
                Fds.writeAll(2, ("crate: " + message + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } else {
                InitProtocol.reportFailure(fds.report(), status, message);
            }
        } catch (ErrnoException e) {
            // The runtime is gone; the exit status is all that is left to say.
        }
        Runtime.getRuntime().halt(status);
    }
}
