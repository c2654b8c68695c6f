package crate.runtime;

import crate.api.spec.State;
import crate.api.CrateException;
import crate.api.spi.ContainerContext;
import crate.api.spi.Filesystem;
import crate.api.spi.Isolator;
import crate.linux.Errno;
import crate.linux.ErrnoException;
import crate.linux.Fds;
import crate.linux.Namespace;
import crate.linux.Signals;
import crate.linux.Syscalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runtime-spec lifecycle over on-disk state: create (init waits on the exec FIFO),
 * start, state, kill, delete, list. No daemon: every command reads the state, looks at the
 * init process through /proc, acts, and exits. Commands on one container take its lock.
 */
public final class Lifecycle {
    private static final long DEATH_TIMEOUT_MILLIS = 10_000;

    private final StateStore store;
    private final Plugins plugins;
    private final InitCommand initCommand;

    public Lifecycle(StateStore store, Plugins plugins, InitCommand initCommand) {
        this.store = store;
        this.plugins = plugins;
        this.initCommand = initCommand;
    }

    /** A container's state with its status, as {@code state} and {@code list} show it. */
    public record View(ContainerState state, State.Status status) {}

    /**
     * Creates the container: its namespaces, mounts and init, blocked before the user's
     * process until {@link #start}. On failure nothing is left: no state, no process, no mount.
     *
     * @param passed fds for the container's process (--preserve-fds, LISTEN_FDS)
     * @return init's pid
     */
    public int create(ContainerContext context, Optional<Path> pidFile, Optional<Path> consoleSocket, PassedFds passed)
            throws CrateException {
        NamespacePlan plan = SpecValidator.validate(context.spec(), context.bundle() + "/config.json");
        ConsoleSocket.check(context.spec().process(), consoleSocket, true);
        Path dir = store.create(context.id());
        Filesystem filesystem = plugins.filesystem(context.filesystem());
        List<Isolator> prepared = new ArrayList<>();
        OpenFds fds = new OpenFds();
        int pid = -1;
        boolean created = false;
        Optional<ConsoleSocket> console = Optional.empty();
        try (StateStore.Lock lock = store.lock(context.id())) {
            ContainerState state = new ContainerState(context.id(), 0, 0, context.bundle(),
                    context.bundleDir().resolve(context.spec().root().path()).normalize().toString(),
                    Instant.now().truncatedTo(ChronoUnit.NANOS).toString(), "root", context);
            store.write(state);
            Path fifo = dir.resolve(StateStore.EXEC_FIFO);
            Syscalls.mkfifo(fifo.toString(), 0622);
            int fifoFd = Syscalls.open(fifo.toString(), Syscalls.O_PATH | Syscalls.O_CLOEXEC);
            fds.add(fifoFd);
            filesystem.prepare(context);
            for (Isolator isolator : plugins.isolators()) {
                prepared.add(isolator);
                isolator.prepare(context);
            }
            console = ConsoleSocket.open(context.spec().process(), consoleSocket, true);
            int[] toInit = fds.pipe();
            int[] fromInit = fds.pipe();
            // process.terminal: the console socket follows the FIFO (InitProtocol.Request#consoleFd).
            int[] initFds = console.isPresent()
                    ? new int[] {0, 1, 2, toInit[0], fromInit[1], fifoFd, console.get().initEnd()}
                    : new int[] {0, 1, 2, toInit[0], fromInit[1], fifoFd};
            pid = InitSpawner.spawn(plan, initCommand, initFds, console.isPresent(), passed);
            fds.close(toInit[0], fromInit[1], fifoFd);
            console.ifPresent(ConsoleSocket::closeInitEnd);
            for (Isolator isolator : prepared) {
                isolator.attach(context, pid);
            }
            InitProtocol.sendContext(toInit[1], context, InitProtocol.WAIT_FOR_START);
            HookRunner.runtimeHooks(context, pid, toInit[1], fromInit[0]);
            fds.close(toInit[1]);
            switch (InitProtocol.await(fromInit[0])) {
                case InitProtocol.Ready ready -> { }
                case InitProtocol.Failed failed ->
                        throw new CrateException(failed.failure().message(), failed.failure().exitStatus());
                case InitProtocol.Executed executed ->
                        throw new CrateException("the container's init executed the process before start");
            }
            long startTime = InitProcess.startTime(pid)
                    .orElseThrow(() -> new CrateException("the container's init exited during create"));
            store.write(state.withInit(pid, startTime));
            if (pidFile.isPresent()) {
                writePidFile(pidFile.get(), pid);
            }
            created = true;
            return pid;
        } finally {
            console.ifPresent(ConsoleSocket::close);
            fds.close();
            if (!created) {
                if (pid > 0) {
                    InitProcess.killAndReap(pid);
                }
                release(context, prepared, filesystem);
                store.remove(context.id());
            }
        }
    }

