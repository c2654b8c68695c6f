package crate.linux;

import com.sun.jna.LastErrorException;

/**
 * File system calls relative to a directory fd, for writing a tree that must stay beneath
 * that directory (an image layer being unpacked): every path is opened with openat2's
 * RESOLVE_BENEATH, RESOLVE_NO_SYMLINKS and RESOLVE_NO_MAGICLINKS, and every creation is an
 * {@code *at} call on the final name in a directory opened that way, so that no symlink,
 * ".." or absolute path can lead a write outside.
 */
public final class FilesAt {
    /** openat2 resolve flags: the walk may not leave the directory fd (no "..", no absolute paths). */
    public static final long RESOLVE_BENEATH = 0x08;
    /** What every walk of this class uses. */
    public static final long CONFINED = RESOLVE_BENEATH | Syscalls.RESOLVE_NO_SYMLINKS | Syscalls.RESOLVE_NO_MAGICLINKS;

    public static final int AT_SYMLINK_NOFOLLOW = 0x100;
    public static final int AT_REMOVEDIR = 0x200;
    public static final int AT_EMPTY_PATH = 0x1000;

    public static final int S_IFIFO = 0010000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFBLK = 0060000;

    private static final int LOCK_SH = 1;
    private static final int LOCK_EX = 2;
    private static final int LOCK_NB = 4;
    private static final int LOCK_UN = 8;

    private FilesAt() {}

    /** openat2({@code dirfd}, {@code path}) confined beneath {@code dirfd}; {@code mode} only with O_CREAT. */
    public static int openBeneath(int dirfd, String path, int flags, int mode) throws ErrnoException {
        return Syscalls.openat2(dirfd, path, flags | Syscalls.O_CLOEXEC, mode, CONFINED);
    }

    /** The directory {@code path} beneath {@code dirfd}, as an O_PATH fd for further *at calls ("" or "." is dirfd's own). */
    public static int openDirectoryBeneath(int dirfd, String path) throws ErrnoException {
        return openBeneath(dirfd, path.isEmpty() ? "." : path, Syscalls.O_PATH | Syscalls.O_DIRECTORY, 0);
    }

    /** open(2) with a creation mode. */
    public static int open(String path, int flags, int mode) throws ErrnoException {
        try {
            return LibC.open(path, flags | Syscalls.O_CLOEXEC, mode);
        } catch (LastErrorException e) {
            throw new ErrnoException("open(" + path + ")", e.getErrorCode());
        }
    }

    /** mknodat(2): {@code type} is S_IFCHR, S_IFBLK or S_IFIFO; the umask applies to {@code mode}. */
    public static void mknodat(int dirfd, String name, int type, int mode, int major, int minor) throws ErrnoException {
        try {
            LibC.mknodat(dirfd, name, type | mode, Syscalls.makedev(major, minor));
        } catch (LastErrorException e) {
            throw new ErrnoException("mknodat(" + name + ", " + major + ":" + minor + ")", e.getErrorCode());
        }
    }

    public static void symlinkat(String target, int dirfd, String name) throws ErrnoException {
        try {
            LibC.symlinkat(target, dirfd, name);
        } catch (LastErrorException e) {
            throw new ErrnoException("symlinkat(" + target + ", " + name + ")", e.getErrorCode());
        }
    }

    /**
     * A hard link {@code name} in {@code dirfd} to the file open as {@code fileFd} (an O_PATH fd:
     * linkat with AT_EMPTY_PATH, which needs CAP_DAC_READ_SEARCH), so that no path is walked again.
     */
    public static void linkFd(int fileFd, int dirfd, String name) throws ErrnoException {
        try {
            LibC.linkat(fileFd, "", dirfd, name, AT_EMPTY_PATH);
        } catch (LastErrorException e) {
            throw new ErrnoException("linkat(fd " + fileFd + ", " + name + ")", e.getErrorCode());
        }
    }

