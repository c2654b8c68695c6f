package crate.linux;

import com.sun.jna.LastErrorException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The system calls crate makes, each throwing {@link ErrnoException} that names the call
 * and its arguments. Calls that change the calling thread's state (namespaces, credentials,
 * signal mask) affect only that thread; see design.md on the process model.
 */
public final class Syscalls {
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_NOCTTY = 0x100;
    public static final int O_CLOEXEC = 0x80000;
    public static final int O_NONBLOCK = 0x800;
    public static final int O_DIRECTORY = 0x10000;
    /** An fd that only names a file (it can be reopened through /proc/self/fd). */
    public static final int O_PATH = 0x200000;

    public static final int O_CREAT = 0x40;
    public static final int O_EXCL = 0x80;
    public static final int O_NOFOLLOW = 0x20000;

    /** openat2 resolve flags: no /proc/PID/fd-style magic links anywhere in the path. */
    public static final long RESOLVE_NO_MAGICLINKS = 0x02;
    /** openat2 resolve flags: no symlinks at all. */
    public static final long RESOLVE_NO_SYMLINKS = 0x04;
    /** openat2 resolve flags: the directory fd is "/" for the walk ("..", absolute symlinks). */
    public static final long RESOLVE_IN_ROOT = 0x10;

    public static final int MNT_DETACH = 2;

    public static final int S_IFCHR = 0020000;

    private static final int CLOSE_RANGE_CLOEXEC = 1 << 2;
    private static final int WNOHANG = 1;
    private static final int SIG_SETMASK = 2;
    private static final int SIGSET_BYTES = 128;
    private static final long SIOCGIFFLAGS = 0x8913;
    private static final long SIOCSIFFLAGS = 0x8914;
    private static final int IFF_UP = 0x1;
    private static final int IFNAMSIZ = 16;
    private static final int PR_SET_KEEPCAPS = 8;
    private static final int PR_CAPBSET_DROP = 24;
    private static final int PR_CAP_AMBIENT = 47;
    private static final int PR_CAP_AMBIENT_RAISE = 2;
    private static final int PR_CAP_AMBIENT_CLEAR_ALL = 4;
    private static final int LINUX_CAPABILITY_VERSION_3 = 0x20080522;

    private Syscalls() {}

    public static void unshare(int cloneFlags) throws ErrnoException {
        try {
            LibC.unshare(cloneFlags);
        } catch (LastErrorException e) {
            throw new ErrnoException("unshare(" + Namespace.describeFlags(cloneFlags) + ")", e.getErrorCode());
        }
    }

    /** Joins the namespace at {@code path} (for example /proc/PID/ns/net). */
    public static void setns(String path, Namespace type) throws ErrnoException {
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        try {
            setns(fd, type, path);
        } finally {
            closeQuietly(fd);
        }
    }

    /** Joins the namespace open as {@code fd}; {@code path} names it in errors. */
    public static void setns(int fd, Namespace type, String path) throws ErrnoException {
        try {
            LibC.setns(fd, type.cloneFlag());
        } catch (LastErrorException e) {
            throw new ErrnoException("setns(" + path + ", " + type.specName() + ")", e.getErrorCode());
        }
    }

    public static void mount(String source, String target, String fsType, long flags, String data)
            throws ErrnoException {
        try {
            LibC.mount(source, target, fsType, flags, data);
        } catch (LastErrorException e) {
            throw new ErrnoException("mount(" + (source == null ? "none" : source) + " on " + target
                    + (fsType == null ? "" : ", type " + fsType)
                    + ", flags " + MountFlags.describe(flags)
                    + (data == null || data.isEmpty() ? "" : ", " + data) + ")", e.getErrorCode());
        }
    }

    public static void umount(String target, int flags) throws ErrnoException {
        try {
            LibC.umount2(target, flags);
        } catch (LastErrorException e) {
            throw new ErrnoException("umount2(" + target + ")", e.getErrorCode());
        }
    }

