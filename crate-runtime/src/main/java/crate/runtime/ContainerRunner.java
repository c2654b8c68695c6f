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
        return run(context, Optional.empty(), PassedFds.NONE);
    }

    /**
     * As {@link #run(ContainerContext)}, with a console socket for process.terminal.
     *
     * @param consoleSocket where the container's pty master goes when process.terminal is
     *     true (runc's {@code --console-socket}); without one, crate is the console itself
     *     ({@link ConsoleProxy}). Given with process.terminal false, it is an error.
     * @param passed fds for the container's process (--preserve-fds, LISTEN_FDS)
     */
    public int run(ContainerContext context, Optional<Path> consoleSocket, PassedFds passed) throws CrateException {
        NamespacePlan plan = SpecValidator.validate(context.spec(), "config.json");
        Filesystem filesystem = plugins.filesystem(context.filesystem());
        Optional<ConsoleSocket> console = ConsoleSocket.open(context.spec().process(), consoleSocket, false);
        if (console.isPresent() && console.get().receivingEnd().isPresent()) {
            context = ConsoleProxy.withHostSize(context, 0, 1);
        }
        List<Isolator> prepared = new ArrayList<>();
        OpenFds fds = new OpenFds();
        int pid = -1;
        boolean created = false;
        ConsoleProxy proxy = null;
        try {
            filesystem.prepare(context);
            for (Isolator isolator : plugins.isolators()) {
                prepared.add(isolator);
                isolator.prepare(context);
            }
            int[] toInit = fds.pipe();
            int[] fromInit = fds.pipe();
            int[] initFds = console.isPresent()
                    ? new int[] {0, 1, 2, toInit[0], fromInit[1], console.get().initEnd()}
                    : new int[] {0, 1, 2, toInit[0], fromInit[1]};
            pid = InitSpawner.spawn(plan, initCommand, initFds, console.isPresent(), passed);
            created = true;
            fds.close(toInit[0], fromInit[1]);
            console.ifPresent(ConsoleSocket::closeInitEnd);
            try (SignalForwarder ignored = SignalForwarder.install(pid)) {
                for (Isolator isolator : prepared) {
                    isolator.attach(context, pid);
                }
                InitProtocol.sendContext(toInit[1], context, 0);
                HookRunner.runtimeHooks(context, pid, toInit[1], fromInit[0]);
                fds.close(toInit[1]);
                if (console.isPresent() && console.get().receivingEnd().isPresent()) {
                    // Empty if init failed before it sent the master: its report says why.
                    proxy = ConsoleProxy.receive(console.get().receivingEnd().getAsInt(), 0, 1).orElse(null);
                }
                Optional<InitProtocol.Failure> failure = InitProtocol.awaitExec(fromInit[0]);
                if (failure.isEmpty()) {
                    HookRunner.warn(HookRunner.runAll(HookRunner.Kind.POSTSTART, context.spec(),
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
                InitProcess.killAndReap(pid);
            }
            if (proxy != null) {
                proxy.close(); // crate's terminal back to normal before any message is printed
            }
            console.ifPresent(ConsoleSocket::close);
            fds.close();
            for (int i = prepared.size() - 1; i >= 0; i--) {
                prepared.get(i).release(context);
            }
            filesystem.release(context);
            if (created) {
                // runtime.md: poststop runs once the container is deleted, also after a failed create.
                HookRunner.warn(HookRunner.runAll(HookRunner.Kind.POSTSTOP, context.spec(),
                        HookRunner.state(context, State.Status.STOPPED, 0)));
            }
        }
    }
}
