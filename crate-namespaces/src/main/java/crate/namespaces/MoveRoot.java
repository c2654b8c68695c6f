package crate.namespaces;

import static crate.linux.MountFlags.MS_MOVE;
import static crate.linux.MountFlags.MS_REC;
import static crate.linux.MountFlags.MS_SLAVE;

import crate.api.CrateException;
import crate.linux.Errno;
import crate.linux.ErrnoException;
import crate.linux.MountInfo;
import crate.linux.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * runc's {@code --no-pivot} (its msMoveRoot): the rootfs mount is moved onto {@code /} and
 * the process chroots into it, for roots that pivot_root refuses (an initramfs).
 *
 * <p>Unlike pivot_root, this leaves the host's mounts in the container's mount namespace,
 * under the moved rootfs. They cannot be reached by a path (every walk up from the rootfs
 * steps back down into the mount that covers the old {@code /}), but the kernel still
 * counts them: a full procfs or sysfs mount anywhere in the namespace lets a process with
 * CAP_SYS_ADMIN mount a new procfs or sysfs that is not masked. So, as runc does, every full
 * procfs and sysfs mount outside the rootfs is detached first (or covered with a tmpfs where
 * the detach is refused). The namespace is a slave of the host's, so nothing of this reaches
 * the host.
 */
final class MoveRoot {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    private MoveRoot() {}

    /** Makes {@code rootfs} (a mount point) the root, and the working directory. */
    static void into(String rootfs) throws CrateException {
        List<String> mountinfo;
        try {
            mountinfo = Files.readAllLines(MOUNTINFO);
        } catch (IOException e) {
            throw new CrateException("--no-pivot: cannot read " + MOUNTINFO + ": " + e.getMessage());
        }
        for (String mountPoint : pseudoFilesystemsOutside(mountinfo, rootfs)) {
            hide(mountPoint);
        }
        Syscalls.chdir(rootfs);
        Syscalls.mount(rootfs, "/", null, MS_MOVE, null);
        Syscalls.chroot(".");
        Syscalls.chdir("/");
    }

    /**
     * The mount points, in mountinfo's order, of the full (root {@code /}) procfs and sysfs
     * mounts that are neither {@code rootfs} nor under it.
     */
    static List<String> pseudoFilesystemsOutside(List<String> mountinfo, String rootfs) {
        List<String> found = new ArrayList<>();
        for (MountInfo mount : MountInfo.parse(mountinfo)) {
            boolean pseudo = "proc".equals(mount.fsType()) || "sysfs".equals(mount.fsType());
            String mountPoint = mount.mountPoint();
            boolean inRootfs = mountPoint.equals(rootfs) || mountPoint.startsWith(rootfs + "/");
            if (pseudo && "/".equals(mount.root()) && !inRootfs) {
                found.add(mountPoint);
            }
        }
        return found;
    }


    /**
     * Detaches the mount at {@code mountPoint} (slave first, so that the detach cannot
     * propagate anywhere); a mount point that is gone went with a parent detached before.
     */
    private static void hide(String mountPoint) throws ErrnoException {
        try {
            Syscalls.mount(null, mountPoint, null, MS_SLAVE | MS_REC, null);
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENOENT) {
                return;
            }
            throw e;
        }
        try {
            Syscalls.umount(mountPoint, Syscalls.MNT_DETACH);
        } catch (ErrnoException e) {
            if (e.errno() != Errno.EINVAL && e.errno() != Errno.EPERM) {
                throw e;
            }
            Syscalls.mount("tmpfs", mountPoint, "tmpfs", 0, null); // refused (a locked mount): cover it
        }
    }
}
