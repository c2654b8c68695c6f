package crate.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * libc's functions, bound with JNA direct mapping (the cheapest JNA call path). Each
 * function that reports failure through errno declares {@link LastErrorException}; JNA then
 * captures errno right after the call. Only {@link Syscalls} and the helpers of this package
 * call these.
 */
final class LibC {
    static {
        // The soname, not "c": for a bare name JNA searches the library path and runs
        // `ldconfig -p` (a fork) in every JVM that loads this class.
        Native.register(LibC.class, NativeLibrary.getInstance("libc.so.6"));
    }

    private LibC() {}

    // namespaces and mounts
    static native int unshare(int flags) throws LastErrorException;

    static native int setns(int fd, int nstype) throws LastErrorException;

    static native int mount(String source, String target, String fstype, long flags, String data)
            throws LastErrorException;

    static native int umount2(String target, int flags) throws LastErrorException;

    static native int sethostname(String name, long len) throws LastErrorException;

    static native int setdomainname(String name, long len) throws LastErrorException;

    /** syscall(2) for calls glibc does not wrap (pivot_root) with two path arguments. */
    static native long syscall(long number, String arg1, String arg2) throws LastErrorException;

    /** syscall(2) with three integer arguments (raw setresuid/setresgid: glibc's broadcast to all threads). */
    static native long syscall(long number, long arg1, long arg2, long arg3) throws LastErrorException;

    /** keyctl(KEYCTL_JOIN_SESSION_KEYRING, name). */
    static native long syscall(long number, long arg1, String arg2) throws LastErrorException;

    /** syscall(2) for rt_sigaction: signal, new action, old action, sigset size. */
    static native long syscall(long number, long arg1, Pointer arg2, Pointer arg3, long arg4) throws LastErrorException;

    /** syscall(2) for bpf: a command, its attribute block and the block's size. */
    static native long syscall(long number, long cmd, Pointer attr, long size) throws LastErrorException;

    /** syscall(2) for seccomp: an operation, flags and a pointer (struct sock_fprog). */
    static native long syscall(long number, long op, long flags, Pointer args) throws LastErrorException;

    /** syscall(2) for setgroups: a count and an array. */
    static native long syscall(long number, long count, int[] list) throws LastErrorException;

    /** syscall(2) for openat2: a directory fd, a path, a struct open_how (three u64) and its size. */
    static native long syscall(long number, long dirfd, String path, long[] how, long size) throws LastErrorException;

    /** syscall(2) for mount_setattr: a directory fd, a path, flags, a struct mount_attr (four u64) and its size. */
    static native long syscall(long number, long dirfd, String path, long flags, long[] attr, long size)
            throws LastErrorException;

    // files
    static native int open(String path, int flags, int mode) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    static native long read(int fd, byte[] buf, long count) throws LastErrorException;

    static native long write(int fd, byte[] buf, long count) throws LastErrorException;

    static native int pipe2(int[] fds, int flags) throws LastErrorException;

    static native int fcntl(int fd, int cmd, int arg) throws LastErrorException;

    static native int close_range(int first, int last, int flags) throws LastErrorException;

    /**
     * {@code fds} holds struct pollfd {int fd; short events; short revents} as two ints per
     * entry: the fd, then events in the low and revents in the high 16 bits (little-endian,
     * as x86_64 and aarch64 Linux).
     */
    static native int poll(int[] fds, long nfds, int timeoutMillis) throws LastErrorException;

    static native int mkdir(String path, int mode) throws LastErrorException;

    static native int mkdirat(int dirfd, String path, int mode) throws LastErrorException;

    /** {@code buf} receives a struct statfs (120 bytes on x86_64 and aarch64). */
    static native int fstatfs(int fd, byte[] buf) throws LastErrorException;

    static native int mknod(String path, int mode, long dev) throws LastErrorException;

    static native int mkfifo(String path, int mode) throws LastErrorException;

    static native int chmod(String path, int mode) throws LastErrorException;

    static native int symlink(String target, String linkPath) throws LastErrorException;

    static native int chdir(String path) throws LastErrorException;

    static native int chroot(String path) throws LastErrorException;

    static native int dup2(int oldFd, int newFd) throws LastErrorException;

    static native int fchown(int fd, int uid, int gid) throws LastErrorException;

    // fd-relative file calls (FilesAt): writing a tree confined beneath a directory fd
    static native int mknodat(int dirfd, String path, int mode, long dev) throws LastErrorException;

    static native int symlinkat(String target, int newDirfd, String linkPath) throws LastErrorException;

    static native int linkat(int oldDirfd, String oldPath, int newDirfd, String newPath, int flags)
            throws LastErrorException;

    static native int fchownat(int dirfd, String path, int uid, int gid, int flags) throws LastErrorException;

    static native int fchmodat(int dirfd, String path, int mode, int flags) throws LastErrorException;

    /** {@code times} is struct timespec[2] (atime, mtime) as four 64-bit values: sec, nsec, sec, nsec. */
    static native int utimensat(int dirfd, String path, long[] times, int flags) throws LastErrorException;

