package crate.app;

import crate.api.CrateException;
import crate.runtime.Lifecycle;
import crate.runtime.StateStore;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** runc's global flags, given before the command: {@code crate --root /run/x --log f create ...}. */
final class GlobalOptions {
    static final Path DEFAULT_ROOT = Path.of("/run/crate");

    @Option(names = "--root", paramLabel = "DIR", description = "Directory for containers' state (default: /run/crate)")
    Path root = DEFAULT_ROOT;

    @Option(names = "--log", paramLabel = "FILE", description = "Also write errors to FILE (appended)")
    Path log;

    @Option(names = "--log-format", paramLabel = "text|json", description = "Format of --log lines (default: text)")
    String logFormat = "text";

    @Option(names = "--debug", description = "Show the stack trace of an internal error")
    boolean debug;

    @Option(names = "--systemd-cgroup", description = "Accepted for runc compatibility: cgroupsPath may be systemd's "
            + "slice:prefix:name either way, mapped onto cgroupfs (crate talks to no systemd)")
    boolean systemdCgroup;

    @Option(names = "--cgroup-manager", paramLabel = "cgroupfs|disabled",
            description = "cgroupfs (default), or disabled: containers get no cgroup, and resource limits are an error (as crun's)")
    String cgroupManager = "cgroupfs";

    /** Where plugin jars are loaded from. */
    Path pluginDir() {
        // TODO(config): runtime.plugin_dir of the config file
        String dir = System.getenv("CRATE_PLUGIN_DIR");
        return Path.of(dir != null ? dir : "/usr/local/lib/crate/plugins");
    }

    Lifecycle lifecycle() throws CrateException {
        Path plugins = pluginDir();
        return new Lifecycle(new StateStore(root), PluginLoader.forRuntime(plugins, cgroupManager), Image.initCommand(plugins));
    }
}