    /** Lets the created container's init execute the user's process. */
    public void start(String id) throws CrateException {
        try (StateStore.Lock lock = store.lock(id)) {
            ContainerState state = store.read(id);
            State.Status status = status(state);
            if (status != State.Status.CREATED) {
                throw new CrateException("cannot start container " + id + ": it is " + status.label()
                        + (status == State.Status.RUNNING ? " already" : "") + ", not created");
            }
            Path fifo = store.dir(id).resolve(StateStore.EXEC_FIFO);
            int fd = Syscalls.open(fifo.toString(), Syscalls.O_RDONLY | Syscalls.O_NONBLOCK | Syscalls.O_CLOEXEC);
            try {
                awaitExecByte(fd, state);
            } finally {
                Syscalls.closeQuietly(fd);
            }
            try {
                Files.deleteIfExists(fifo);
            } catch (IOException e) {
                throw new CrateException("cannot remove " + fifo + ": " + e.getMessage());
            }
            HookRunner.warn(HookRunner.runAll(HookRunner.Kind.POSTSTART, state.context().spec(),
                    HookRunner.state(state.context(), State.Status.RUNNING, state.pid())));
        }
    }

    /**
     * Init opens the FIFO for writing as soon as a reader exists and writes one byte. Until
     * then a non-blocking read sees end of file; if init dies meanwhile, start fails instead
     * of hanging.
     */
    private static void awaitExecByte(int fd, ContainerState state) throws CrateException {
        byte[] buf = new byte[1];
        while (true) {
            int n = Fds.readNonBlocking(fd, buf);
            if (n > 0) {
                return;
            }
            if (!InitProcess.alive(state.pid(), state.startTime())) {
                throw new CrateException("cannot start container " + state.id() + ": its init process has exited");
            }
            sleep(2);
        }
    }