    /** pivot_root(new_root, put_old); glibc has no wrapper. */
    public static void pivotRoot(String newRoot, String putOld) throws ErrnoException {
        try {
            LibC.syscall(SyscallNumbers.PIVOT_ROOT, newRoot, putOld);
        } catch (LastErrorException e) {
            throw new ErrnoException("pivot_root(" + newRoot + ", " + putOld + ")", e.getErrorCode());
        }
    }

    /**
     * Makes the calling thread join a new session keyring named {@code name}
     * (keyctl(KEYCTL_JOIN_SESSION_KEYRING)); it passes to what the thread executes.
     */
    public static void joinSessionKeyring(String name) throws ErrnoException {
        try {
            LibC.syscall(SyscallNumbers.KEYCTL, 1 /* KEYCTL_JOIN_SESSION_KEYRING */, name);
        } catch (LastErrorException e) {
            throw new ErrnoException("keyctl(KEYCTL_JOIN_SESSION_KEYRING, " + name + ")", e.getErrorCode());
        }
    }

    public static void sethostname(String name) throws ErrnoException {
        try {
            LibC.sethostname(name, name.getBytes(StandardCharsets.UTF_8).length);
        } catch (LastErrorException e) {
            throw new ErrnoException("sethostname(" + name + ")", e.getErrorCode());
        }
    }

    public static void setdomainname(String name) throws ErrnoException {
        try {
            LibC.setdomainname(name, name.getBytes(StandardCharsets.UTF_8).length);
        } catch (LastErrorException e) {
            throw new ErrnoException("setdomainname(" + name + ")", e.getErrorCode());
        }
    }

    public static int open(String path, int flags) throws ErrnoException {
        try {
            return LibC.open(path, flags, 0);
        } catch (LastErrorException e) {
            throw new ErrnoException("open(" + path + ")", e.getErrorCode());
        }
    }

    /**
     * openat2(2): opens {@code path} relative to {@code dirfd} with the walk restricted by
     * {@code resolve} (RESOLVE_* flags); {@code mode} only with O_CREAT.
     */
    public static int openat2(int dirfd, String path, int flags, int mode, long resolve) throws ErrnoException {
        try {
            return (int) LibC.syscall(SyscallNumbers.OPENAT2, dirfd, path, new long[] {flags, mode, resolve}, 24);
        } catch (LastErrorException e) {
            throw new ErrnoException("openat2(" + path + ")", e.getErrorCode());
        }
    }

    /**
     * Makes the mount at {@code path} and every mount below it read-only, at once
     * (mount_setattr(2) with AT_RECURSIVE and MOUNT_ATTR_RDONLY; Linux 5.12 and later). Only
     * the calling thread's mount namespace is changed; flags do not propagate.
     */
    public static void mountReadOnlyRecursive(String path) throws ErrnoException {
        long atFdcwd = -100;
        long atRecursive = 0x8000;
        long mountAttrRdonly = 0x1;
        try {
            LibC.syscall(SyscallNumbers.MOUNT_SETATTR, atFdcwd, path, atRecursive, new long[] {mountAttrRdonly, 0, 0, 0}, 32);
        } catch (LastErrorException e) {
            throw new ErrnoException("mount_setattr(" + path + ", AT_RECURSIVE, MOUNT_ATTR_RDONLY)", e.getErrorCode());
        }
    }

    /** mkdirat(2): {@code name} in the directory open as {@code dirfd} (an O_PATH fd will do). */
    public static void mkdirat(int dirfd, String name, int mode) throws ErrnoException {
        try {
            LibC.mkdirat(dirfd, name, mode);
        } catch (LastErrorException e) {
            throw new ErrnoException("mkdirat(" + name + ")", e.getErrorCode());
        }
    }

    /** The ST_* mount flags (f_flags of fstatfs) of the mount that holds {@code fd}. */
    public static long mountFlags(int fd) throws ErrnoException {
        byte[] buf = new byte[120];
        try {
            LibC.fstatfs(fd, buf);
        } catch (LastErrorException e) {
            throw new ErrnoException("fstatfs(" + fd + ")", e.getErrorCode());
        }
        return java.nio.ByteBuffer.wrap(buf).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(80);
    }

