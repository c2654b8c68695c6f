package crate.app;

import crate.api.spi.CgroupManager;
import crate.api.spi.Filesystem;
import crate.api.spi.Isolator;
import crate.runtime.Plugins;
import java.util.ServiceLoader;

/** Finds the plugins of the image's module layer with {@link ServiceLoader}. */
final class PluginLoader {
    private PluginLoader() {}

    static Plugins load() {
        return new Plugins(
                ServiceLoader.load(Isolator.class).stream().map(ServiceLoader.Provider::get).toList(),
                ServiceLoader.load(Filesystem.class).stream().map(ServiceLoader.Provider::get).toList(),
                ServiceLoader.load(CgroupManager.class).findFirst());
    }
}