    /**
     * Runs another process in the container ({@code crate exec}): a new init joins the
     * container's namespaces, applies the process's own settings and executes it.
     *
     * @return the process's exit status (128 + N if killed by signal N), or 0 when detached
     */
    public int exec(String id, crate.api.spec.Process process, boolean detach, Optional<Path> pidFile,
            Optional<Path> consoleSocket, PassedFds passed) throws CrateException {
        ContainerState state = store.read(id);
        State.Status status = status(state);
        if (status != State.Status.CREATED && status != State.Status.RUNNING) {
            throw new CrateException("cannot exec in container " + id + ": it is " + status.label());
        }
        if (process.args().isEmpty() || process.args().getFirst().isEmpty()) {
            throw new CrateException("exec: no command given");
        }
        if (process.cwd() != null && !process.cwd().startsWith("/")) {
            throw new CrateException("exec: the working directory must be absolute, not \"" + process.cwd() + "\"");
        }
        ConsoleSocket.check(process, consoleSocket, detach);
        ContainerContext context = new ContainerContext(id, state.bundle(),
                state.context().spec().withProcess(process), state.context().filesystem());
        Optional<ConsoleSocket> console = Optional.empty();
        ConsoleProxy proxy = null;
        Map<Namespace, Integer> namespaces = new EnumMap<>(Namespace.class);
        OpenFds fds = new OpenFds();
        int pid = -1;
        try {
            for (Namespace type : List.of(Namespace.IPC, Namespace.UTS,
                    Namespace.NETWORK, Namespace.PID, Namespace.CGROUP,
                    Namespace.MOUNT)) {
                int fd = Syscalls.open("/proc/" + state.pid() + "/ns/" + type.procName(), Syscalls.O_RDONLY | Syscalls.O_CLOEXEC);
                fds.add(fd);
                namespaces.put(type, fd);
            }
            if (!InitProcess.alive(state.pid(), state.startTime())) {
                throw new CrateException("cannot exec in container " + id + ": it stopped meanwhile");
            }
            console = ConsoleSocket.open(process, consoleSocket, detach);
            if (console.isPresent() && console.get().receivingEnd().isPresent()) {
                context = ConsoleProxy.withHostSize(context, 0, 1);
            }
            int[] toInit = fds.pipe();
            int[] fromInit = fds.pipe();
            int mountNamespace = namespaces.get(Namespace.MOUNT);
            // process.terminal: the console socket follows the mount namespace (Request#consoleFd).
            int[] initFds = console.isPresent()
                    ? new int[] {0, 1, 2, toInit[0], fromInit[1], mountNamespace, console.get().initEnd()}
                    : new int[] {0, 1, 2, toInit[0], fromInit[1], mountNamespace};
            pid = InitSpawner.spawnJoined(namespaces, initCommand, initFds, console.isPresent(), passed);
            fds.close(toInit[0], fromInit[1]);
            namespaces.values().forEach(fd -> fds.close(fd));
            console.ifPresent(ConsoleSocket::closeInitEnd);
            InitProtocol.sendContext(toInit[1], context, InitProtocol.JOIN);
            fds.close(toInit[1]);
            if (console.isPresent() && console.get().receivingEnd().isPresent()) {
                // Empty if init failed before it sent the master: its report says why.
                proxy = ConsoleProxy.receive(console.get().receivingEnd().getAsInt(), 0, 1).orElse(null);
            }
            Optional<InitProtocol.Failure> failure = InitProtocol.awaitExec(fromInit[0]);
            if (failure.isPresent()) {
                Syscalls.waitpid(pid);
                pid = -1;
                throw new CrateException(failure.get().message(), failure.get().exitStatus());
            }
            if (detach) {
                if (pidFile.isPresent()) {
                    writePidFile(pidFile.get(), pid);
                }
                pid = -1;
                return 0;
            }
            try (SignalForwarder ignored = SignalForwarder.install(pid)) {
                int exit = Syscalls.waitpid(pid).shellStatus();
                pid = -1;
                if (proxy != null) {
                    proxy.drain();
                }
                return exit;
            }
        } finally {
            fds.close();
            if (pid > 0) {
                InitProcess.killAndReap(pid);
            }
            if (proxy != null) {
                proxy.close(); // crate's terminal back to normal before any message is printed
            }
            console.ifPresent(ConsoleSocket::close);
        }
    }

    /** The host pids of the container's processes, init first; empty when it is stopped. */
    public List<Integer> processes(String id) throws CrateException {
        ContainerState state = store.read(id);
        State.Status status = status(state);
        if (status == State.Status.STOPPED || status == State.Status.CREATING) {
            return List.of();
        }
        return ContainerProcesses.of(state.pid());
    }

    public View state(String id) throws CrateException {
        ContainerState state = store.read(id);
        return new View(state, status(state));
    }

    public List<View> list() throws CrateException {
        List<View> views = new ArrayList<>();
        for (String id : store.ids()) {
            try {
                views.add(state(id));
            } catch (CrateException e) {
                // Deleted between listing and reading: not there any more.
            }
        }
        return views;
    }

    /** Sends {@code signal} to init, or with {@code all} to every process of the container. */
    public void kill(String id, int signal, boolean all) throws CrateException {
        ContainerState state = store.read(id);
        State.Status status = status(state);
        if (status != State.Status.CREATED && status != State.Status.RUNNING && status != State.Status.PAUSED) {
            // "container not running" is runc's wording, which containerd's shim looks for to
            // tell a process that already finished from a real failure.
            throw new CrateException("cannot kill container " + id + ": container not running (it is " + status.label() + ")");
        }
        List<Integer> pids = all ? ContainerProcesses.of(state.pid()) : List.of(state.pid());
        for (int pid : pids) {
            try {
                Syscalls.kill(pid, signal);
            } catch (ErrnoException e) {
                if (e.errno() != Errno.ESRCH) {
                    throw e;
                }
            }
        }
    }

