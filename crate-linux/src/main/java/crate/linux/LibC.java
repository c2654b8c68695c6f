package crate.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;

/**
 * libc's functions, each called through a {@link LibcFunction}: JNA's generic call path,
 * the function looked up at its first call. Each function that reports failure through
 * errno throws {@link LastErrorException} with it. Only {@link Syscalls} and the helpers of
 * this package call these; each method passes its arguments with the C types' widths.
 *
 * <p>Not JNA's direct mapping ({@code Native.register} of {@code static native} methods),
 * though its calls are a little cheaper: registering initialises JNA's
 * {@code Structure.FFIType}, whose annotations the JDK reads through dynamic proxies and
 * method handles spun at run time, which no AOT cache holds: tens of milliseconds in every
 * JVM that touched this class (init's and the CLI's), whatever the number of methods, where
 * the first call through a {@code Function} costs about 1 ms. A call then costs a little more (boxing, libffi's
 * per-call preparation): a tenth more for getpid, about the same for a call with a path.
 * See README, Performance.
 */
final class LibC {
    private LibC() {}

    // namespaces and mounts
    private static final LibcFunction UNSHARE = LibcFunction.errno("unshare");

    static int unshare(int flags) throws LastErrorException {
        return UNSHARE.invokeInt(flags);
    }

    private static final LibcFunction SETNS = LibcFunction.errno("setns");

    static int setns(int fd, int nstype) throws LastErrorException {
        return SETNS.invokeInt(fd, nstype);
    }

    private static final LibcFunction MOUNT = LibcFunction.errno("mount");

    static int mount(String source, String target, String fstype, long flags, String data) throws LastErrorException {
        return MOUNT.invokeInt(source, target, fstype, flags, data);
    }

    private static final LibcFunction UMOUNT2 = LibcFunction.errno("umount2");

    static int umount2(String target, int flags) throws LastErrorException {
        return UMOUNT2.invokeInt(target, flags);
    }

    private static final LibcFunction SETHOSTNAME = LibcFunction.errno("sethostname");

    static int sethostname(String name, long len) throws LastErrorException {
        return SETHOSTNAME.invokeInt(name, len);
    }

    private static final LibcFunction SETDOMAINNAME = LibcFunction.errno("setdomainname");

    static int setdomainname(String name, long len) throws LastErrorException {
        return SETDOMAINNAME.invokeInt(name, len);
    }

    private static final LibcFunction SYSCALL = LibcFunction.errno("syscall");

    /** syscall(2) for calls glibc does not wrap (pivot_root) with two path arguments. */
    static long syscall(long number, String arg1, String arg2) throws LastErrorException {
        return SYSCALL.invokeLong(number, arg1, arg2);
    }

    /** syscall(2) with three integer arguments (raw setresuid/setresgid: glibc's broadcast to all threads). */
    static long syscall(long number, long arg1, long arg2, long arg3) throws LastErrorException {
        return SYSCALL.invokeLong(number, arg1, arg2, arg3);
    }

    /** keyctl(KEYCTL_JOIN_SESSION_KEYRING, name). */
    static long syscall(long number, long arg1, String arg2) throws LastErrorException {
        return SYSCALL.invokeLong(number, arg1, arg2);
    }

    /** syscall(2) for rt_sigaction: signal, new action, old action, sigset size. */
    static long syscall(long number, long arg1, Pointer arg2, Pointer arg3, long arg4) throws LastErrorException {
        return SYSCALL.invokeLong(number, arg1, arg2, arg3, arg4);
    }

    /** syscall(2) for bpf: a command, its attribute block and the block's size. */
    static long syscall(long number, long cmd, Pointer attr, long size) throws LastErrorException {
        return SYSCALL.invokeLong(number, cmd, attr, size);
    }

    /** syscall(2) for seccomp: an operation, flags and a pointer (struct sock_fprog). */
    static long syscall(long number, long op, long flags, Pointer args) throws LastErrorException {
        return SYSCALL.invokeLong(number, op, flags, args);
    }