    /** lchown of {@code name} in {@code dirfd} (fchownat with AT_SYMLINK_NOFOLLOW). */
    public static void lchownat(int dirfd, String name, int uid, int gid) throws ErrnoException {
        try {
            LibC.fchownat(dirfd, name, uid, gid, AT_SYMLINK_NOFOLLOW);
        } catch (LastErrorException e) {
            throw new ErrnoException("fchownat(" + name + ", " + uid + ", " + gid + ")", e.getErrorCode());
        }
    }

    /** fchmodat(2); the caller knows {@code name} is not a symlink (Linux cannot chmod one). */
    public static void chmodat(int dirfd, String name, int mode) throws ErrnoException {
        try {
            LibC.fchmodat(dirfd, name, mode, 0);
        } catch (LastErrorException e) {
            throw new ErrnoException("fchmodat(" + name + ", 0" + Integer.toOctalString(mode) + ")", e.getErrorCode());
        }
    }

    /** Sets atime and mtime of {@code name} in {@code dirfd}, not following a symlink. */
    public static void lutimesat(int dirfd, String name, long seconds, int nanos) throws ErrnoException {
        try {
            LibC.utimensat(dirfd, name, new long[] {seconds, nanos, seconds, nanos}, AT_SYMLINK_NOFOLLOW);
        } catch (LastErrorException e) {
            throw new ErrnoException("utimensat(" + name + ")", e.getErrorCode());
        }
    }

    /** unlinkat(2); {@code directory}: AT_REMOVEDIR (the directory must be empty). */
    public static void unlinkat(int dirfd, String name, boolean directory) throws ErrnoException {
        try {
            LibC.unlinkat(dirfd, name, directory ? AT_REMOVEDIR : 0);
        } catch (LastErrorException e) {
            throw new ErrnoException("unlinkat(" + name + ")", e.getErrorCode());
        }
    }

    /**
     * Sets the extended attribute {@code attr} of {@code name} in the directory {@code dirfd},
     * without following {@code name} if it is a symlink (lsetxattr through /proc/self/fd: the
     * magic link names the directory itself, and only the final name is looked up in it).
     */
    public static void lsetxattrat(int dirfd, String name, String attr, byte[] value) throws ErrnoException {
        try {
            LibC.lsetxattr(procPath(dirfd, name), attr, value, value.length, 0);
        } catch (LastErrorException e) {
            throw new ErrnoException("lsetxattr(" + name + ", " + attr + ")", e.getErrorCode());
        }
    }

    /** flock(2) on {@code fd}: shared or exclusive, waiting until it is granted. */
    public static void lock(int fd, boolean exclusive) throws ErrnoException {
        while (true) {
            try {
                LibC.flock(fd, exclusive ? LOCK_EX : LOCK_SH);
                return;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Errno.EINTR) {
                    throw new ErrnoException("flock(fd " + fd + ")", e.getErrorCode());
                }
            }
        }
    }

    /** flock(2) without waiting: false when another open file description holds a conflicting lock. */
    public static boolean tryLock(int fd, boolean exclusive) throws ErrnoException {
        try {
            LibC.flock(fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB);
            return true;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Errno.EAGAIN) {
                return false;
            }
            throw new ErrnoException("flock(fd " + fd + ", LOCK_NB)", e.getErrorCode());
        }
    }

    public static void unlock(int fd) throws ErrnoException {
        try {
            LibC.flock(fd, LOCK_UN);
        } catch (LastErrorException e) {
            throw new ErrnoException("flock(fd " + fd + ", LOCK_UN)", e.getErrorCode());
        }
    }

    /** syncfs(2): writes the whole file system that holds {@code fd} to disk. */
    public static void syncfs(int fd) throws ErrnoException {
        try {
            LibC.syncfs(fd);
        } catch (LastErrorException e) {
            throw new ErrnoException("syncfs(fd " + fd + ")", e.getErrorCode());
        }
    }

    /** /proc/self/fd/N/name: {@code name} in the directory open as {@code dirfd}. */
    public static String procPath(int dirfd, String name) {
        return "/proc/self/fd/" + dirfd + "/" + name;
    }
}