    /** Creates a FIFO with exactly {@code mode} (the umask is not applied). */
    public static void mkfifo(String path, int mode) throws ErrnoException {
        try {
            LibC.mkfifo(path, mode);
            LibC.chmod(path, mode);
        } catch (LastErrorException e) {
            throw new ErrnoException("mkfifo(" + path + ")", e.getErrorCode());
        }
    }

    public static void mkdir(String path, int mode) throws ErrnoException {
        try {
            LibC.mkdir(path, mode);
        } catch (LastErrorException e) {
            throw new ErrnoException("mkdir(" + path + ")", e.getErrorCode());
        }
    }

    /** Creates a character device node with exactly {@code mode} (the umask is not applied). */
    public static void mknodChar(String path, int mode, int major, int minor) throws ErrnoException {
        try {
            LibC.mknod(path, S_IFCHR | mode, makedev(major, minor));
            LibC.chmod(path, mode);
        } catch (LastErrorException e) {
            throw new ErrnoException("mknod(" + path + ", " + major + ":" + minor + ")", e.getErrorCode());
        }
    }

    public static void symlink(String target, String linkPath) throws ErrnoException {
        try {
            LibC.symlink(target, linkPath);
        } catch (LastErrorException e) {
            throw new ErrnoException("symlink(" + target + ", " + linkPath + ")", e.getErrorCode());
        }
    }

    public static void chdir(String path) throws ErrnoException {
        try {
            LibC.chdir(path);
        } catch (LastErrorException e) {
            throw new ErrnoException("chdir(" + path + ")", e.getErrorCode());
        }
    }

    /** chroot(2): the calling process's root directory becomes {@code path}. */
    public static void chroot(String path) throws ErrnoException {
        try {
            LibC.chroot(path);
        } catch (LastErrorException e) {
            throw new ErrnoException("chroot(" + path + ")", e.getErrorCode());
        }
    }

    /** dup2(2): {@code newFd} becomes a copy of {@code oldFd}, without close-on-exec. */
    public static void dup2(int oldFd, int newFd) throws ErrnoException {
        try {
            LibC.dup2(oldFd, newFd);
        } catch (LastErrorException e) {
            throw new ErrnoException("dup2(" + oldFd + ", " + newFd + ")", e.getErrorCode());
        }
    }

    /** fchown(2); -1 leaves the owner or the group as it is. */
    public static void fchown(int fd, int uid, int gid) throws ErrnoException {
        try {
            LibC.fchown(fd, uid, gid);
        } catch (LastErrorException e) {
            throw new ErrnoException("fchown(fd " + fd + ", " + uid + ", " + gid + ")", e.getErrorCode());
        }
    }

    /** Sets the process umask, returning the previous one. */
    public static int umask(int mask) {
        return LibC.umask(mask);
    }

    public static int getpid() {
        return LibC.getpid();
    }

    /** setsid(2): a new session and process group led by the caller (EPERM for a group leader). */
    public static void setsid() throws ErrnoException {
        try {
            LibC.setsid();
        } catch (LastErrorException e) {
            throw new ErrnoException("setsid", e.getErrorCode());
        }
    }

    /** The session id of the calling process, as seen in its PID namespace. */
    public static int getsid() throws ErrnoException {
        try {
            return LibC.getsid(0);
        } catch (LastErrorException e) {
            throw new ErrnoException("getsid(0)", e.getErrorCode());
        }
    }

    public static void kill(int pid, int signal) throws ErrnoException {
        try {
            LibC.kill(pid, signal);
        } catch (LastErrorException e) {
            throw new ErrnoException("kill(" + pid + ", " + signal + ")", e.getErrorCode());
        }
    }

