package crate.app;

import crate.api.CrateException;
import crate.api.image.ImageConfig;
import crate.api.image.LocalImage;
import crate.api.spec.User;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The process of {@code crate run IMAGE [CMD...]} from the image's configuration, as Docker
 * makes it: args Entrypoint + (CMD if given, else the image's Cmd); env the image's Env
 * (PATH added if it has none; TERM with -t), then HOSTNAME, then -e; cwd -w, else WorkingDir,
 * else /; user -u, else the image's User, names resolved in the image's own /etc/passwd and /etc/group.
 */
record ImageProcess(List<String> args, List<String> env, String cwd, User user) {
    /** Annotation: the exposed ports of the image, "80/tcp,443/tcp" (metadata: nothing is published). */
    static final String EXPOSED_PORTS = "crate.image.exposed-ports";
    /** Annotation: the image's ID. */
    static final String IMAGE_ID = "crate.image.id";
    /** Annotation (OCI image-spec): the name the image was run by. */
    static final String REF_NAME = "org.opencontainers.image.ref.name";

    /** The flags of crate run that override the image's settings; null or empty where not given. */
    record Flags(List<String> command, List<String> env, String workdir, String user, boolean tty, String hostname) {}

    static ImageProcess of(LocalImage image, String name, Flags flags, UserFiles files) throws CrateException {
        ImageConfig config = image.config();
        List<String> args = new ArrayList<>(config.entrypoint());
        args.addAll(flags.command().isEmpty() ? config.cmd() : flags.command());
        if (args.isEmpty()) {
            throw new CrateException("image " + name + " has no Entrypoint or Cmd: give a command");
        }
        List<String> env = new ArrayList<>(config.env());
        if (env.stream().noneMatch(e -> e.startsWith("PATH="))) {
            env.add(DefaultSpec.DEFAULT_ENV.getFirst());
        }
        if (flags.tty() && env.stream().noneMatch(e -> e.startsWith("TERM="))) {
            env.add("TERM=xterm");
        }
        EnvFlags.set(env, "HOSTNAME", flags.hostname());
        for (String variable : flags.env()) {
            EnvFlags.add(env, variable);
        }
        String cwd = flags.workdir() != null ? flags.workdir()
                : config.workingDir().isEmpty() ? "/"
                : config.workingDir().startsWith("/") ? config.workingDir() : "/" + config.workingDir();
        User user = flags.user() != null ? UserSpec.parse(flags.user(), files, "--user")
                : config.user().isEmpty() ? new User(0, 0, null, List.of())
                : UserSpec.parse(config.user(), files, "image " + name + ": User");
        return new ImageProcess(List.copyOf(args), List.copyOf(env), cwd, user);
    }

    /** What the container records of its image: the name it was run by, its ID, its exposed ports. */
    static Map<String, String> annotations(LocalImage image, String name) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(REF_NAME, name);
        annotations.put(IMAGE_ID, image.id());
        if (!image.config().exposedPorts().isEmpty()) {
            annotations.put(EXPOSED_PORTS, String.join(",", image.config().exposedPorts()));
        }
        return annotations;
    }
}
