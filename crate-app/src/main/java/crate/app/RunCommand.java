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
import crate.api.image.LocalImage;
import crate.api.spi.Puller;
import crate.linux.Pty;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code crate run}: runs a container in the foreground and exits with its status.
 *
 * <p>Either {@code --bundle DIR ID} (an OCI bundle, as runc) or {@code [-r ROOTFS] CMD...}
 * (a spec made from the flags, as Docker). Without -r, the rootfs is the host's root file
 * system under a throwaway overlay layer.
 */
final class RunCommand implements Callable<Integer> {
    private final GlobalOptions globals;
    private Path bundle;
    private Path rootfs;
    private String hostname;
    private List<String> env = new ArrayList<>();
    private String workdir;
    private String user;
    private boolean readOnly;
    private String name;
    private boolean detach;
    private Path pidFile;
    private boolean tty;
    private Path consoleSocket;
    private String network;
    private List<String> publish = new ArrayList<>();
    private List<String> securityOpts = new ArrayList<>();
    private String pullPolicy = "missing";
    private boolean quiet;
    private final PullFlags pull = new PullFlags();
    private final ResourceFlags resources = new ResourceFlags();
    private final CreateOptions options = new CreateOptions();
    private final CapabilityFlags capabilityFlags = new CapabilityFlags();
    private List<String> command = new ArrayList<>();
    private CommandSpec commandSpec;

    /** What {@link #inStore} found, so that the image is not looked up in the store twice; null: not asked. */
    private Optional<LocalImage> lookedUp;

    RunCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    CommandSpec spec() {
        commandSpec = CommandModel.of("run", this,
                        "Run a command in a new container and wait for it.",
                        "  crate run [-t] [-r ROOTFS] [-H HOSTNAME] [-e K=V] [-w DIR] [-u USER[:GROUP]]",
                        "            [--memory SIZE] [--cpus N] [--pids-limit N] ... [--] CMD [ARG...]",
                        "  crate run [--pull WHEN] [--platform P] [-q] [...] IMAGE [CMD [ARG...]]",
                        "  crate run --bundle DIR [--console-socket PATH] ID",
                        "The first argument P is a command or an image:",
                        "  with -r ROOTFS, a command in that root file system;",
                        "  P starting with / or . is a command (a path);",
                        "  P an image in the store (crate images), or --pull always: an image;",
                        "  P an executable on crate's PATH: a command, in the host's root under a throwaway layer;",
                        "  otherwise an image, pulled first unless --pull never.",
                        "An image's Entrypoint, Cmd (replaced by CMD), Env, WorkingDir and User apply unless -e, -w, -u "
                                + "say otherwise.")
                .declarationOrder()
                .path("-b, --bundle", "DIR", "OCI bundle (config.json and rootfs); then the argument is the container ID",
                        v -> bundle = v)
                .path("-r, --rootfs", "ROOTFS", "Root file system directory (default: the host's root under a throwaway "
                        + "overlay)", v -> rootfs = v)
                .option("-H, --hostname", "<hostname>", "Container host name (default: the container ID)", v -> hostname = v)
                .list("-e, --env", "K=V", "Set an environment variable (K alone: take its value from crate's environment)",
                        v -> env = v)
                .option("-w, --workdir", "DIR", "Working directory inside the container (default /)", v -> workdir = v)
                .option("-u, --user", "USER[:GROUP]", "User and group, numbers or names from the rootfs's /etc/passwd and "
                        + "/etc/group", v -> user = v)
                .flag("--read-only", "Mount the container's root file system read-only (root.readonly)", v -> readOnly = v)
                .option("--name", "ID", "Container ID (default: random)", v -> name = v)
                .flag("-d, --detach", "Start the container and return; it keeps its state until crate delete (without it, "
                        + "the container is deleted when its process ends)", v -> detach = v)
                .path("--pid-file", "FILE", "Write the init process's pid to FILE", v -> pidFile = v)
                .flag("-t, --tty", "Give the command a terminal (a pty), with crate as its console: raw mode, window size",
                        v -> tty = v)
                .path("--console-socket", "PATH", "Unix socket to send the container's pty master to (process.terminal), "
                        + "as runc", v -> consoleSocket = v)
                .option("--network", "DRIVER", "Network driver that connects the container (default: network.default of "
                        + "the config, none: loopback only; `crate plugins` lists the drivers). With --bundle only when "
                        + "given", v -> network = v)
                .list("-p, --publish", "[IP:]HOSTPORT:PORT[/PROTO]", "Publish the container's PORT (tcp or udp) on the "
                        + "host's HOSTPORT, on every address or only IP, reachable from localhost too (as Docker's -p; "
                        + "needs a driver that publishes ports: bridge, or cni with portmap)", v -> publish = v)
                .list("--security-opt", "OPT", "seccomp=unconfined (no filter) or seccomp=FILE (a profile, OCI or Docker "
                        + "format; default: Docker's default profile); apparmor=PROFILE|unconfined; "
                        + "label=user:U|role:R|type:T|level:L|disable", v -> securityOpts = v)
                .option("--pull", "missing|always|never", "When to pull the image: missing (default: if the store lacks "
                        + "it), always, never", v -> pullPolicy = v)
                .flag("-q, --quiet", "Print nothing while pulling the image", v -> quiet = v)
                .with(pull)
                .with(resources)
                .with(options)
                .with(capabilityFlags)
                .parameters("IMAGE|CMD", "An image and an optional command, or a command and its arguments (see above); "
                        + "with --bundle, the container ID", "0..*", v -> command = v)
                .spec();
        return commandSpec;
    }

