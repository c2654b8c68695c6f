package crate.app.plugin;

import crate.api.spi.CgroupManager;
import crate.api.spi.Filesystem;
import crate.api.spi.Isolator;
import crate.api.spi.NetworkDriver;
import crate.api.spi.Puller;
import java.util.function.Function;

/** The plugin interfaces crate finds providers of, with the name each provider goes by. */
public enum PluginKind {
    ISOLATOR("isolator", Isolator.class, p -> ((Isolator) p).name()),
    FILESYSTEM("filesystem", Filesystem.class, p -> ((Filesystem) p).name()),
    NETWORK("network", NetworkDriver.class, p -> ((NetworkDriver) p).name()),
    PULLER("puller", Puller.class, p -> ((Puller) p).name()),
    CGROUP_MANAGER("cgroup-manager", CgroupManager.class, p -> ((CgroupManager) p).name());

    private final String label;
    private final Class<?> type;
    private final Function<Object, String> name;

    PluginKind(String label, Class<?> type, Function<Object, String> name) {
        this.label = label;
        this.type = type;
        this.name = name;
    }

    /** How {@code crate plugins} shows the kind. */
    public String label() {
        return label;
    }

    Class<?> type() {
        return type;
    }

    String nameOf(Object provider) {
        return name.apply(provider);
    }
}
