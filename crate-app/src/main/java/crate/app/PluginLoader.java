package crate.app;

import crate.api.CrateException;
import crate.api.spi.CgroupManager;
import crate.api.spi.Filesystem;
import crate.api.spi.Isolator;
import crate.api.spi.NetworkDriver;
import crate.app.plugin.PluginCatalog;
import crate.app.plugin.PluginKind;
import crate.runtime.Plugins;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The plugins a command runs with: crate's own and the plugin directory's ({@link PluginCatalog}). */
final class PluginLoader {
    /** The system property that tells {@code crate init} where the plugins are. */
    static final String INIT_PLUGIN_DIR = "crate.plugin-dir";

    private PluginLoader() {}

    /**
     * For init: the isolators and filesystems (cgroups and networks are the runtime's
     * business). A broken plugin is skipped without a word: init's stderr is the container's,
     * and the runtime has warned already.
     */
    static Plugins forInit() {
        String dir = System.getProperty(INIT_PLUGIN_DIR);
        PluginCatalog catalog = PluginCatalog.load(dir == null ? null : Path.of(dir),
                EnumSet.of(PluginKind.ISOLATOR, PluginKind.FILESYSTEM));
        return new Plugins(catalog.all(PluginKind.ISOLATOR, Isolator.class), catalog.all(PluginKind.FILESYSTEM, Filesystem.class),
                List.of(), Optional.empty());
    }

    /**
     * For the runtime; each broken plugin is a warning on stderr.
     *
     * @param cgroupManager the cgroup manager's name, or "disabled" for none
     */
    static Plugins forRuntime(Path pluginDir, String cgroupManager) throws CrateException {
        PluginCatalog catalog = PluginCatalog.load(pluginDir,
                EnumSet.of(PluginKind.ISOLATOR, PluginKind.FILESYSTEM, PluginKind.NETWORK, PluginKind.CGROUP_MANAGER));
        warn(catalog);
        Optional<CgroupManager> cgroups = Optional.empty();
        if (!cgroupManager.equals("disabled")) {
            List<CgroupManager> all = catalog.all(PluginKind.CGROUP_MANAGER, CgroupManager.class);
            cgroups = Optional.of(all.stream().filter(m -> m.name().equals(cgroupManager)).findFirst()
                    .orElseThrow(() -> new CrateException("--cgroup-manager " + cgroupManager + ": no such cgroup manager (installed: "
                            + all.stream().map(CgroupManager::name).collect(Collectors.joining(", ")) + ", or disabled)")));
        }
        return new Plugins(catalog.all(PluginKind.ISOLATOR, Isolator.class), catalog.all(PluginKind.FILESYSTEM, Filesystem.class),
                catalog.all(PluginKind.NETWORK, NetworkDriver.class), cgroups);
    }

    /** One line on stderr per plugin (or provider) that was skipped. */
    static void warn(PluginCatalog catalog) {
        for (PluginCatalog.Broken broken : catalog.broken()) {
            System.err.println("crate: warning: plugin " + broken.origin() + " skipped: " + broken.reason());
        }
    }
}