    @Override
    public Integer call() throws CrateException {
        PassedFds passed = options.passedFds();
        ContainerContext context = options.apply(bundle != null ? fromBundle() : fromFlags(), passed);
        // A container made from flags gets network.default; a bundle's config.json decides its own network.
        String driver = network != null ? network : bundle == null ? globals.config().network().defaultDriver() : null;
        if (driver != null) {
            context = context.withOption(ContainerContext.NETWORK, driver);
        }
        if (!publish.isEmpty()) {
            if (driver == null) {
                throw new CrateException("-p needs --network: a bundle's container is connected only by a driver given "
                        + "with --network");
            }
            context = context.withOption(ContainerContext.PORTS, String.join("\n", publish));
        }
        if (detach) {
            var lifecycle = globals.lifecycle();
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
        return globals.lifecycle().run(context, Optional.ofNullable(pidFile).map(Path::toAbsolutePath),
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
            throw new CrateException("no command given: crate run [-r ROOTFS] CMD [ARG...] or crate run IMAGE [CMD...]");
        }
        RunTarget.PullPolicy policy = RunTarget.PullPolicy.parse(pullPolicy);
        String id = name != null ? ContainerIds.check(name) : randomId();
        RunTarget target = RunTarget.of(command.getFirst(), rootfs != null, policy, this::inStore,
                first -> RunTarget.onPath(first, System.getenv()));
        if (target == RunTarget.IMAGE) {
            return fromImage(id, policy);
        }
        Path root = rootfs == null ? Path.of("/") : rootfs.toAbsolutePath().normalize();
        Spec spec = baseSpec(id, command, root.toString());
        List<String> environment = new ArrayList<>(spec.process().env());
        environment.add("HOSTNAME=" + spec.hostname());
        for (String variable : env) {
            EnvFlags.add(environment, variable);
        }
        var process = spec.process().withEnv(environment).withTerminal(tty);
        if (workdir != null) {
            process = process.withCwd(checkedWorkdir());
        }
        if (user != null) {
            process = process.withUser(UserSpec.parse(user, root));
        }
        return finish(new ContainerContext(id, Path.of("").toAbsolutePath().toString(), spec.withProcess(process),
                rootfs == null ? "host" : "bundle"));
    }

    /**
     * {@code crate run IMAGE [CMD...]}: the image from the store (pulled first as --pull says),
     * its configuration applied under the flags, its layers mounted by the "image" filesystem.
     */
    private ContainerContext fromImage(String id, RunTarget.PullPolicy policy) throws CrateException {
        String reference = command.getFirst();
        Puller puller;
        try {
            puller = globals.puller();
        } catch (CrateException e) {
            throw new CrateException(reference + " is no command on crate's PATH, and no image can be run: " + e.getMessage());
        }
        LocalImage image = image(puller, reference, policy);
        Path dir = Pullers.settings(globals.config()).containerDir(id);
        String host = hostname != null ? hostname : id;
        ImageProcess made = ImageProcess.of(image, reference, new ImageProcess.Flags(command.subList(1, command.size()), env,
                workdir == null ? null : checkedWorkdir(), user, tty, host), new LayerFiles(image.layers()));
        Spec spec = baseSpec(id, made.args(), dir.resolve("rootfs").toString());
        Map<String, String> annotations = new LinkedHashMap<>(spec.annotations());
        annotations.putAll(ImageProcess.annotations(image, reference));
        spec = new Spec(spec.ociVersion(), spec.process().withEnv(made.env()).withTerminal(tty).withCwd(made.cwd())
                .withUser(made.user()), spec.root(), spec.hostname(), spec.domainname(), spec.mounts(), spec.linux(),
                annotations, spec.hooks());
        Map<String, String> options = Map.of(
                ContainerContext.IMAGE, image.id(),
                ContainerContext.IMAGE_LAYERS, image.layers().stream().map(Path::toString).collect(Collectors.joining("\n")),
                ContainerContext.IMAGE_CONTAINER_DIR, dir.toString());
        return finish(new ContainerContext(id, Path.of("").toAbsolutePath().toString(), spec, "image", options));
    }

    /** The image from the store, or pulled as --pull says (its progress on stderr, unless -q). */
    private LocalImage image(Puller puller, String reference, RunTarget.PullPolicy policy) throws CrateException {
        if (policy != RunTarget.PullPolicy.ALWAYS) {
            Optional<LocalImage> stored = lookedUp != null ? lookedUp : puller.find(reference);
            if (stored.isPresent()) {
                return stored.get();
            }
            if (policy == RunTarget.PullPolicy.NEVER) {
                throw new CrateException("image " + reference + " is not in the store (crate pull " + reference + ")");
            }
        }
        PrintWriter err = commandSpec.commandLine().getErr();
        if (!quiet && policy != RunTarget.PullPolicy.ALWAYS) {
            err.println("Unable to find image '" + ImageNames.withDefaultTag(reference) + "' locally");
        }
        return new ImagePull(puller, err, quiet, Pty.isTerminal(2)).pull(pull.request(reference));
    }

    /** Whether the store has an image of that name; no puller, or a name no image can have: no. */
    private boolean inStore(String reference) {
        try {
            lookedUp = globals.puller().find(reference);
            return lookedUp.isPresent();
        } catch (CrateException e) {
            return false;
        }
    }

    /** The spec of a container made from flags: Docker's defaults, the capabilities, security options and limits. */
    private Spec baseSpec(String id, List<String> args, String root) throws CrateException {
        Spec made = SecurityOptFlags.apply(capabilityFlags.apply(DefaultSpec.of(args, root, readOnly)
                .withHostname(hostname != null ? hostname : id)), securityOpts);
        LinuxResources limits = resources.resources();
        if (!limits.equals(LinuxResources.NONE)) {
            made = made.withLinux(made.linux().withResources(limits));
        }
        return made;
    }

    /** The seccomp profile, and the checks every runtime-spec passes. */
    private ContainerContext finish(ContainerContext context) throws CrateException {
        ContainerContext finished = context;
        if (!capabilityFlags.privileged) {
            finished = context.withSpec(SeccompOption.apply(context.spec(), SecurityOptFlags.seccompOptions(securityOpts),
                    globals.config().security().seccompProfile()));
        }
        Lifecycle.validate(finished, "crate run");
        return finished;
    }

    private String checkedWorkdir() throws CrateException {
        if (!workdir.startsWith("/")) {
            throw new CrateException("--workdir " + workdir + ": must be an absolute path");
        }
        return workdir;
    }

    /** 12 hex digits, as Docker's short IDs. Unique, not secret: no SecureRandom on the start path. */
    private static String randomId() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(4);
    }
}