    /** Waits for {@code pid} to end, retrying on EINTR, and returns its wait status. */
    public static WaitStatus waitpid(int pid) throws ErrnoException {
        int[] status = new int[1];
        while (true) {
            try {
                LibC.waitpid(pid, status, 0);
                return new WaitStatus(status[0]);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Errno.EINTR) {
                    throw new ErrnoException("waitpid(" + pid + ")", e.getErrorCode());
                }
            }
        }
    }

    /**
     * Reaps {@code pid} if it has ended, without waiting (WNOHANG), retrying on EINTR.
     *
     * @return its wait status, or empty while it runs
     */
    public static Optional<WaitStatus> waitpidNoHang(int pid) throws ErrnoException {
        int[] status = new int[1];
        while (true) {
            try {
                int reaped = LibC.waitpid(pid, status, WNOHANG);
                return reaped == 0 ? Optional.empty() : Optional.of(new WaitStatus(status[0]));
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Errno.EINTR) {
                    throw new ErrnoException("waitpid(" + pid + ", WNOHANG)", e.getErrorCode());
                }
            }
        }
    }

    /**
     * Sets a resource limit of the calling process (prlimit on pid 0; limits are per process
     * and survive execve). Values are unsigned 64-bit: -1 is RLIM_INFINITY.
     */
    public static void setrlimit(RlimitResource resource, long soft, long hard) throws ErrnoException {
        try {
            LibC.prlimit(0, resource.number(), new long[] {soft, hard}, null);
        } catch (LastErrorException e) {
            throw new ErrnoException("prlimit(" + resource.specName() + ", soft " + Long.toUnsignedString(soft)
                    + ", hard " + Long.toUnsignedString(hard) + ")", e.getErrorCode());
        }
    }

    /** The calling process's limit of {@code resource}: {soft, hard}, unsigned 64-bit. */
    public static long[] getrlimit(RlimitResource resource) throws ErrnoException {
        long[] limit = new long[2];
        try {
            LibC.prlimit(0, resource.number(), null, limit);
        } catch (LastErrorException e) {
            throw new ErrnoException("prlimit(" + resource.specName() + ")", e.getErrorCode());
        }
        return limit;
    }

    /**
     * Replaces the calling process with {@code path}. Returns only by throwing. The calling
     * thread's signal mask and credentials carry over; all other threads end.
     */
    public static void execve(String path, List<String> argv, List<String> env) throws ErrnoException {
        try {
            LibC.execve(path, NativeStrings.array(argv), NativeStrings.array(env));
        } catch (LastErrorException e) {
            throw new ErrnoException("execve(" + path + ")", e.getErrorCode());
        }
        throw new IllegalStateException("execve returned without an error");
    }

    /** memfd_create(2) flags. */
    public static final int MFD_CLOEXEC = 1;
    public static final int MFD_ALLOW_SEALING = 2;
    /** fcntl(2) F_ADD_SEALS and the seals: after all four the file's content can never change. */
    private static final int F_ADD_SEALS = 1033;
    public static final int F_SEAL_SEAL = 1;
    public static final int F_SEAL_SHRINK = 2;
    public static final int F_SEAL_GROW = 4;
    public static final int F_SEAL_WRITE = 8;
    private static final int F_SETFD = 2;

    /** An anonymous file in memory (memfd_create(2)). */
    public static int memfdCreate(String name, int flags) throws ErrnoException {
        try {
            return LibC.memfd_create(name, flags);
        } catch (LastErrorException e) {
            throw new ErrnoException("memfd_create(" + name + ")", e.getErrorCode());
        }
    }

    /** fcntl(fd, F_ADD_SEALS, seals). */
    public static void addSeals(int fd, int seals) throws ErrnoException {
        try {
            LibC.fcntl(fd, F_ADD_SEALS, seals);
        } catch (LastErrorException e) {
            throw new ErrnoException("fcntl(" + fd + ", F_ADD_SEALS)", e.getErrorCode());
        }
    }

    /** Clears {@code fd}'s close-on-exec flag: it is passed on to the next program. */
    public static void keepOnExec(int fd) throws ErrnoException {
        try {
            LibC.fcntl(fd, F_SETFD, 0);
        } catch (LastErrorException e) {
            throw new ErrnoException("fcntl(" + fd + ", F_SETFD, 0)", e.getErrorCode());
        }
    }

    /** Marks every fd from {@code first} on close-on-exec (close_range with CLOSE_RANGE_CLOEXEC). */
    public static void setCloexecFrom(int first) throws ErrnoException {
        try {
            LibC.close_range(first, Integer.MAX_VALUE, CLOSE_RANGE_CLOEXEC);
        } catch (LastErrorException e) {
            throw new ErrnoException("close_range(" + first + ", ~0, CLOEXEC)", e.getErrorCode());
        }
    }

    /** Unblocks every signal for the calling thread (Java threads block some, e.g. SIGQUIT). */
    public static void clearSignalMask() throws ErrnoException {
        try (var set = new com.sun.jna.Memory(SIGSET_BYTES)) {
            LibC.sigemptyset(set);
            int err = LibC.pthread_sigmask(SIG_SETMASK, set, null);
            if (err != 0) {
                throw new ErrnoException("pthread_sigmask(SIG_SETMASK, {})", err);
            }
        }
    }

    /**
     * Sets every signal the process ignores back to its default action. execve(2) keeps
     * ignored signals ignored, and the container's process must not inherit the JVM's. Raw
     * rt_sigaction: glibc refuses to touch the signals it reserves (32, 33).
     */
    public static void resetIgnoredSignals() throws ErrnoException {
        // The kernel's struct sigaction starts with the handler; all zeros is SIG_DFL, no flags.
        try (var current = new com.sun.jna.Memory(64); var defaults = new com.sun.jna.Memory(64)) {
            defaults.clear();
            for (int signal = 1; signal <= 64; signal++) {
                if (signal == 9 || signal == 19) {
                    continue; // SIGKILL and SIGSTOP cannot be changed
                }
                try {
                    current.clear();
                    LibC.syscall(SyscallNumbers.RT_SIGACTION, signal, null, current, 8);
                    if (current.getLong(0) == 1 /* SIG_IGN */) {
                        LibC.syscall(SyscallNumbers.RT_SIGACTION, signal, defaults, null, 8);
                    }
                } catch (LastErrorException e) {
                    throw new ErrnoException("rt_sigaction(" + signal + ", SIG_DFL)", e.getErrorCode());
                }
            }
        }
    }

    public static void prctl(int option, long arg2) throws ErrnoException {
        try {
            LibC.prctl(option, arg2, 0, 0, 0);
        } catch (LastErrorException e) {
            throw new ErrnoException("prctl(" + option + ", " + arg2 + ")", e.getErrorCode());
        }
    }

    /** Sets or clears PR_SET_KEEPCAPS: whether the thread keeps its permitted capabilities when it leaves uid 0. */
    public static void setKeepCapabilities(boolean keep) throws ErrnoException {
        prctl(PR_SET_KEEPCAPS, keep ? 1 : 0);
    }

    /** Drops {@code capability} from the calling thread's bounding set (PR_CAPBSET_DROP; needs CAP_SETPCAP). */
    public static void dropBoundingCapability(Capability capability) throws ErrnoException {
        try {
            LibC.prctl(PR_CAPBSET_DROP, capability.number(), 0, 0, 0);
        } catch (LastErrorException e) {
            throw new ErrnoException("prctl(PR_CAPBSET_DROP, " + capability.specName() + ")", e.getErrorCode());
        }
    }

    /** Clears the calling thread's ambient set (PR_CAP_AMBIENT_CLEAR_ALL). */
    public static void clearAmbientCapabilities() throws ErrnoException {
        try {
            LibC.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
        } catch (LastErrorException e) {
            throw new ErrnoException("prctl(PR_CAP_AMBIENT_CLEAR_ALL)", e.getErrorCode());
        }
    }

    /**
     * Raises {@code capability} in the calling thread's ambient set (PR_CAP_AMBIENT_RAISE): it
     * must be permitted and inheritable already.
     */
    public static void raiseAmbientCapability(Capability capability) throws ErrnoException {
        try {
            LibC.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, capability.number(), 0, 0);
        } catch (LastErrorException e) {
            throw new ErrnoException("prctl(PR_CAP_AMBIENT_RAISE, " + capability.specName() + ")", e.getErrorCode());
        }
    }

    /**
     * Sets the calling thread's effective, permitted and inheritable capabilities (capset(2),
     * version 3, 64-bit masks: bit N is capability N). Other threads keep theirs.
     */
    public static void capset(long effective, long permitted, long inheritable) throws ErrnoException {
        int[] data = {(int) effective, (int) permitted, (int) inheritable,
            (int) (effective >>> 32), (int) (permitted >>> 32), (int) (inheritable >>> 32)};
        try {
            LibC.capset(new int[] {LINUX_CAPABILITY_VERSION_3, 0}, data);
        } catch (LastErrorException e) {
            throw new ErrnoException("capset(effective 0x" + Long.toHexString(effective) + ", permitted 0x"
                    + Long.toHexString(permitted) + ", inheritable 0x" + Long.toHexString(inheritable) + ")",
                    e.getErrorCode());
        }
    }

    /** The calling thread's {effective, permitted, inheritable} capabilities as 64-bit masks (capget(2)). */
    public static long[] capget() throws ErrnoException {
        int[] data = new int[6];
        try {
            LibC.capget(new int[] {LINUX_CAPABILITY_VERSION_3, 0}, data);
        } catch (LastErrorException e) {
            throw new ErrnoException("capget", e.getErrorCode());
        }
        long[] sets = new long[3];
        for (int i = 0; i < 3; i++) {
            sets[i] = Integer.toUnsignedLong(data[i]) | (long) data[i + 3] << 32;
        }
        return sets;
    }

    /** Raw setgroups(2), for the calling thread only. */
    public static void setgroups(int[] gids) throws ErrnoException {
        try {
            LibC.syscall(SyscallNumbers.SETGROUPS, gids.length, gids.length == 0 ? new int[1] : gids);
        } catch (LastErrorException e) {
            throw new ErrnoException("setgroups(" + java.util.Arrays.toString(gids) + ")", e.getErrorCode());
        }
    }

    /** Raw setresgid(2), for the calling thread only. */
    public static void setresgid(int gid) throws ErrnoException {
        try {
            LibC.syscall(SyscallNumbers.SETRESGID, gid, gid, gid);
        } catch (LastErrorException e) {
            throw new ErrnoException("setresgid(" + gid + ")", e.getErrorCode());
        }
    }

    /** Raw setresuid(2), for the calling thread only. */
    public static void setresuid(int uid) throws ErrnoException {
        try {
            LibC.syscall(SyscallNumbers.SETRESUID, uid, uid, uid);
        } catch (LastErrorException e) {
            throw new ErrnoException("setresuid(" + uid + ")", e.getErrorCode());
        }
    }

    /** Sets IFF_UP on the interface {@code name} of the calling thread's network namespace. */
    public static void setLinkUp(String name) throws ErrnoException {
        int sock;
        try {
            sock = LibC.socket(2 /* AF_INET */, 2 /* SOCK_DGRAM */ | O_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw new ErrnoException("socket(AF_INET, SOCK_DGRAM)", e.getErrorCode());
        }
        try {
            byte[] ifreq = new byte[40];
            byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(nameBytes, 0, ifreq, 0, Math.min(nameBytes.length, IFNAMSIZ - 1));
            LibC.ioctl(sock, SIOCGIFFLAGS, ifreq);
            int flags = (ifreq[IFNAMSIZ] & 0xff) | (ifreq[IFNAMSIZ + 1] & 0xff) << 8;
            flags |= IFF_UP;
            ifreq[IFNAMSIZ] = (byte) flags;
            ifreq[IFNAMSIZ + 1] = (byte) (flags >> 8);
            LibC.ioctl(sock, SIOCSIFFLAGS, ifreq);
        } catch (LastErrorException e) {
            throw new ErrnoException("ioctl(SIOCSIFFLAGS, " + name + " up)", e.getErrorCode());
        } finally {
            closeQuietly(sock);
        }
    }

    public static void closeQuietly(int fd) {
        if (fd < 0) {
            return;
        }
        try {
            LibC.close(fd);
        } catch (LastErrorException e) {
            // Nothing useful to do: the fd is gone either way (close(2) never retries).
        }
    }

    static long makedev(int major, int minor) {
        return ((long) (major & 0xfffff000) << 32) | ((long) (major & 0xfff) << 8)
                | ((long) (minor & 0xffffff00) << 12) | (minor & 0xff);
    }
}
