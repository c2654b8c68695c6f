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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The plugins a command runs with: crate's own and the plugin directory's ({@link PluginCatalog}),
 * each kind loaded at its first use.
 */
final class PluginLoader {
    /** The system property that tells {@code crate init} where the plugins are. */
    static final String INIT_PLUGIN_DIR = "crate.plugin-dir";

    /**
     * The CLI's catalogs by plugin directory: one per process, so that a command using the
     * runtime's plugins and the puller ({@code crate run IMAGE}) loads each plugin once and
     * warns of a broken one once.
     */
    private static final Map<Path, PluginCatalog> CATALOGS = new HashMap<>();

    private PluginLoader() {}

    /**
     * For init: the isolators and filesystems (cgroups and networks are the runtime's
     * business). A broken plugin is skipped without a word: init's stderr is the container's,
     * and the runtime has warned already.
     */
    static Plugins forInit() {
        String dir = System.getProperty(INIT_PLUGIN_DIR);
        PluginCatalog catalog = PluginCatalog.lazy(dir == null ? null : Path.of(dir), broken -> {});
        return Plugins.loading(() -> catalog.all(PluginKind.ISOLATOR, Isolator.class),
                () -> catalog.all(PluginKind.FILESYSTEM, Filesystem.class), List::of, Optional::empty);
    }

    /**
     * For the runtime; each broken plugin is a warning on stderr when the kind it concerns is
     * first used (a plugin refused as a whole: when any kind is).
     *
     * @param cgroupManager the cgroup manager's name, or "disabled" for none
     */
    static Plugins forRuntime(Path pluginDir, String cgroupManager) {
        PluginCatalog catalog = catalog(pluginDir);
        return Plugins.loading(() -> catalog.all(PluginKind.ISOLATOR, Isolator.class),
                () -> catalog.all(PluginKind.FILESYSTEM, Filesystem.class),
                () -> catalog.all(PluginKind.NETWORK, NetworkDriver.class),
                () -> cgroupManager(catalog, cgroupManager));
    }

    /** The CLI's catalog of {@code pluginDir}, warning on stderr of each plugin it skips. */
    static synchronized PluginCatalog catalog(Path pluginDir) {
        return CATALOGS.computeIfAbsent(pluginDir, dir -> PluginCatalog.lazy(dir, PluginLoader::warn));
    }

    private static Optional<CgroupManager> cgroupManager(PluginCatalog catalog, String name) throws CrateException {
        if (name.equals("disabled")) {
            return Optional.empty();
        }
        List<CgroupManager> all = catalog.all(PluginKind.CGROUP_MANAGER, CgroupManager.class);
        for (CgroupManager manager : all) {
            if (manager.name().equals(name)) {
                return Optional.of(manager);
            }
        }
        throw new CrateException("--cgroup-manager " + name + ": no such cgroup manager (installed: "
                + all.stream().map(CgroupManager::name).collect(Collectors.joining(", ")) + ", or disabled)");
    }

    /** One line on stderr per plugin (or provider) that was skipped. */
    private static void warn(PluginCatalog.Broken broken) {
        System.err.println("crate: warning: plugin " + broken.origin() + " skipped: " + broken.reason());
    }
}
