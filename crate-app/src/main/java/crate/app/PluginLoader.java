package crate.app;

import crate.api.CrateException;
import crate.api.spi.CgroupManager;
import crate.api.spi.Filesystem;
import crate.api.spi.Isolator;
import crate.runtime.Plugins;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Finds the plugins of the image's module layer with {@link ServiceLoader}. */
final class PluginLoader {
    private PluginLoader() {}

    /** For init: the isolators and filesystems (cgroups are the runtime's business). */
    static Plugins load() {
        return new Plugins(isolators(), filesystems(), Optional.empty());
    }

    /**
     * For the runtime.
     *
     * @param cgroupManager the cgroup manager's name, or "disabled" for none
     */
    static Plugins load(String cgroupManager) throws CrateException {
        Optional<CgroupManager> cgroups = Optional.empty();
        if (!cgroupManager.equals("disabled")) {
            List<CgroupManager> all = ServiceLoader.load(CgroupManager.class).stream().map(ServiceLoader.Provider::get).toList();
            cgroups = Optional.of(all.stream().filter(m -> m.name().equals(cgroupManager)).findFirst()
                    .orElseThrow(() -> new CrateException("--cgroup-manager " + cgroupManager + ": no such cgroup manager (installed: "
                            + all.stream().map(CgroupManager::name).collect(Collectors.joining(", ")) + ", or disabled)")));
        }
        return new Plugins(isolators(), filesystems(), cgroups);
    }

    private static List<Isolator> isolators() {
        return ServiceLoader.load(Isolator.class).stream().map(ServiceLoader.Provider::get).toList();
    }

    private static List<Filesystem> filesystems() {
        return ServiceLoader.load(Filesystem.class).stream().map(ServiceLoader.Provider::get).toList();
    }
}