    /** syscall(2) for setgroups: a count and an array. */
    static long syscall(long number, long count, int[] list) throws LastErrorException {
        return SYSCALL.invokeLong(number, count, list);
    }

    /** syscall(2) for openat2: a directory fd, a path, a struct open_how (three u64) and its size. */
    static long syscall(long number, long dirfd, String path, long[] how, long size) throws LastErrorException {
        return SYSCALL.invokeLong(number, dirfd, path, how, size);
    }

    /** syscall(2) for mount_setattr: a directory fd, a path, flags, a struct mount_attr (four u64) and its size. */
    static long syscall(long number, long dirfd, String path, long flags, long[] attr, long size) throws LastErrorException {
        return SYSCALL.invokeLong(number, dirfd, path, flags, attr, size);
    }

    // files
    private static final LibcFunction OPEN = LibcFunction.errno("open");

    static int open(String path, int flags, int mode) throws LastErrorException {
        return OPEN.invokeInt(path, flags, mode);
    }

    private static final LibcFunction CLOSE = LibcFunction.errno("close");

    static int close(int fd) throws LastErrorException {
        return CLOSE.invokeInt(fd);
    }

    private static final LibcFunction READ = LibcFunction.errno("read");

    static long read(int fd, byte[] buf, long count) throws LastErrorException {
        return READ.invokeLong(fd, buf, count);
    }

    private static final LibcFunction WRITE = LibcFunction.errno("write");

    static long write(int fd, byte[] buf, long count) throws LastErrorException {
        return WRITE.invokeLong(fd, buf, count);
    }

    private static final LibcFunction PIPE2 = LibcFunction.errno("pipe2");

    static int pipe2(int[] fds, int flags) throws LastErrorException {
        return PIPE2.invokeInt(fds, flags);
    }

    private static final LibcFunction FCNTL = LibcFunction.errno("fcntl");

    static int fcntl(int fd, int cmd, int arg) throws LastErrorException {
        return FCNTL.invokeInt(fd, cmd, arg);
    }

    private static final LibcFunction CLOSE_RANGE = LibcFunction.errno("close_range");

    static int close_range(int first, int last, int flags) throws LastErrorException {
        return CLOSE_RANGE.invokeInt(first, last, flags);
    }

    private static final LibcFunction POLL = LibcFunction.errno("poll");

    /**
     * {@code fds} holds struct pollfd {int fd; short events; short revents} as two ints per
     * entry: the fd, then events in the low and revents in the high 16 bits (little-endian,
     * as x86_64 and aarch64 Linux).
     */
    static int poll(int[] fds, long nfds, int timeoutMillis) throws LastErrorException {
        return POLL.invokeInt(fds, nfds, timeoutMillis);
    }

    private static final LibcFunction MKDIR = LibcFunction.errno("mkdir");

    static int mkdir(String path, int mode) throws LastErrorException {
        return MKDIR.invokeInt(path, mode);
    }

    private static final LibcFunction MKDIRAT = LibcFunction.errno("mkdirat");

    static int mkdirat(int dirfd, String path, int mode) throws LastErrorException {
        return MKDIRAT.invokeInt(dirfd, path, mode);
    }

    private static final LibcFunction FSTATFS = LibcFunction.errno("fstatfs");

    /** {@code buf} receives a struct statfs (120 bytes on x86_64 and aarch64). */
    static int fstatfs(int fd, byte[] buf) throws LastErrorException {
        return FSTATFS.invokeInt(fd, buf);
    }

    private static final LibcFunction MKNOD = LibcFunction.errno("mknod");

    static int mknod(String path, int mode, long dev) throws LastErrorException {
        return MKNOD.invokeInt(path, mode, dev);
    }

    private static final LibcFunction MKFIFO = LibcFunction.errno("mkfifo");

    static int mkfifo(String path, int mode) throws LastErrorException {
        return MKFIFO.invokeInt(path, mode);
    }

    private static final LibcFunction CHMOD = LibcFunction.errno("chmod");

    static int chmod(String path, int mode) throws LastErrorException {
        return CHMOD.invokeInt(path, mode);
    }

