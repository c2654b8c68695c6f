/*
 * syscall-probe: makes each system call named on the command line with arguments that make
 * it fail harmlessly even where nothing blocks it, and prints "NAME=RESULT" (an errno name,
 * or OK). SyscallAttacksIT builds it with gcc -static and runs it inside crate containers:
 * a blocked call answers EPERM, an unblocked one a different errno, never damage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static long attack(const char *name, long host_pid) {
    if (!strcmp(name, "reboot")) /* right magic1, wrong magic2: EINVAL after the CAP_SYS_BOOT check */
        return syscall(SYS_reboot, 0xfee1deadL, 0x12345678L, 0x89abcdefL, NULL);
    if (!strcmp(name, "kexec_load")) /* no segments, invalid flags: EINVAL after the CAP_SYS_BOOT check */
        return syscall(SYS_kexec_load, 0L, 1000L, NULL, 0x7fff0000L);
    if (!strcmp(name, "mount")) /* a file system type that does not exist: ENODEV */
        return syscall(SYS_mount, "none", "/tmp", "crate-no-such-fs", 0L, NULL);
    if (!strcmp(name, "unshare")) /* a new mount namespace for the probe alone */
        return syscall(SYS_unshare, (long) CLONE_NEWNS);
    if (!strcmp(name, "ptrace")) /* a host pid: not in the container's pid namespace */
        return syscall(SYS_ptrace, 16L /* PTRACE_ATTACH */, host_pid, NULL, NULL);
    if (!strcmp(name, "pidfd_getfd")) { /* one of the probe's own fds, through a pidfd */
        long pidfd = syscall(SYS_pidfd_open, (long) getpid(), 0L);
        if (pidfd < 0)
            return pidfd;
        return syscall(SYS_pidfd_getfd, pidfd, 0L, 0L);
    }
    if (!strcmp(name, "bpf")) /* BPF_PROG_LOAD of an empty attribute block: EINVAL */
        return syscall(SYS_bpf, 5L, NULL, 0L);
    if (!strcmp(name, "keyctl")) /* KEYCTL_GET_KEYRING_ID of the session keyring, without creating it */
        return syscall(SYS_keyctl, 0L, -3L, 0L);
    if (!strcmp(name, "init_module")) /* four zero bytes are no ELF module: ENOEXEC */
        return syscall(SYS_init_module, "\0\0\0\0", 4L, "");
    if (!strcmp(name, "finit_module")) /* fd -1: EBADF */
        return syscall(SYS_finit_module, -1L, "", 0L);
    if (!strcmp(name, "delete_module")) /* a module that is not loaded: ENOENT */
        return syscall(SYS_delete_module, "crate_no_such_module", 04000L /* O_NONBLOCK */);
    errno = EDOM;
    return -1;
}

int main(int argc, char **argv) {
    long host_pid = getenv("HOST_PID") ? atol(getenv("HOST_PID")) : 1;
    for (int i = 1; i < argc; i++) {
        errno = 0;
        long r = attack(argv[i], host_pid);
        printf("%s=%s\n", argv[i], r < 0 ? strerrorname_np(errno) : "OK");
    }
    return 0;
}
