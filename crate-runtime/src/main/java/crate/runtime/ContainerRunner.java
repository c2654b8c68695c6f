package crate.runtime;

import crate.api.CrateException;
import crate.api.spec.State;
import crate.api.spi.ContainerContext;
import crate.api.spi.Filesystem;
import crate.api.spi.Isolator;
import crate.linux.ErrnoException;
import crate.linux.Fds;
import crate.linux.Syscalls;
import crate.linux.WaitStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a container in the foreground, as {@code crate run} does: prepare, spawn init in new
 * namespaces, attach, run the hooks (prestart and createRuntime when init's mounts are
 * ready, poststart once the process runs, poststop after release), let init enter and
 * execute the process, forward signals, wait, and release everything, also when any step
 * fails.
 */
public final class ContainerRunner {
    private static final int SIGKILL = 9;

    private final Plugins plugins;
    private final InitCommand initCommand;

    public ContainerRunner(Plugins plugins, InitCommand initCommand) {
        this.plugins = plugins;
        this.initCommand = initCommand;
    }

    /** Checks a spec as every runtime must, before anything is created. */
    public static void validate(ContainerContext context, String source) throws CrateException {
        SpecValidator.validate(context.spec(), source);
    }

    /**
     * Runs the container without a console socket.
     *
     * @return the container's exit status, or 128 + N if signal N killed it
     * @throws CrateException when the container could not be started; nothing is left behind
     */
    public int run(ContainerContext context) throws CrateException {
        return run(context, Optional.empty());
    }

    /**
     * As {@link #run(ContainerContext)}, with a console socket for process.terminal.
     *
     * @param consoleSocket where the container's pty master goes when process.terminal is
     *     true (runc's {@code --console-socket}); without one, crate is the console itself
     *     ({@link ConsoleProxy}). Given with process.terminal false, it is an error.
     */
    public int run(ContainerContext context, Optional<Path> consoleSocket) throws CrateException {
        validate(context, "config.json");
        NamespacePlan plan = NamespacePlan.of(context.spec(), "config.json");
        Filesystem filesystem = plugins.filesystem(context.filesystem());
        Optional<ConsoleSocket> console = ConsoleSocket.open(context.spec().process(), consoleSocket, false);
        if (console.isPresent() && console.get().receivingEnd().isPresent()) {
            context = ConsoleProxy.withHostSize(context, 0, 1);
        }
        List<Isolator> prepared = new ArrayList<>();
        List<Integer> fds = new ArrayList<>();
        int pid = -1;
        boolean created = false;
        ConsoleProxy proxy = null;
        try {
            filesystem.prepare(context);
            for (Isolator isolator : plugins.isolators()) {
                prepared.add(isolator);
                isolator.prepare(context);
            }
            int[] toInit = Fds.pipe();
            fds.add(toInit[0]);
            fds.add(toInit[1]);
            int[] fromInit = Fds.pipe();
            fds.add(fromInit[0]);
            fds.add(fromInit[1]);
            int[] initFds = console.isPresent()
                    ? new int[] {0, 1, 2, toInit[0], fromInit[1], console.get().initEnd()}
                    : new int[] {0, 1, 2, toInit[0], fromInit[1]};
            pid = InitSpawner.spawn(plan, initCommand, initFds, console.isPresent());
            created = true;
            closeAll(fds, toInit[0], fromInit[1]);
            console.ifPresent(ConsoleSocket::closeInitEnd);
            try (SignalForwarder ignored = SignalForwarder.install(pid)) {
                for (Isolator isolator : prepared) {
                    isolator.attach(context, pid);
                }
                InitProtocol.sendContext(toInit[1], context, 0);
                runtimeHooks(context, pid, toInit[1], fromInit[0]);
                closeAll(fds, toInit[1]);
                if (console.isPresent() && console.get().receivingEnd().isPresent()) {
                    // Empty if init failed before it sent the master: its report says why.
                    proxy = ConsoleProxy.receive(console.get().receivingEnd().getAsInt(), 0, 1).orElse(null);
                }
                Optional<InitProtocol.Failure> failure = InitProtocol.awaitExec(fromInit[0]);
                if (failure.isEmpty()) {
                    warn(HookRunner.runAll(HookRunner.Kind.POSTSTART, context.spec(),
                            HookRunner.state(context, State.Status.RUNNING, pid)));
                }
                WaitStatus status = Syscalls.waitpid(pid);
                pid = -1;
                if (proxy != null) {
                    proxy.drain();
                }
                if (failure.isPresent()) {
                    throw new CrateException(failure.get().message(), failure.get().exitStatus());
                }
                return status.shellStatus();
            }
        } finally {
            if (pid > 0) {
                killAndReap(pid);
            }
            if (proxy != null) {
                proxy.close(); // crate's terminal back to normal before any message is printed
            }
            console.ifPresent(ConsoleSocket::close);
            closeAll(fds, fds.stream().mapToInt(Integer::intValue).toArray());
            for (int i = prepared.size() - 1; i >= 0; i--) {
                prepared.get(i).release(context);
            }
            filesystem.release(context);
            if (created) {
                // runtime.md: poststop runs once the container is deleted, also after a failed create.
                warn(HookRunner.runAll(HookRunner.Kind.POSTSTOP, context.spec(),
                        HookRunner.state(context, State.Status.STOPPED, 0)));
            }
        }
    }

    /**
     * The prestart and createRuntime hooks, on the host, once init has set up the
     * container's mounts and waits before pivot_root (see {@link InitProtocol}). A hook that
     * fails fails the run: init is then killed and everything released.
     */
    static void runtimeHooks(ContainerContext context, int pid, int toInit, int fromInit)
            throws CrateException {
        if (!InitProtocol.stopsForRuntimeHooks(context.spec())) {
            return;
        }
        Optional<InitProtocol.Failure> failure = InitProtocol.awaitHooksReady(fromInit);
        if (failure.isPresent()) {
            throw new CrateException(failure.get().message(), failure.get().exitStatus());
        }
        State state = HookRunner.state(context, State.Status.CREATING, pid);
        HookRunner.run(HookRunner.Kind.PRESTART, context.spec(), state);
        HookRunner.run(HookRunner.Kind.CREATE_RUNTIME, context.spec(), state);
        InitProtocol.hooksDone(toInit);
    }

    /** The spec makes a failed poststart or poststop hook a warning: one line on stderr each. */
    static void warn(List<String> warnings) {
        for (String warning : warnings) {
            System.err.println("crate: warning: " + warning);
        }
    }

    private static void killAndReap(int pid) {
        try {
            Syscalls.kill(pid, SIGKILL);
            Syscalls.waitpid(pid);
        } catch (ErrnoException e) {
            // Already reaped or never started: nothing left to end.
        }
    }

    private static void closeAll(List<Integer> open, int... fds) {
        for (int fd : fds) {
            if (open.remove(Integer.valueOf(fd))) {
                Syscalls.closeQuietly(fd);
            }
        }
    }
}