    private static final LibcFunction SYMLINK = LibcFunction.errno("symlink");

    static int symlink(String target, String linkPath) throws LastErrorException {
        return SYMLINK.invokeInt(target, linkPath);
    }

    private static final LibcFunction CHDIR = LibcFunction.errno("chdir");

    static int chdir(String path) throws LastErrorException {
        return CHDIR.invokeInt(path);
    }

    private static final LibcFunction CHROOT = LibcFunction.errno("chroot");

    static int chroot(String path) throws LastErrorException {
        return CHROOT.invokeInt(path);
    }

    private static final LibcFunction DUP2 = LibcFunction.errno("dup2");

    static int dup2(int oldFd, int newFd) throws LastErrorException {
        return DUP2.invokeInt(oldFd, newFd);
    }

    private static final LibcFunction FCHOWN = LibcFunction.errno("fchown");

    static int fchown(int fd, int uid, int gid) throws LastErrorException {
        return FCHOWN.invokeInt(fd, uid, gid);
    }

    // fd-relative file calls (FilesAt): writing a tree confined beneath a directory fd
    private static final LibcFunction MKNODAT = LibcFunction.errno("mknodat");

    static int mknodat(int dirfd, String path, int mode, long dev) throws LastErrorException {
        return MKNODAT.invokeInt(dirfd, path, mode, dev);
    }

    private static final LibcFunction SYMLINKAT = LibcFunction.errno("symlinkat");

    static int symlinkat(String target, int newDirfd, String linkPath) throws LastErrorException {
        return SYMLINKAT.invokeInt(target, newDirfd, linkPath);
    }

    private static final LibcFunction LINKAT = LibcFunction.errno("linkat");

    static int linkat(int oldDirfd, String oldPath, int newDirfd, String newPath, int flags) throws LastErrorException {
        return LINKAT.invokeInt(oldDirfd, oldPath, newDirfd, newPath, flags);
    }

    private static final LibcFunction FCHOWNAT = LibcFunction.errno("fchownat");

    static int fchownat(int dirfd, String path, int uid, int gid, int flags) throws LastErrorException {
        return FCHOWNAT.invokeInt(dirfd, path, uid, gid, flags);
    }

    private static final LibcFunction FCHMODAT = LibcFunction.errno("fchmodat");

    static int fchmodat(int dirfd, String path, int mode, int flags) throws LastErrorException {
        return FCHMODAT.invokeInt(dirfd, path, mode, flags);
    }

    private static final LibcFunction UTIMENSAT = LibcFunction.errno("utimensat");

    /** {@code times} is struct timespec[2] (atime, mtime) as four 64-bit values: sec, nsec, sec, nsec. */
    static int utimensat(int dirfd, String path, long[] times, int flags) throws LastErrorException {
        return UTIMENSAT.invokeInt(dirfd, path, times, flags);
    }

    private static final LibcFunction UNLINKAT = LibcFunction.errno("unlinkat");

    static int unlinkat(int dirfd, String path, int flags) throws LastErrorException {
        return UNLINKAT.invokeInt(dirfd, path, flags);
    }

    private static final LibcFunction LGETXATTR = LibcFunction.errno("lgetxattr");

    static long lgetxattr(String path, String name, byte[] value, long size) throws LastErrorException {
        return LGETXATTR.invokeLong(path, name, value, size);
    }

    private static final LibcFunction LSETXATTR = LibcFunction.errno("lsetxattr");

    static int lsetxattr(String path, String name, byte[] value, long size, int flags) throws LastErrorException {
        return LSETXATTR.invokeInt(path, name, value, size, flags);
    }

    private static final LibcFunction FLOCK = LibcFunction.errno("flock");

    static int flock(int fd, int operation) throws LastErrorException {
        return FLOCK.invokeInt(fd, operation);
    }

    private static final LibcFunction SYNCFS = LibcFunction.errno("syncfs");

    static int syncfs(int fd) throws LastErrorException {
        return SYNCFS.invokeInt(fd);
    }

    private static final LibcFunction UMASK = LibcFunction.plain("umask");

