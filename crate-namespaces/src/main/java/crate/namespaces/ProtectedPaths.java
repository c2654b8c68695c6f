package crate.namespaces;

import static crate.linux.MountFlags.MS_BIND;
import static crate.linux.MountFlags.MS_NOATIME;
import static crate.linux.MountFlags.MS_NODEV;
import static crate.linux.MountFlags.MS_NODIRATIME;
import static crate.linux.MountFlags.MS_NOEXEC;
import static crate.linux.MountFlags.MS_NOSUID;
import static crate.linux.MountFlags.MS_RDONLY;
import static crate.linux.MountFlags.MS_REC;
import static crate.linux.MountFlags.MS_RELATIME;
import static crate.linux.MountFlags.MS_REMOUNT;

import crate.api.CrateException;
import crate.linux.Errno;
import crate.linux.ErrnoException;
import crate.linux.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The spec's {@code linux.readonlyPaths} and {@code linux.maskedPaths} and a read-only root,
 * applied as runc does, after pivot_root (so every path resolves inside the container): a
 * read-only path becomes a read-only bind mount of itself; a masked file gets /dev/null
 * bound over it, a masked directory an empty read-only tmpfs. Paths that do not exist are
 * skipped, as the runtime-spec's defaults name files that not every kernel has.
 */
final class ProtectedPaths {
    /** statfs(2)'s ST_RELATIME, which is not MS_RELATIME's bit (the others are). */
    private static final long ST_RELATIME = 4096;
    /** The flags of a mount that a bind remount must repeat, or it clears them. */
    private static final long KEPT = MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME | MS_NODIRATIME;
    private static final long NULL_DEVICE = (1 << 8) | 3; // makedev(1, 3)

    private ProtectedPaths() {}

    static void readOnly(List<String> paths) throws CrateException {
        for (String path : paths) {
            if (!Files.exists(Path.of(path))) {
                continue;
            }
            Syscalls.mount(path, path, null, MS_BIND | MS_REC, null);
            remount(path, MS_RDONLY | MS_REC);
        }
    }

    static void mask(List<String> paths) throws CrateException {
        boolean nullChecked = false;
        for (String path : paths) {
            Path file = Path.of(path);
            if (!Files.exists(file)) {
                continue;
            }
            if (Files.isDirectory(file)) {
                Syscalls.mount("tmpfs", path, "tmpfs", MS_RDONLY, null);
                continue;
            }
            if (!nullChecked) {
                checkNullDevice();
                nullChecked = true;
            }
            Syscalls.mount("/dev/null", path, null, MS_BIND, null);
        }
    }

    /** Makes the mount at {@code path} read-only, keeping its other per-mount flags. */
    static void remountReadOnly(String path) throws CrateException {
        remount(path, MS_RDONLY);
    }

    private static void remount(String path, long flags) throws CrateException {
        int fd = Syscalls.open(path, Syscalls.O_PATH | Syscalls.O_CLOEXEC);
        long kept;
        try {
            long current = Syscalls.mountFlags(fd);
            kept = (current & KEPT) | ((current & ST_RELATIME) != 0 ? MS_RELATIME : 0);
        } finally {
            Syscalls.closeQuietly(fd);
        }
        try {
            Syscalls.mount(null, path, null, MS_BIND | MS_REMOUNT | flags | kept, null);
        } catch (ErrnoException e) {
            if (e.errno() != Errno.EPERM) {
                throw e;
            }
            // A flag the kernel locked differently than statfs shows: read-only is what matters.
            Syscalls.mount(null, path, null, MS_BIND | MS_REMOUNT | flags, null);
        }
    }

    /**
     * A masked file shows /dev/null: it must be the null device, not a file or another device
     * that the rootfs put there (runc checks the same).
     */
    private static void checkNullDevice() throws CrateException {
        Map<String, Object> attributes;
        try {
            attributes = Files.readAttributes(Path.of("/dev/null"), "unix:mode,rdev");
        } catch (IOException | UnsupportedOperationException e) {
            throw new CrateException("cannot mask paths: cannot stat /dev/null in the container: " + e.getMessage());
        }
        int mode = (Integer) attributes.get("mode");
        long rdev = (Long) attributes.get("rdev");
        if ((mode & 0170000) != Syscalls.S_IFCHR || rdev != NULL_DEVICE) {
            throw new CrateException("cannot mask paths: the container's /dev/null is not the null device (1:3)");
        }
    }
}
