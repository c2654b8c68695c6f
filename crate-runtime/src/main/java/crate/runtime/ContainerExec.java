package crate.runtime;

import crate.api.CrateException;
import crate.api.spec.Process;
import crate.api.spec.State;
import crate.api.spi.ContainerCgroup;
import crate.api.spi.ContainerContext;
import crate.linux.Lsm;
import crate.linux.Namespace;
import crate.linux.Syscalls;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code crate exec}: another process in a running container. A new init joins the
 * container's namespaces (all but the mount namespace from the spawning thread, that one
 * itself), applies the process's own settings, joins the cgroup right before execve and
 * executes the process; crate waits for it unless detached.
 */
final class ContainerExec {
    private final Plugins plugins;
    private final InitCommand initCommand;

    ContainerExec(Plugins plugins, InitCommand initCommand) {
        this.plugins = plugins;
        this.initCommand = initCommand;
    }

    /**
     * Runs {@code process} in the container whose state and status are given.
     *
     * @return the process's exit status (128 + N if killed by signal N), or 0 when detached
     */
    int run(ContainerState state, State.Status status, Process process, boolean detach, Optional<Path> pidFile,
            Optional<Path> consoleSocket, PassedFds passed) throws CrateException {
        String id = state.id();
        if (status != State.Status.CREATED && status != State.Status.RUNNING) {
            throw new CrateException("cannot exec in container " + id + ": it is " + status.label());
        }
        if (process.args().isEmpty() || process.args().getFirst().isEmpty()) {
            throw new CrateException("exec: no command given");
        }
        if (process.cwd() != null && !process.cwd().startsWith("/")) {
            throw new CrateException("exec: the working directory must be absolute, not \"" + process.cwd() + "\"");
        }
        SpecValidator.validateCapabilities(process, "exec");
        SpecValidator.validateLsmLabels(process, null, "exec", Lsm::enabled);
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
            Optional<ContainerCgroup> cgroup = CgroupSteps.of(plugins, state);
            InitProtocol.sendContext(toInit[1], context, InitProtocol.JOIN | (cgroup.isPresent() ? InitProtocol.CGROUP : 0));
            if (cgroup.isPresent()) {
                CgroupSteps.joinBeforeExec(cgroup.get(), pid, toInit[1], fromInit[0]);
            }
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
                    PidFile.write(pidFile.get(), pid);
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
}