    static native int unlinkat(int dirfd, String path, int flags) throws LastErrorException;

    static native int lsetxattr(String path, String name, byte[] value, long size, int flags) throws LastErrorException;

    static native int flock(int fd, int operation) throws LastErrorException;

    static native int syncfs(int fd) throws LastErrorException;

    static native int umask(int mask);

    // processes and signals
    static native int getpid();

    static native int setsid() throws LastErrorException;

    static native int getsid(int pid) throws LastErrorException;

    static native int kill(int pid, int sig) throws LastErrorException;

    static native int waitpid(int pid, int[] status, int options) throws LastErrorException;

    /** struct rlimit is {rlim_cur, rlim_max}, two 64-bit values; either array may be null. */
    static native int prlimit(int pid, int resource, long[] newLimit, long[] oldLimit) throws LastErrorException;

    static native int execve(String path, Pointer argv, Pointer envp) throws LastErrorException;

    static native int memfd_create(String name, int flags) throws LastErrorException;

    static native int prctl(int option, long arg2, long arg3, long arg4, long arg5) throws LastErrorException;

    /**
     * capset(2) and capget(2), per thread: {@code header} is struct __user_cap_header_struct
     * {version, pid}; {@code data} two struct __user_cap_data_struct {effective, permitted,
     * inheritable} (version 3: the low 32 capabilities, then the high ones).
     */
    static native int capset(int[] header, int[] data) throws LastErrorException;

    static native int capget(int[] header, int[] data) throws LastErrorException;

    static native int sigemptyset(Pointer set);

    static native int sigfillset(Pointer set);

    /** Returns an error number, not -1 with errno (as all pthread functions). */
    static native int pthread_sigmask(int how, Pointer set, Pointer oldSet);

    // posix_spawn: these return an error number rather than setting errno
    static native int posix_spawn(int[] pid, String path, Pointer fileActions, Pointer attr, Pointer argv, Pointer envp);

    static native int posix_spawn_file_actions_init(Pointer fileActions);

    static native int posix_spawn_file_actions_destroy(Pointer fileActions);

    static native int posix_spawn_file_actions_adddup2(Pointer fileActions, int fd, int newFd);

    static native int posix_spawn_file_actions_addclosefrom_np(Pointer fileActions, int from);

    static native int posix_spawn_file_actions_addchdir_np(Pointer fileActions, String path);

    static native int posix_spawnattr_init(Pointer attr);

    static native int posix_spawnattr_destroy(Pointer attr);

    static native int posix_spawnattr_setflags(Pointer attr, short flags);

    static native int posix_spawnattr_setpgroup(Pointer attr, int pgroup);

    static native int posix_spawnattr_setsigmask(Pointer attr, Pointer sigmask);

    static native int posix_spawnattr_setsigdefault(Pointer attr, Pointer sigdefault);

    // sockets
    static native int socket(int domain, int type, int protocol) throws LastErrorException;

    static native int socketpair(int domain, int type, int protocol, int[] fds) throws LastErrorException;

    /** {@code addr} is a struct sockaddr_un laid out by {@link UnixSocket}. */
    static native int connect(int fd, byte[] addr, int addrLen) throws LastErrorException;

    static native int bind(int fd, byte[] addr, int addrLen) throws LastErrorException;

    static native int listen(int fd, int backlog) throws LastErrorException;

    static native int accept4(int fd, Pointer addr, Pointer addrLen, int flags) throws LastErrorException;

    /** {@code msg} is a struct msghdr laid out by {@link ScmRights}. */
    static native long sendmsg(int fd, Pointer msg, int flags) throws LastErrorException;

    static native long recvmsg(int fd, Pointer msg, int flags) throws LastErrorException;

    // ioctl(2) is variadic; on x86_64 and aarch64 Linux a variadic integer or pointer argument
    // is passed as a named one, so each argument type gets its own binding.
    static native int ioctl(int fd, long request, byte[] arg) throws LastErrorException;

    /** ioctl with an int pointer (TIOCSPTLCK, TIOCGPTN). */
    static native int ioctl(int fd, long request, int[] arg) throws LastErrorException;

    /** ioctl with a struct winsize: four unsigned shorts (TIOCGWINSZ, TIOCSWINSZ). */
    static native int ioctl(int fd, long request, short[] arg) throws LastErrorException;

    /** ioctl with an integer argument (TIOCSCTTY). */
    static native int ioctl(int fd, long request, long arg) throws LastErrorException;

    // terminals: struct termios is opaque here (glibc's is 60 bytes; callers pass 64)
    static native int tcgetattr(int fd, byte[] termios) throws LastErrorException;

    static native int tcsetattr(int fd, int optionalActions, byte[] termios) throws LastErrorException;

    static native void cfmakeraw(byte[] termios);

    /** 1 for a terminal; 0 with errno (ENOTTY, EBADF) otherwise. */
    static native int isatty(int fd);

    static native String strerror(int errnum);
}