    static int umask(int mask) {
        return UMASK.invokeInt(mask);
    }

    // processes and signals
    private static final LibcFunction GETPID = LibcFunction.plain("getpid");

    static int getpid() {
        return GETPID.invokeInt();
    }

    private static final LibcFunction SETSID = LibcFunction.errno("setsid");

    static int setsid() throws LastErrorException {
        return SETSID.invokeInt();
    }

    private static final LibcFunction GETSID = LibcFunction.errno("getsid");

    static int getsid(int pid) throws LastErrorException {
        return GETSID.invokeInt(pid);
    }

    private static final LibcFunction KILL = LibcFunction.errno("kill");

    static int kill(int pid, int sig) throws LastErrorException {
        return KILL.invokeInt(pid, sig);
    }

    private static final LibcFunction WAITPID = LibcFunction.errno("waitpid");

    static int waitpid(int pid, int[] status, int options) throws LastErrorException {
        return WAITPID.invokeInt(pid, status, options);
    }

    private static final LibcFunction PRLIMIT = LibcFunction.errno("prlimit");

    /** struct rlimit is {rlim_cur, rlim_max}, two 64-bit values; either array may be null. */
    static int prlimit(int pid, int resource, long[] newLimit, long[] oldLimit) throws LastErrorException {
        return PRLIMIT.invokeInt(pid, resource, newLimit, oldLimit);
    }

    private static final LibcFunction EXECVE = LibcFunction.errno("execve");

    static int execve(String path, Pointer argv, Pointer envp) throws LastErrorException {
        return EXECVE.invokeInt(path, argv, envp);
    }

    private static final LibcFunction MEMFD_CREATE = LibcFunction.errno("memfd_create");

    static int memfd_create(String name, int flags) throws LastErrorException {
        return MEMFD_CREATE.invokeInt(name, flags);
    }

    private static final LibcFunction PRCTL = LibcFunction.errno("prctl");

    static int prctl(int option, long arg2, long arg3, long arg4, long arg5) throws LastErrorException {
        return PRCTL.invokeInt(option, arg2, arg3, arg4, arg5);
    }

    private static final LibcFunction CAPSET = LibcFunction.errno("capset");

    /**
     * capset(2) and capget(2), per thread: {@code header} is struct __user_cap_header_struct
     * {version, pid}; {@code data} two struct __user_cap_data_struct {effective, permitted,
     * inheritable} (version 3: the low 32 capabilities, then the high ones).
     */
    static int capset(int[] header, int[] data) throws LastErrorException {
        return CAPSET.invokeInt(header, data);
    }

    private static final LibcFunction CAPGET = LibcFunction.errno("capget");

    static int capget(int[] header, int[] data) throws LastErrorException {
        return CAPGET.invokeInt(header, data);
    }

    private static final LibcFunction SIGEMPTYSET = LibcFunction.plain("sigemptyset");

    static int sigemptyset(Pointer set) {
        return SIGEMPTYSET.invokeInt(set);
    }

    private static final LibcFunction SIGFILLSET = LibcFunction.plain("sigfillset");

    static int sigfillset(Pointer set) {
        return SIGFILLSET.invokeInt(set);
    }

    private static final LibcFunction PTHREAD_SIGMASK = LibcFunction.plain("pthread_sigmask");

    /** Returns an error number, not -1 with errno (as all pthread functions). */
    static int pthread_sigmask(int how, Pointer set, Pointer oldSet) {
        return PTHREAD_SIGMASK.invokeInt(how, set, oldSet);
    }

    // posix_spawn: these return an error number rather than setting errno
    private static final LibcFunction POSIX_SPAWN = LibcFunction.plain("posix_spawn");

    static int posix_spawn(int[] pid, String path, Pointer fileActions, Pointer attr, Pointer argv, Pointer envp) {
        return POSIX_SPAWN.invokeInt(pid, path, fileActions, attr, argv, envp);
    }

    private static final LibcFunction POSIX_SPAWN_FILE_ACTIONS_INIT = LibcFunction.plain("posix_spawn_file_actions_init");

