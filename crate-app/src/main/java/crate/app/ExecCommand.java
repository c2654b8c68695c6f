package crate.app;

import crate.api.CrateException;
import crate.api.spec.LinuxCapabilities;
import crate.api.spec.Process;
import crate.api.spec.User;
import crate.linux.Capability;
import crate.runtime.PassedFds;
import crate.runtime.SpecJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code crate exec}: as runc's. The process is {@code --process FILE} (a runtime-spec
 * process JSON) or the command after the ID, with the container's own process settings
 * (env, cwd, user) as defaults that --env, --cwd and --user override.
 */
final class ExecCommand implements Callable<Integer> {
    private final GlobalOptions globals;
    private Path processFile;
    private boolean tty;
    private boolean detach;
    private Path pidFile;
    private Path consoleSocket;
    private List<String> env = new ArrayList<>();
    private String cwd;
    private String user;
    private int preserveFds;
    private List<Integer> additionalGids = new ArrayList<>();
    private List<String> addedCapabilities = new ArrayList<>();
    private String id;
    private List<String> command = new ArrayList<>();

    ExecCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    CommandSpec spec() {
        return CommandModel.of("exec", this, "Run a process in a running container.")
                .path("-p, --process", "FILE", "The process as runtime-spec JSON", v -> processFile = v)
                .flag("-t, --tty", "Allocate a pseudo-terminal; without --console-socket crate is its console", v -> tty = v)
                .flag("-d, --detach", "Do not wait for the process", v -> detach = v)
                .path("--pid-file", "FILE", "Write the process's pid to FILE", v -> pidFile = v)
                .path("--console-socket", "PATH", "Unix socket that receives the pty master (with a terminal)",
                        v -> consoleSocket = v)
                .list("-e, --env", "K=V", "Set an environment variable", v -> env = v)
                .option("--cwd", "DIR", "Working directory", v -> cwd = v)
                .option("-u, --user", "UID[:GID]", "User and group, as numbers", v -> user = v)
                .option("--preserve-fds", "N", "Pass crate's fds 3 to 3+N-1 to the process, as its 3, 4, ...", int.class,
                        v -> preserveFds = v)
                .add(CommandModel.listOption("-g, --additional-gids", "GID", "Additional group", Integer.class,
                        v -> additionalGids = v))
                .list("-c, --cap", "CAP", "Add a capability (CAP_NET_ADMIN or NET_ADMIN) to the process's bounding, "
                        + "effective and permitted sets", v -> addedCapabilities = v)
                .parameter("ID", v -> id = v)
                .parameters("CMD", "Command and arguments (without --process)", "0..*", v -> command = v)
                .spec();
    }

    @Override
    public Integer call() throws CrateException {
        String checked = ContainerIds.check(id);
        // runc's exec passes --preserve-fds only: socket activation is for the container's first process.
        PassedFds passed = PassedFds.of(preserveFds, false, System.getenv(), ProcessHandle.current().pid());
        var lifecycle = globals.lifecycle();
        Process container = lifecycle.state(checked).state().context().spec().process();
        Process process = processFile != null ? readProcess() : fromFlags(container);
        process = withCapabilities(process, container.capabilities());
        if (processFile == null) {
            process = process.withLsmLabels(container.apparmorProfile(), container.selinuxLabel());
        }
        if (tty) {
            process = process.withTerminal(true);
        }
        return lifecycle.exec(checked, process, detach, Optional.ofNullable(pidFile).map(Path::toAbsolutePath),
                Optional.ofNullable(consoleSocket), passed);
    }

    /**
     * The process's capabilities, as runc's exec: its own (--process) or else the container's,
     * plus --cap ones in the bounding, effective and permitted sets, and in the ambient set
     * when there are inheritable ones.
     */
    private Process withCapabilities(Process process, LinuxCapabilities container) throws CrateException {
        LinuxCapabilities own = process.capabilities() != null ? process.capabilities() : container;
        if (addedCapabilities.isEmpty()) {
            return process.withCapabilities(own);
        }
        LinuxCapabilities base = own != null ? own : new LinuxCapabilities(null, null, null, null, null);
        List<String> added = new ArrayList<>();
        for (String name : addedCapabilities) {
            added.add(Capability.fromUserName(name.strip()).orElseThrow(() -> new CrateException(
                    "--cap " + name + ": unknown capability (known: CAP_CHOWN to CAP_CHECKPOINT_RESTORE)")).specName());
        }
        return process.withCapabilities(new LinuxCapabilities(plus(base.bounding(), added), plus(base.effective(), added),
                base.inheritable(), plus(base.permitted(), added),
                base.inheritable().isEmpty() ? base.ambient() : plus(base.ambient(), added)));
    }

    private static List<String> plus(List<String> names, List<String> added) {
        List<String> result = new ArrayList<>(names);
        added.stream().filter(name -> !result.contains(name)).forEach(result::add);
        return result;
    }

    private Process readProcess() throws CrateException {
        if (!command.isEmpty()) {
            throw new CrateException("exec: give either --process or a command, not both");
        }
        try {
            return SpecJson.parseProcess(Files.readAllBytes(processFile), processFile.toString());
        } catch (IOException e) {
            throw new CrateException(processFile + ": cannot read: " + e.getMessage());
        }
    }

    private Process fromFlags(Process base) throws CrateException {
        if (command.isEmpty()) {
            throw new CrateException("exec: no command given: crate exec ID CMD [ARG...]");
        }
        List<String> environment = new ArrayList<>(base.env());
        for (String variable : env) {
            int eq = variable.indexOf('=');
            if (eq <= 0) {
                throw new CrateException("--env " + variable + ": expected K=V");
            }
            String key = variable.substring(0, eq + 1);
            environment.removeIf(e -> e.startsWith(key));
            environment.add(variable);
        }
        User identity = base.user();
        if (user != null) {
            String[] parts = user.split(":", 2);
            try {
                int uid = Integer.parseInt(parts[0]);
                int gid = parts.length == 2 ? Integer.parseInt(parts[1]) : 0;
                identity = new User(uid, gid, identity.umask(), identity.additionalGids());
            } catch (NumberFormatException e) {
                throw new CrateException("--user " + user + ": expected UID[:GID] as numbers");
            }
        }
        if (!additionalGids.isEmpty()) {
            identity = new User(identity.uid(), identity.gid(), identity.umask(), additionalGids);
        }
        return new Process(false, identity, command, environment, cwd != null ? cwd : base.cwd(), base.noNewPrivileges())
                .withRlimits(base.rlimits());
    }
}
