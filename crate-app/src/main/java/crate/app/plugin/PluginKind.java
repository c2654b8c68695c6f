package crate.app.plugin;

import crate.api.spi.CgroupManager;
import crate.api.spi.Filesystem;
import crate.api.spi.Isolator;
import crate.api.spi.NetworkDriver;
import crate.api.spi.Puller;

/** The plugin interfaces crate finds providers of, with the name each provider goes by. */
public enum PluginKind {
    ISOLATOR("isolator", Isolator.class),
    FILESYSTEM("filesystem", Filesystem.class),
    NETWORK("network", NetworkDriver.class),
    PULLER("puller", Puller.class),
    CGROUP_MANAGER("cgroup-manager", CgroupManager.class);

    private final String label;
    private final Class<?> type;

    PluginKind(String label, Class<?> type) {
        this.label = label;
        this.type = type;
    }

    /** How {@code crate plugins} shows the kind. */
    public String label() {
        return label;
    }

    Class<?> type() {
        return type;
    }

    String nameOf(Object provider) {
        return switch (this) {
            case ISOLATOR -> ((Isolator) provider).name();
            case FILESYSTEM -> ((Filesystem) provider).name();
            case NETWORK -> ((NetworkDriver) provider).name();
            case PULLER -> ((Puller) provider).name();
            case CGROUP_MANAGER -> ((CgroupManager) provider).name();
        };
    }
}