    static int posix_spawn_file_actions_init(Pointer fileActions) {
        return POSIX_SPAWN_FILE_ACTIONS_INIT.invokeInt(fileActions);
    }

    private static final LibcFunction POSIX_SPAWN_FILE_ACTIONS_DESTROY = LibcFunction.plain("posix_spawn_file_actions_destroy");

    static int posix_spawn_file_actions_destroy(Pointer fileActions) {
        return POSIX_SPAWN_FILE_ACTIONS_DESTROY.invokeInt(fileActions);
    }

    private static final LibcFunction POSIX_SPAWN_FILE_ACTIONS_ADDDUP2 = LibcFunction.plain("posix_spawn_file_actions_adddup2");

    static int posix_spawn_file_actions_adddup2(Pointer fileActions, int fd, int newFd) {
        return POSIX_SPAWN_FILE_ACTIONS_ADDDUP2.invokeInt(fileActions, fd, newFd);
    }

    private static final LibcFunction POSIX_SPAWN_FILE_ACTIONS_ADDCLOSEFROM_NP = LibcFunction.plain("posix_spawn_file_actions_addclosefrom_np");

    static int posix_spawn_file_actions_addclosefrom_np(Pointer fileActions, int from) {
        return POSIX_SPAWN_FILE_ACTIONS_ADDCLOSEFROM_NP.invokeInt(fileActions, from);
    }

    private static final LibcFunction POSIX_SPAWN_FILE_ACTIONS_ADDCHDIR_NP = LibcFunction.plain("posix_spawn_file_actions_addchdir_np");

    static int posix_spawn_file_actions_addchdir_np(Pointer fileActions, String path) {
        return POSIX_SPAWN_FILE_ACTIONS_ADDCHDIR_NP.invokeInt(fileActions, path);
    }

    private static final LibcFunction POSIX_SPAWNATTR_INIT = LibcFunction.plain("posix_spawnattr_init");

    static int posix_spawnattr_init(Pointer attr) {
        return POSIX_SPAWNATTR_INIT.invokeInt(attr);
    }

    private static final LibcFunction POSIX_SPAWNATTR_DESTROY = LibcFunction.plain("posix_spawnattr_destroy");

    static int posix_spawnattr_destroy(Pointer attr) {
        return POSIX_SPAWNATTR_DESTROY.invokeInt(attr);
    }

    private static final LibcFunction POSIX_SPAWNATTR_SETFLAGS = LibcFunction.plain("posix_spawnattr_setflags");

    static int posix_spawnattr_setflags(Pointer attr, short flags) {
        return POSIX_SPAWNATTR_SETFLAGS.invokeInt(attr, flags);
    }

    private static final LibcFunction POSIX_SPAWNATTR_SETPGROUP = LibcFunction.plain("posix_spawnattr_setpgroup");

    static int posix_spawnattr_setpgroup(Pointer attr, int pgroup) {
        return POSIX_SPAWNATTR_SETPGROUP.invokeInt(attr, pgroup);
    }

    private static final LibcFunction POSIX_SPAWNATTR_SETSIGMASK = LibcFunction.plain("posix_spawnattr_setsigmask");

    static int posix_spawnattr_setsigmask(Pointer attr, Pointer sigmask) {
        return POSIX_SPAWNATTR_SETSIGMASK.invokeInt(attr, sigmask);
    }

    private static final LibcFunction POSIX_SPAWNATTR_SETSIGDEFAULT = LibcFunction.plain("posix_spawnattr_setsigdefault");

    static int posix_spawnattr_setsigdefault(Pointer attr, Pointer sigdefault) {
        return POSIX_SPAWNATTR_SETSIGDEFAULT.invokeInt(attr, sigdefault);
    }

    // sockets
    private static final LibcFunction SOCKET = LibcFunction.errno("socket");

    static int socket(int domain, int type, int protocol) throws LastErrorException {
        return SOCKET.invokeInt(domain, type, protocol);
    }

    private static final LibcFunction SOCKETPAIR = LibcFunction.errno("socketpair");

