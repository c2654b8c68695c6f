package crate.runtime;

import crate.api.spec.LinuxResources;
import crate.api.spec.State;
import crate.api.CrateException;
import crate.api.spi.ContainerCgroup;
import crate.api.spi.ContainerContext;
import crate.api.spi.Filesystem;
import crate.api.spi.Isolator;
import crate.api.spi.NetworkDriver;
import crate.linux.Errno;
import crate.linux.ErrnoException;
import crate.linux.Namespace;
import crate.linux.Signals;
import crate.linux.Syscalls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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

    /** Checks a spec as every runtime must, before anything is created. */
    public static void validate(ContainerContext context, String source) throws CrateException {
        SpecValidator.validate(context.spec(), source);
    }

    /**
     * Creates the container: its namespaces, mounts and init, blocked before the user's
     * process until {@link #start}. On failure nothing is left: no state, no process, no mount.
     *
     * @param passed fds for the container's process (--preserve-fds, LISTEN_FDS)
     * @return init's pid
     */
    public int create(ContainerContext context, Optional<Path> pidFile, Optional<Path> consoleSocket, PassedFds passed)
            throws CrateException {
        return create(context, pidFile, consoleSocket, true, passed).pid();
    }

    /**
     * Runs the container in the foreground, as {@code runc run}: create, start, wait for the
     * process to end, delete. While it runs the container has its state like any other
     * ({@code crate state}, {@code crate ps} see it); signals to crate are forwarded to it.
     *
     * @param pidFile where to write init's pid, if anywhere
     * @param consoleSocket where the pty master goes when process.terminal is true; without
     *     one, crate is the container's console itself ({@link ConsoleProxy})
     * @param passed fds for the container's process (--preserve-fds, LISTEN_FDS)
     * @return the process's exit status, or 128 + N if signal N killed it
     */
    public int run(ContainerContext context, Optional<Path> pidFile, Optional<Path> consoleSocket, PassedFds passed)
            throws CrateException {
        try (SignalForwarder forwarder = SignalForwarder.install()) {
            Created created = create(context, pidFile, consoleSocket, false, passed);
            ConsoleProxy proxy = created.proxy();
            boolean reaped = false;
            try {
                // If init fails instead of executing the process, it has said why on stderr:
                // its exit status is the run's.
                if (startProcess(context.id())) {
                    forwarder.forwardTo(created.pid());
                }
                int status = Syscalls.waitpid(created.pid()).shellStatus();
                reaped = true;
                if (proxy != null) {
                    proxy.drain();
                }
                return status;
            } finally {
                if (!reaped) {
                    InitProcess.killAndReap(created.pid());
                }
                if (proxy != null) {
                    proxy.close(); // crate's terminal back to normal before any message is printed
                }
                delete(context.id(), true);
            }
        }
    }

    /** A created container's init, and crate's side of its console when crate is the console. */
    private record Created(int pid, ConsoleProxy proxy) {}

    /**
     * @param detached whether crate goes away after create (create, run -d): then a terminal
     *     needs a console socket; otherwise crate can be the console itself
     */
    private Created create(ContainerContext context, Optional<Path> pidFile, Optional<Path> consoleSocket,
            boolean detached, PassedFds passed) throws CrateException {
        context = NetworkSteps.configure(plugins, context);
        NamespacePlan plan = SpecValidator.validate(context.spec(), context.bundle() + "/config.json");
        ConsoleSocket.check(context.spec().process(), consoleSocket, detached);
        Filesystem filesystem = plugins.filesystem(context.filesystem());
        Optional<NetworkDriver> network = NetworkSteps.driver(plugins, context, plan);
        Path dir = store.create(context.id());
        context = context.withOption(ContainerContext.STATE_DIR, dir.toString());
        List<Isolator> prepared = new ArrayList<>();
        OpenFds fds = new OpenFds();
        int pid = -1;
        boolean created = false;
        Optional<ConsoleSocket> console = Optional.empty();
        ConsoleProxy proxy = null;
        Optional<ContainerCgroup> cgroup = Optional.empty();
        try (StateStore.Lock lock = store.lock(context.id())) {
            console = ConsoleSocket.open(context.spec().process(), consoleSocket, detached);
            boolean crateIsConsole = console.isPresent() && console.get().receivingEnd().isPresent();
            if (crateIsConsole) {
                context = ConsoleProxy.withHostSize(context, 0, 1);
            }
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
            cgroup = CgroupSteps.create(plugins, context);
            if (cgroup.isPresent()) {
                context = context.withCgroupPaths(cgroup.get().paths());
                state = state.withCgroup(cgroup.get().paths());
                store.write(state); // a delete after a crash finds the cgroup
            }
            int[] toInit = fds.pipe();
            int[] fromInit = fds.pipe();
            // process.terminal: the console socket follows the FIFO (InitProtocol.Request#consoleFd).
            int[] initFds = console.isPresent()
                    ? new int[] {0, 1, 2, toInit[0], fromInit[1], fifoFd, console.get().initEnd()}
                    : new int[] {0, 1, 2, toInit[0], fromInit[1], fifoFd};
            pid = InitSpawner.spawn(plan, initCommand, initFds, console.isPresent(), passed);
            // Read now, while init waits for its context: once ready it execs the start gate,
            // and its stat is briefly unreadable while its pid is handed over.
            long startTime = InitProcess.startTime(pid)
                    .orElseThrow(() -> new CrateException("the container's init exited during create"));
            fds.close(toInit[0], fromInit[1], fifoFd);
            console.ifPresent(ConsoleSocket::closeInitEnd);
            for (Isolator isolator : prepared) {
                isolator.attach(context, pid);
            }
            if (network.isPresent()) {
                state = state.withNetwork(NetworkSteps.attach(network.get(), context, pid));
                store.write(state);
            }
            context = NetworkSteps.files(plugins, context, dir, state.network() == null ? Map.of() : state.network());
            boolean visit = cgroup.isPresent() && plan.creates(Namespace.CGROUP);
            InitProtocol.sendContext(toInit[1], context, InitProtocol.WAIT_FOR_START | (visit ? InitProtocol.CGROUP : 0));
            if (visit) {
                CgroupSteps.visitForNamespace(cgroup.get(), pid, toInit[1], fromInit[0]);
            }
            HookRunner.runtimeHooks(context, pid, toInit[1], fromInit[0]);
            fds.close(toInit[1]);
            if (crateIsConsole) {
                // Empty if init failed before it sent the master: its report says why.
                proxy = ConsoleProxy.receive(console.get().receivingEnd().getAsInt(), 0, 1).orElse(null);
            }
            switch (InitProtocol.await(fromInit[0])) {
                case InitProtocol.Ready ready -> { }
                case InitProtocol.Failed failed ->
                        throw new CrateException(failed.failure().message(), failed.failure().exitStatus());
                case InitProtocol.Executed executed ->
                        throw new CrateException("the container's init executed the process before start");
            }
            if (cgroup.isPresent()) {
                // Init's work is done: only the user's process will allocate from here on.
                cgroup.get().add(pid);
            }
            store.write(state.withInit(pid, startTime));
            if (pidFile.isPresent()) {
                PidFile.write(pidFile.get(), pid);
            }
            created = true;
            return new Created(pid, proxy);
        } finally {
            console.ifPresent(ConsoleSocket::close);
            fds.close();
            if (!created) {
                if (proxy != null) {
                    proxy.close();
                }
                if (pid > 0) {
                    InitProcess.killAndReap(pid);
                }
                if (pid > 0) {
                    NetworkSteps.detach(plugins, context);
                }
                destroy(cgroup);
                release(context, prepared, filesystem);
                store.remove(context.id());
                if (pid > 0) {
                    // runtime.md: a failed create goes on to the poststop hooks once the container existed.
                    HookRunner.warn(HookRunner.runAll(HookRunner.Kind.POSTSTOP, context.spec(),
                            HookRunner.state(context, State.Status.STOPPED, 0)));
                }
            }
        }
    }

    /** Lets the created container's init execute the user's process. */
    public void start(String id) throws CrateException {
        if (!startProcess(id)) {
            throw new CrateException("cannot start container " + id
                    + ": its init failed before it executed the process (its stderr says why)");
        }
    }

    /**
     * Opens the exec FIFO, waits until init executed the process, then runs the poststart hooks.
     *
     * @return false if init failed instead (it said why on the container's stderr and exits)
     */
    private boolean startProcess(String id) throws CrateException {
        try (StateStore.Lock lock = store.lock(id)) {
            ContainerState state = store.read(id);
            State.Status status = status(state);
            if (status != State.Status.CREATED) {
                throw new CrateException("cannot start container " + id + ": it is " + status.label()
                        + (status == State.Status.RUNNING ? " already" : "") + ", not created");
            }
            boolean executed = ExecFifo.start(store.dir(id).resolve(StateStore.EXEC_FIFO), state);
            if (executed) {
                HookRunner.warn(HookRunner.runAll(HookRunner.Kind.POSTSTART, state.context().spec(),
                        HookRunner.state(state.context(), State.Status.RUNNING, state.pid())));
            }
            return executed;
        }
    }

    /**
     * Runs another process in the container ({@code crate exec}); see {@link ContainerExec}.
     *
     * @return the process's exit status (128 + N if killed by signal N), or 0 when detached
     */
    public int exec(String id, crate.api.spec.Process process, boolean detach, Optional<Path> pidFile,
            Optional<Path> consoleSocket, PassedFds passed) throws CrateException {
        ContainerState state = store.read(id);
        return new ContainerExec(plugins, initCommand).run(state, status(state), process, detach, pidFile, consoleSocket, passed);
    }

    /** The host pids of the container's processes, init first; empty when it is stopped. */
    public List<Integer> processes(String id) throws CrateException {
        ContainerState state = store.read(id);
        State.Status status = status(state);
        if (status == State.Status.STOPPED || status == State.Status.CREATING) {
            return List.of();
        }
        return processesOf(state);
    }

    /** Every process of the container: its cgroup's, or init's descendants when it has no cgroup. */
    private List<Integer> processesOf(ContainerState state) throws CrateException {
        Optional<ContainerCgroup> cgroup = CgroupSteps.of(plugins, state);
        if (cgroup.isEmpty()) {
            return ContainerProcesses.of(state.pid());
        }
        List<Integer> pids = new ArrayList<>(cgroup.get().pids());
        // init first, as runc's ps and containerd expect
        if (pids.remove(Integer.valueOf(state.pid()))) {
            pids.addFirst(state.pid());
        }
        return pids;
    }

    public View state(String id) throws CrateException {
        ContainerState state = store.read(id);
        return new View(state, status(state));
    }

    /**
     * Asks the container's network driver whether the attachment is still as it left it
     * (CNI's CHECK); a container without a driver of its own, or sharing the host's
     * network, has nothing to check.
     *
     * @return whether there was anything to check
     */
    public boolean checkNetwork(String id) throws CrateException {
        try (StateStore.Lock lock = store.lock(id)) {
            ContainerState state = store.read(id);
            State.Status status = status(state);
            if (status == State.Status.STOPPED) {
                throw new CrateException("container " + id + " is stopped: its network namespace is gone");
            }
            return NetworkSteps.check(plugins, state.context(), state.pid());
        }
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
        Optional<ContainerCgroup> cgroup = all ? CgroupSteps.of(plugins, state) : Optional.empty();
        if (cgroup.isPresent()) {
            cgroup.get().signalAll(signal);
            return;
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
            Waits.sleep(10);
        }
        killAll(state);
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
                killAll(state);
                awaitDeath(state);
            }
            Optional<ContainerCgroup> cgroup = CgroupSteps.of(plugins, state);
            if (cgroup.isPresent()) {
                cgroup.get().destroy(); // kills what is left in it (a daemon that left init), thaws a paused one
                removeEmptyParent(cgroup.get());
            }
            NetworkSteps.detach(plugins, state.context());
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
        if (Files.exists(store.dir(state.id()).resolve(StateStore.EXEC_FIFO))) {
            return State.Status.CREATED;
        }
        try {
            Optional<ContainerCgroup> cgroup = CgroupSteps.of(plugins, state);
            return cgroup.isPresent() && cgroup.get().frozen() ? State.Status.PAUSED : State.Status.RUNNING;
        } catch (CrateException e) {
            return State.Status.RUNNING; // init lives; its cgroup cannot be read (gone while init exits)
        }
    }

    /** SIGKILL to every process of the container (a paused one is thawed for them to die). */
    private void killAll(ContainerState state) throws CrateException {
        Optional<ContainerCgroup> cgroup = CgroupSteps.of(plugins, state);
        if (cgroup.isPresent()) {
            cgroup.get().signalAll(Signals.SIGKILL);
            if (cgroup.get().frozen()) {
                cgroup.get().thaw();
            }
            return;
        }
        for (int pid : ContainerProcesses.of(state.pid())) {
            try {
                Syscalls.kill(pid, Signals.SIGKILL);
            } catch (ErrnoException e) {
                // Gone meanwhile.
            }
        }
    }

    /** Freezes every process of a running container ({@code crate pause}). */
    public void pause(String id) throws CrateException {
        cgroupCommands().pause(id);
    }

    /** Thaws a paused container ({@code crate resume}). */
    public void resume(String id) throws CrateException {
        cgroupCommands().resume(id);
    }

    /** Changes the limits of a created, running or paused container ({@code crate update}). */
    public void update(String id, LinuxResources resources) throws CrateException {
        cgroupCommands().update(id, resources);
    }

    /** The container's cgroup, for {@code crate events}: its stats and OOM kills. */
    public ContainerCgroup cgroup(String id) throws CrateException {
        return cgroupCommands().cgroup(id);
    }

    private CgroupCommands cgroupCommands() {
        return new CgroupCommands(store, plugins, this::status);
    }

    private static void awaitDeath(ContainerState state) throws CrateException {
        long deadline = System.currentTimeMillis() + DEATH_TIMEOUT_MILLIS;
        while (InitProcess.alive(state.pid(), state.startTime())) {
            if (System.currentTimeMillis() > deadline) {
                throw new CrateException("container " + state.id() + ": init (pid " + state.pid()
                        + ") did not die within " + DEATH_TIMEOUT_MILLIS / 1000 + " s of SIGKILL");
            }
            Waits.sleep(5);
        }
    }

    /** The manager's default parent goes with its last container (see CgroupManager#removeEmptyParent). */
    private void removeEmptyParent(ContainerCgroup cgroup) throws CrateException {
        plugins.cgroups().ifPresent(manager -> manager.removeEmptyParent(cgroup.paths()));
    }

    /** Removes a cgroup on a failure path: a second error must not hide the first, so it only warns. */
    private void destroy(Optional<ContainerCgroup> cgroup) {
        if (cgroup.isPresent()) {
            try {
                cgroup.get().destroy();
                removeEmptyParent(cgroup.get());
            } catch (CrateException e) {
                System.err.println("crate: warning: cannot remove cgroup " + cgroup.get().path() + ": " + e.getMessage());
            }
        }
    }

    private static void release(ContainerContext context, List<Isolator> isolators, Filesystem filesystem) {
        for (int i = isolators.size() - 1; i >= 0; i--) {
            isolators.get(i).release(context);
        }
        filesystem.release(context);
    }


}
