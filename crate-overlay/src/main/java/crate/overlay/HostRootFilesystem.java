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
 * <p>Everything is mounted inside the container's own mount namespace (a tmpfs over /run
 * there, holding upper, work and the merged root), so it all vanishes with the namespace and
 * nothing is created on the host. Only the root file system is seen: the host's other mounts
 * (/proc, /sys, /dev, /run, /tmp if separate) are not layers of it.
 */
public final class HostRootFilesystem implements Filesystem {
    public static final String NAME = "host";

    private static final String SCRATCH = "/run";
    private static final Path MERGED = Path.of(SCRATCH, "crate-root");

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
        Syscalls.mount("tmpfs", SCRATCH, "tmpfs", MountFlags.MS_NOSUID | MountFlags.MS_NODEV, "mode=0755");
        for (String dir : new String[] {"upper", "work", "crate-root"}) {
            Syscalls.mkdir(SCRATCH + "/" + dir, 0755);
        }
        Syscalls.mount("overlay", MERGED.toString(), "overlay", 0,
                "lowerdir=/,upperdir=" + SCRATCH + "/upper,workdir=" + SCRATCH + "/work");
        return MERGED;
    }
}
