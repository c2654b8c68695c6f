package crate.overlay;

import crate.api.CrateException;
import crate.api.spi.ContainerContext;
import crate.api.spi.Filesystem;
import crate.linux.MountFlags;
import crate.linux.Syscalls;
import java.nio.file.Path;

/**
 * The host's root file system as the read-only lower layer of an overlay whose upper layer
 * is a tmpfs: a container that needs no image and no network, and can never modify the host.
 *
 * <p>Everything is mounted inside the container's own mount namespace (a tmpfs there on
 * {@code host-root} in the container's state directory, holding upper, work and the merged
 * root), so it all vanishes with the namespace; on the host there is only that empty
 * directory, removed with the state. (A tmpfs over /run, as before the state directory was
 * known, hid the bind sources under /run, such as the network's /etc files.) Only the root file system is seen: the host's other mounts
 * (/proc, /sys, /dev, /run, /tmp if separate) are not layers of it.
 */
public final class HostRootFilesystem implements Filesystem {
    public static final String NAME = "host";

    /** Without a state directory (a runtime that sets none): a tmpfs over /run. */
    private static final String FALLBACK_SCRATCH = "/run";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void prepare(ContainerContext container) throws CrateException {
        Overlayfs.require("crate run needs without -r; give a rootfs with -r DIR instead");
    }

    @Override
    public Path mount(ContainerContext container) throws CrateException {
        String stateDir = container.options().get(ContainerContext.STATE_DIR);
        String scratch = FALLBACK_SCRATCH;
        if (stateDir != null) {
            scratch = stateDir + "/host-root";
            Syscalls.mkdir(scratch, 0700);
        }
        Syscalls.mount("tmpfs", scratch, "tmpfs", MountFlags.MS_NOSUID | MountFlags.MS_NODEV, "mode=0755");
        for (String dir : new String[] {"upper", "work", "crate-root"}) {
            Syscalls.mkdir(scratch + "/" + dir, 0755);
        }
        Path merged = Path.of(scratch, "crate-root");
        Syscalls.mount("overlay", merged.toString(), "overlay", 0,
                "lowerdir=/,upperdir=" + scratch + "/upper,workdir=" + scratch + "/work");
        return merged;
    }
}