    static int socketpair(int domain, int type, int protocol, int[] fds) throws LastErrorException {
        return SOCKETPAIR.invokeInt(domain, type, protocol, fds);
    }

    private static final LibcFunction CONNECT = LibcFunction.errno("connect");

    /** {@code addr} is a struct sockaddr_un laid out by {@link UnixSocket}. */
    static int connect(int fd, byte[] addr, int addrLen) throws LastErrorException {
        return CONNECT.invokeInt(fd, addr, addrLen);
    }

    private static final LibcFunction BIND = LibcFunction.errno("bind");

    static int bind(int fd, byte[] addr, int addrLen) throws LastErrorException {
        return BIND.invokeInt(fd, addr, addrLen);
    }

    private static final LibcFunction LISTEN = LibcFunction.errno("listen");

    static int listen(int fd, int backlog) throws LastErrorException {
        return LISTEN.invokeInt(fd, backlog);
    }

    private static final LibcFunction ACCEPT4 = LibcFunction.errno("accept4");

    static int accept4(int fd, Pointer addr, Pointer addrLen, int flags) throws LastErrorException {
        return ACCEPT4.invokeInt(fd, addr, addrLen, flags);
    }

    private static final LibcFunction SENDMSG = LibcFunction.errno("sendmsg");

    /** {@code msg} is a struct msghdr laid out by {@link ScmRights}. */
    static long sendmsg(int fd, Pointer msg, int flags) throws LastErrorException {
        return SENDMSG.invokeLong(fd, msg, flags);
    }

    private static final LibcFunction RECVMSG = LibcFunction.errno("recvmsg");

    static long recvmsg(int fd, Pointer msg, int flags) throws LastErrorException {
        return RECVMSG.invokeLong(fd, msg, flags);
    }

    // ioctl(2) is variadic; on x86_64 and aarch64 Linux a variadic integer or pointer argument
    // is passed as a named one, so each argument type gets its own binding.
    private static final LibcFunction IOCTL = LibcFunction.errno("ioctl");

    static int ioctl(int fd, long request, byte[] arg) throws LastErrorException {
        return IOCTL.invokeInt(fd, request, arg);
    }

    /** ioctl with an int pointer (TIOCSPTLCK, TIOCGPTN). */
    static int ioctl(int fd, long request, int[] arg) throws LastErrorException {
        return IOCTL.invokeInt(fd, request, arg);
    }

    /** ioctl with a struct winsize: four unsigned shorts (TIOCGWINSZ, TIOCSWINSZ). */
    static int ioctl(int fd, long request, short[] arg) throws LastErrorException {
        return IOCTL.invokeInt(fd, request, arg);
    }

    /** ioctl with an integer argument (TIOCSCTTY). */
    static int ioctl(int fd, long request, long arg) throws LastErrorException {
        return IOCTL.invokeInt(fd, request, arg);
    }

    // terminals: struct termios is opaque here (glibc's is 60 bytes; callers pass 64)
    private static final LibcFunction TCGETATTR = LibcFunction.errno("tcgetattr");

    static int tcgetattr(int fd, byte[] termios) throws LastErrorException {
        return TCGETATTR.invokeInt(fd, termios);
    }

    private static final LibcFunction TCSETATTR = LibcFunction.errno("tcsetattr");

    static int tcsetattr(int fd, int optionalActions, byte[] termios) throws LastErrorException {
        return TCSETATTR.invokeInt(fd, optionalActions, termios);
    }

    private static final LibcFunction CFMAKERAW = LibcFunction.plain("cfmakeraw");

    static void cfmakeraw(byte[] termios) {
        CFMAKERAW.invokeVoid(termios);
    }

    private static final LibcFunction ISATTY = LibcFunction.plain("isatty");

    /** 1 for a terminal; 0 with errno (ENOTTY, EBADF) otherwise. */
    static int isatty(int fd) {
        return ISATTY.invokeInt(fd);
    }

    private static final LibcFunction STRERROR = LibcFunction.plain("strerror");

    static String strerror(int errnum) {
        return STRERROR.invokeString(errnum);
    }
}
