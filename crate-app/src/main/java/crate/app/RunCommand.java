package crate.app;

import crate.api.CrateException;
import crate.api.spec.LinuxResources;
import crate.api.spec.Spec;
import crate.api.spi.ContainerContext;
import crate.runtime.Lifecycle;
import crate.runtime.PassedFds;
import crate.runtime.SpecJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code crate run}: runs a container in the foreground and exits with its status.
 *
 * <p>Either {@code --bundle DIR ID} (an OCI bundle, as runc) or {@code [-r ROOTFS] CMD...}
 * (a spec made from the flags, as Docker). Without -r, the rootfs is the host's root file
 * system under a throwaway overlay layer.
 */
@Command(
        name = "run",
        description = {
            "Run a command in a new container and wait for it.",
            "  crate run [-t] [-r ROOTFS] [-H HOSTNAME] [-e K=V] [-w DIR] [-u USER[:GROUP]]",
            "            [--memory SIZE] [--cpus N] [--pids-limit N] ... [--] CMD [ARG...]",
            "  crate run --bundle DIR [--console-socket PATH] ID",
        },
        mixinStandardHelpOptions = true,
        sortOptions = false)
final class RunCommand implements Callable<Integer> {

    @Option(names = {"-b", "--bundle"}, paramLabel = "DIR", description = "OCI bundle (config.json and rootfs); then the argument is the container ID")
    Path bundle;

    @Option(names = {"-r", "--rootfs"}, paramLabel = "ROOTFS", description = "Root file system directory (default: the host's root under a throwaway overlay)")
    Path rootfs;

    @Option(names = {"-H", "--hostname"}, description = "Container host name (default: the container ID)")
    String hostname;

    @Option(names = {"-e", "--env"}, paramLabel = "K=V", description = "Set an environment variable (K alone: take its value from crate's environment)")
    List<String> env = new ArrayList<>();

