package crate.app;

import crate.api.CrateException;
import crate.api.network.NetworkSettings;
import crate.api.spi.Puller;
import crate.app.config.ConfigLoader;
import crate.app.config.CrateConfig;
import crate.app.config.Origin;
import crate.runtime.Lifecycle;
import crate.runtime.Plugins;
import crate.runtime.StateStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;

/**
 * runc's global flags, given before the command: {@code crate --root /run/x --log f create ...},
 * and the configuration file they override ({@code --config}). A flag not given is null here:
 * its value comes from {@link #config()}.
 */
final class GlobalOptions implements OptionGroup {
    Path configFile;
    Path root;
    Path log;
    String logFormat;
    boolean debug;
    String cgroupManager;

    /** crate's own command, whose stderr the configuration's warnings go to; null: System.err. */
    private CommandSpec command;

    @Override
    public void declareInto(CommandModel crate) {
        crate.path("--config", "FILE", "Configuration file (default: $CRATE_CONFIG, else /etc/crate/config.toml if it exists)",
                        v -> configFile = v)
                .path("--root", "DIR", "Directory for containers' state (default: runtime.root, /run/crate)", v -> root = v)
                .path("--log", "FILE", "Also write errors to FILE (appended)", v -> log = v)
                .option("--log-format", "text|json", "Format of --log lines (default: runtime.log_format, text)",
                        v -> logFormat = v)
                .flag("--debug", "Show the stack trace of an internal error (runtime.log_level = \"debug\")", v -> debug = v)
                .flag("--systemd-cgroup", "Accepted for runc compatibility: cgroupsPath may be systemd's "
                        + "slice:prefix:name either way, mapped onto cgroupfs (crate talks to no systemd)",
                        v -> { /* accepted, nothing to do */ })
                .option("--cgroup-manager", "cgroupfs|disabled", "cgroupfs (default: cgroups.manager), or disabled: "
                        + "containers get no cgroup, and resource limits are an error (as crun's)", v -> cgroupManager = v);
    }

    /** The command these options belong to (crate's own), once its model is built. */
    void belongTo(CommandSpec crate) {
        this.command = crate;
    }

    private CrateConfig config;
    private Puller puller;
    private CrateException configFailure;

    /**
     * The effective configuration: defaults, the configuration file, these flags. Read at the
     * first call (a warning for each unknown key goes to stderr); a failure is kept and thrown
     * again.
     */
    CrateConfig config() throws CrateException {
        if (config == null && configFailure == null) {
            try {
                config = ConfigLoader.load(configFile, System.getenv(),
                        new ConfigLoader.Flags(root, logFormat, debug, cgroupManager),
                        warning -> err().println("crate: warning: " + warning));
            } catch (CrateException e) {
                configFailure = e;
            }
        }
        if (configFailure != null) {
            throw configFailure;
        }
        return config;
    }

    /** Whether internal errors show their stack trace: --debug, or log_level debug (if the file is valid). */
    boolean debug() {
        try {
            return debug || config().runtime().logLevel() == CrateConfig.LogLevel.DEBUG;
        } catch (CrateException e) {
            return false;
        }
    }

    /** Whether --log lines are JSON: --log-format, else log_format (text if the file is invalid). */
    boolean jsonLog() {
        if (logFormat != null) {
            return logFormat.equals("json");
        }
        try {
            return config().runtime().logFormat() == CrateConfig.LogFormat.JSON;
        } catch (CrateException e) {
            return false;
        }
    }

    /** Where plugin jars are loaded from: runtime.plugin_dir. */
    Path pluginDir() throws CrateException {
        return config().runtime().pluginDir();
    }

    /** The image puller with the configuration's settings (loaded once). */
    Puller puller() throws CrateException {
        if (puller == null) {
            puller = Pullers.load(config());
        }
        return puller;
    }

    Lifecycle lifecycle() throws CrateException {
        CrateConfig settings = config();
        Path pluginDir = settings.runtime().pluginDir();
        Plugins plugins = PluginLoader.forRuntime(pluginDir, settings.cgroups().manager());
        // Only a configured parent is handed on: a manager that takes none still works without one.
        if (settings.origin("cgroups.parent").kind() != Origin.Kind.DEFAULT) {
            plugins = plugins.withCgroupParent(settings.cgroups().parent());
        }
        plugins = plugins.withNetworkSettings(networkSettings(settings));
        return new Lifecycle(new StateStore(settings.runtime().root()), plugins, Image.initCommand(pluginDir));
    }

    /** {@code [network]} and the roots, as network drivers take them. */
    static NetworkSettings networkSettings(CrateConfig config) {
        CrateConfig.NetworkSettings network = config.network();
        return new NetworkSettings(network.bridge(), network.subnet().toString(), network.mtu(), network.firewall(),
                network.dns(), config.runtime().root(), config.runtime().dataRoot(), network.cniConfigDirs(),
                network.cniPluginDirs());
    }

    private PrintWriter err() {
        return command == null ? new PrintWriter(System.err, true, System.err.charset()) : command.commandLine().getErr();
    }
}