    /**
     * Stops a running container as {@code docker stop} does: SIGTERM to init, up to
     * {@code graceSeconds} for it to end, then SIGKILL to every process of the container.
     *
     * @return true if it ended within the grace period, false if it had to be killed
     */
    public boolean stop(String id, int graceSeconds) throws CrateException {
        ContainerState state = store.read(id);
        State.Status status = status(state);
        if (status == State.Status.STOPPED) {
            return true;
        }
        if (status == State.Status.CREATING) {
            throw new CrateException("cannot stop container " + id + ": it is still being created");
        }
        kill(id, Signals.SIGTERM, false);
        long deadline = System.currentTimeMillis() + graceSeconds * 1000L;
        while (System.currentTimeMillis() < deadline) {
            if (!InitProcess.alive(state.pid(), state.startTime())) {
                return true;
            }
            sleep(10);
        }
        for (int pid : ContainerProcesses.of(state.pid())) {
            try {
                Syscalls.kill(pid, Signals.SIGKILL);
            } catch (ErrnoException e) {
                // Gone meanwhile.
            }
        }
        awaitDeath(state);
        return false;
    }

    /**
     * Removes a stopped or created container; with {@code force} a running one too, after
     * killing every process in it. Releases what the plugins hold and the state directory.
     */
    public void delete(String id, boolean force) throws CrateException {
        try (StateStore.Lock lock = store.lock(id)) {
            ContainerState state = store.read(id);
            State.Status status = status(state);
            if ((status == State.Status.RUNNING || status == State.Status.PAUSED) && !force) {
                throw new CrateException("cannot delete container " + id + ": it is " + status.label()
                        + " (stop it first, or use --force)");
            }
            if (status != State.Status.STOPPED && state.pid() > 0) {
                for (int pid : ContainerProcesses.of(state.pid())) {
                    try {
                        Syscalls.kill(pid, Signals.SIGKILL);
                    } catch (ErrnoException e) {
                        // Gone already.
                    }
                }
                awaitDeath(state);
            }
            release(state.context(), plugins.isolators(), plugins.filesystem(state.context().filesystem()));
            store.remove(id);
            // runtime.md: poststop runs once the container is deleted; a failure only warns.
            HookRunner.warn(HookRunner.runAll(HookRunner.Kind.POSTSTOP, state.context().spec(),
                    HookRunner.state(state.context(), State.Status.STOPPED, 0)));
        }
    }

    /** The status now: derived from init's liveness and the exec FIFO, never from a cached field. */
    State.Status status(ContainerState state) {
        if (state.pid() == 0) {
            return State.Status.CREATING;
        }
        if (!InitProcess.alive(state.pid(), state.startTime())) {
            return State.Status.STOPPED;
        }
        return Files.exists(store.dir(state.id()).resolve(StateStore.EXEC_FIFO))
                ? State.Status.CREATED : State.Status.RUNNING;
    }

    private static void awaitDeath(ContainerState state) throws CrateException {
        long deadline = System.currentTimeMillis() + DEATH_TIMEOUT_MILLIS;
        while (InitProcess.alive(state.pid(), state.startTime())) {
            if (System.currentTimeMillis() > deadline) {
                throw new CrateException("container " + state.id() + ": init (pid " + state.pid()
                        + ") did not die within " + DEATH_TIMEOUT_MILLIS / 1000 + " s of SIGKILL");
            }
            sleep(5);
        }
    }

    private static void release(ContainerContext context, List<Isolator> isolators, Filesystem filesystem) {
        for (int i = isolators.size() - 1; i >= 0; i--) {
            isolators.get(i).release(context);
        }
        filesystem.release(context);
    }

    private static void writePidFile(Path file, int pid) throws CrateException {
        Path temp = file.resolveSibling(file.getFileName() + ".crate-tmp");
        try {
            Files.writeString(temp, Integer.toString(pid), StandardCharsets.US_ASCII);
            Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new CrateException("cannot write the pid file " + file + ": " + e.getMessage());
        }
    }

    private static void sleep(long millis) throws CrateException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CrateException("interrupted");
        }
    }
}