    @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "Working directory inside the container (default /)")
    String workdir;

    @Option(names = {"-u", "--user"}, paramLabel = "USER[:GROUP]", description = "User and group, numbers or names from the rootfs's /etc/passwd and /etc/group")
    String user;

    @Option(names = "--read-only", description = "Mount the container's root file system read-only (root.readonly)")
    boolean readOnly;

    @Option(names = "--name", paramLabel = "ID", description = "Container ID (default: random)")
    String name;

    @Option(names = {"-d", "--detach"}, description = "Start the container and return; it keeps its state until crate delete (without it, the container is deleted when its process ends)")
    boolean detach;

    @Option(names = "--pid-file", paramLabel = "FILE", description = "Write the init process's pid to FILE")
    Path pidFile;

    @picocli.CommandLine.ParentCommand Main main;

    @Option(names = {"-t", "--tty"}, description = "Give the command a terminal (a pty), with crate as its console: raw mode, window size")
    boolean tty;

    @Option(names = "--console-socket", paramLabel = "PATH", description = "Unix socket to send the container's pty master to (process.terminal), as runc")
    Path consoleSocket;

    @Option(names = "--network", paramLabel = "DRIVER", description = "Network driver that connects the container "
            + "(default: network.default of the config, none: loopback only; `crate plugins` lists the drivers). "
            + "With --bundle only when given")
    String network;

    @Option(names = "--security-opt", paramLabel = "OPT", description = "seccomp=unconfined (no filter) or "
            + "seccomp=FILE (a profile, OCI or Docker format; default: Docker's default profile); apparmor=PROFILE|unconfined; "
            + "label=user:U|role:R|type:T|level:L|disable")
    List<String> securityOpts = new ArrayList<>();

    @picocli.CommandLine.Mixin ResourceFlags resources = new ResourceFlags();
    @picocli.CommandLine.Mixin CreateOptions options = new CreateOptions();
    @picocli.CommandLine.Mixin CapabilityFlags capabilityFlags = new CapabilityFlags();

    @Parameters(paramLabel = "CMD", description = "Command and arguments; with --bundle, the container ID")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() throws CrateException {
        PassedFds passed = options.passedFds();
        ContainerContext context = options.apply(bundle != null ? fromBundle() : fromFlags(), passed);
        // A container made from flags gets network.default; a bundle's config.json decides its own network.
        String driver = network != null ? network : bundle == null ? main.globals.config().network().defaultDriver() : null;
        if (driver != null) {
            context = context.withOption(ContainerContext.NETWORK, driver);
        }
        if (detach) {
            var lifecycle = main.globals.lifecycle();
            lifecycle.create(context, Optional.ofNullable(pidFile).map(Path::toAbsolutePath), Optional.ofNullable(consoleSocket),
                    passed);
            try {
                lifecycle.start(context.id());
            } catch (CrateException e) {
                lifecycle.delete(context.id(), true);
                throw e;
            }
            if (bundle == null) {
                System.out.println(context.id());
            }
            return 0;
        }
        return main.globals.lifecycle().run(context, Optional.ofNullable(pidFile).map(Path::toAbsolutePath),
                Optional.ofNullable(consoleSocket), passed);
    }

    private ContainerContext fromBundle() throws CrateException {
        if (readOnly) {
            throw new CrateException("--bundle takes root.readonly from config.json: --read-only does not apply");
        }
        if (rootfs != null || hostname != null || !env.isEmpty() || workdir != null || user != null || name != null || tty
                || !resources.resources().equals(LinuxResources.NONE)) {
            throw new CrateException("--bundle takes its settings from config.json: -r, -H, -e, -w, -u, --name, -t and "
                    + "the resource flags do not apply" + (tty ? " (a terminal is process.terminal)" : ""));
        }
        if (!securityOpts.isEmpty()) {
            throw new CrateException("--bundle takes its settings from config.json: --security-opt does not apply "
                    + "(linux.seccomp)");
        }
        if (capabilityFlags.given()) {
            throw new CrateException("--bundle takes its settings from config.json: --cap-add, --cap-drop and --privileged "
                    + "do not apply (process.capabilities)");
        }
        if (command.size() != 1) {
            throw new CrateException("--bundle needs exactly one argument, the container ID (got " + command.size() + ")");
        }
        String id = ContainerIds.check(command.getFirst());
        Path dir = bundle.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new CrateException("bundle " + dir + " is not a directory");
        }
        String source = dir.resolve("config.json").toString();
        Spec spec = SpecJson.read(dir.resolve("config.json"));
        ContainerContext context = new ContainerContext(id, dir.toString(), spec, "bundle");
        Lifecycle.validate(context, source);
        return context;
    }

    private ContainerContext fromFlags() throws CrateException {
        if (command.isEmpty()) {
            throw new CrateException("no command given: crate run [-r ROOTFS] CMD [ARG...]");
        }
        String id = name != null ? ContainerIds.check(name) : randomId();
        Path root = rootfs == null ? Path.of("/") : rootfs.toAbsolutePath().normalize();
        Spec spec = SecurityOptFlags.apply(capabilityFlags.apply(DefaultSpec.of(command, root.toString(), readOnly)
                .withHostname(hostname != null ? hostname : id)), securityOpts);
        LinuxResources limits = resources.resources();
        if (!limits.equals(LinuxResources.NONE)) {
            spec = spec.withLinux(spec.linux().withResources(limits));
        }
        List<String> environment = new ArrayList<>(spec.process().env());
        environment.add("HOSTNAME=" + spec.hostname());
        for (String variable : env) {
            addEnv(environment, variable);
        }
        var process = spec.process().withEnv(environment).withTerminal(tty);
        if (workdir != null) {
            if (!workdir.startsWith("/")) {
                throw new CrateException("--workdir " + workdir + ": must be an absolute path");
            }
            process = process.withCwd(workdir);
        }
        if (user != null) {
            process = process.withUser(UserSpec.parse(user, root));
        }
        Path cwd = Path.of("").toAbsolutePath();
        spec = spec.withProcess(process);
        if (!capabilityFlags.privileged) {
            spec = SeccompOption.apply(spec, SecurityOptFlags.seccompOptions(securityOpts),
                    main.globals.config().security().seccompProfile());
        }
        ContainerContext context = new ContainerContext(id, cwd.toString(), spec, rootfs == null ? "host" : "bundle");
        Lifecycle.validate(context, "crate run");
        return context;
    }

    /** Docker's rules: K=V sets, a bare K copies crate's own value if it has one. */
    private static void addEnv(List<String> environment, String variable) throws CrateException {
        int eq = variable.indexOf('=');
        String key = eq < 0 ? variable : variable.substring(0, eq);
        if (key.isEmpty()) {
            throw new CrateException("--env " + variable + ": the variable has no name");
        }
        String value = eq < 0 ? System.getenv(key) : variable.substring(eq + 1);
        if (value == null) {
            return;
        }
        environment.removeIf(e -> e.startsWith(key + "="));
        environment.add(key + "=" + value);
    }

    /** 12 hex digits, as Docker's short IDs. Unique, not secret: no SecureRandom on the start path. */
    private static String randomId() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(4);
    }
}
