package crate.seccomp.profile;

import crate.api.spec.LinuxSeccomp;
import java.util.ArrayList;
import java.util.List;

/**
 * Docker's default seccomp profile, built in: what {@code crate run} applies unless
 * {@code --security-opt seccomp=unconfined|FILE} says otherwise. Unknown calls get EPERM;
 * the allowed set and its conditions are those of moby's profiles/seccomp/default.json
 * (mount, unshare, setns, bpf... only with CAP_SYS_ADMIN; clone only without namespace
 * flags; reboot, module loading, kexec, keyctl, ptrace before kernel 4.8... never), plus the
 * calls of kernels 6.2 to 6.17 that libcs use with a fallback on ENOSYS only (cachestat,
 * fchmodat2, futex_wake/wait/requeue, map_shadow_stack, mseal, statmount, listmount,
 * the *xattrat calls), which Docker allows too: denying them with EPERM would break those
 * libcs. Rules are resolved per container against its bounding set.
 */
public final class DefaultProfile {
    /** Calls every container may make. */
    private static final String ALLOWED = """
            accept accept4 access adjtimex alarm bind brk cachestat capget capset chdir chmod chown chown32
            clock_adjtime clock_adjtime64 clock_getres clock_getres_time64 clock_gettime clock_gettime64
            clock_nanosleep clock_nanosleep_time64 close close_range connect copy_file_range creat dup dup2 dup3
            epoll_create epoll_create1 epoll_ctl epoll_ctl_old epoll_pwait epoll_pwait2 epoll_wait epoll_wait_old
            eventfd eventfd2 execve execveat exit exit_group faccessat faccessat2 fadvise64 fadvise64_64 fallocate
            fanotify_mark fchdir fchmod fchmodat fchmodat2 fchown fchown32 fchownat fcntl fcntl64 fdatasync
            fgetxattr flistxattr flock fork fremovexattr fsetxattr fstat fstat64 fstatat64 fstatfs fstatfs64 fsync
            ftruncate ftruncate64 futex futex_requeue futex_time64 futex_wait futex_waitv futex_wake futimesat
            getcpu getcwd getdents getdents64 getegid getegid32 geteuid geteuid32 getgid getgid32 getgroups
            getgroups32 getitimer getpeername getpgid getpgrp getpid getppid getpriority getrandom getresgid
            getresgid32 getresuid getresuid32 getrlimit get_robust_list getrusage getsid getsockname getsockopt
            get_thread_area gettid gettimeofday getuid getuid32 getxattr getxattrat inotify_add_watch inotify_init
            inotify_init1 inotify_rm_watch io_cancel ioctl io_destroy io_getevents io_pgetevents
            io_pgetevents_time64 ioprio_get ioprio_set io_setup io_submit io_uring_enter io_uring_register
            io_uring_setup ipc kill landlock_add_rule landlock_create_ruleset landlock_restrict_self lchown lchown32
            lgetxattr link linkat listen listmount listxattr listxattrat llistxattr _llseek lremovexattr lseek
            lsetxattr lstat lstat64 madvise map_shadow_stack membarrier memfd_create memfd_secret mincore mkdir
            mkdirat mknod mknodat mlock mlock2 mlockall mmap mmap2 mprotect mq_getsetattr mq_notify mq_open
            mq_timedreceive mq_timedreceive_time64 mq_timedsend mq_timedsend_time64 mq_unlink mremap mseal msgctl
            msgget msgrcv msgsnd msync munlock munlockall munmap name_to_handle_at nanosleep newfstatat _newselect
            open openat openat2 pause pidfd_open pidfd_send_signal pipe pipe2 pkey_alloc pkey_free pkey_mprotect
            poll ppoll ppoll_time64 prctl pread64 preadv preadv2 prlimit64 process_mrelease pselect6
            pselect6_time64 pwrite64 pwritev pwritev2 read readahead readlink readlinkat readv recv recvfrom
            recvmmsg recvmmsg_time64 recvmsg remap_file_pages removexattr removexattrat rename renameat renameat2
            restart_syscall rmdir rseq rt_sigaction rt_sigpending rt_sigprocmask rt_sigqueueinfo rt_sigreturn
            rt_sigsuspend rt_sigtimedwait rt_sigtimedwait_time64 rt_tgsigqueueinfo sched_getaffinity sched_getattr
            sched_getparam sched_get_priority_max sched_get_priority_min sched_getscheduler sched_rr_get_interval
            sched_rr_get_interval_time64 sched_setaffinity sched_setattr sched_setparam sched_setscheduler
            sched_yield seccomp select semctl semget semop semtimedop semtimedop_time64 send sendfile sendfile64
            sendmmsg sendmsg sendto setfsgid setfsgid32 setfsuid setfsuid32 setgid setgid32 setgroups setgroups32
            setitimer setpgid setpriority setregid setregid32 setresgid setresgid32 setresuid setresuid32 setreuid
            setreuid32 setrlimit set_robust_list setsid setsockopt set_thread_area set_tid_address setuid setuid32
            setxattr setxattrat shmat shmctl shmdt shmget shutdown sigaltstack signalfd signalfd4 sigprocmask
            sigreturn socketcall socketpair splice stat stat64 statfs statfs64 statmount statx symlink symlinkat
            sync sync_file_range syncfs sysinfo tee tgkill time timer_create timer_delete timer_getoverrun
            timer_gettime timer_gettime64 timer_settime timer_settime64 timerfd_create timerfd_gettime
            timerfd_gettime64 timerfd_settime timerfd_settime64 times tkill truncate truncate64 ugetrlimit umask
            uname unlink unlinkat utime utimensat utimensat_time64 utimes vfork vmsplice wait4 waitid waitpid
            write writev""";

    /** CLONE_NEWNS | NEWCGROUP | NEWUTS | NEWIPC | NEWUSER | NEWPID | NEWNET: clone may not make namespaces. */
    static final long CLONE_NAMESPACE_FLAGS = 0x7E020000L;
    /** AF_VSOCK: sockets to the hypervisor. */
    static final long AF_VSOCK = 40;
    /** The personality values Docker allows: PER_LINUX, UNAME26, PER_LINUX32, UNAME26|PER_LINUX32, and the query. */
    private static final long[] PERSONALITIES = {0x0, 0x8, 0x20000, 0x20008, 0xffffffffL};

    private static final SeccompProfile PROFILE = build();

    private DefaultProfile() {}

    /** The profile (Docker's format, with includes and excludes). */
    public static SeccompProfile profile() {
        return PROFILE;
    }

    private static ProfileRule.When caps(String... caps) {
        return new ProfileRule.When(null, List.of(caps), null);
    }

    private static ProfileRule.When arches(String... arches) {
        return new ProfileRule.When(List.of(arches), null, null);
    }

    private static SeccompProfile build() {
        List<ProfileRule> rules = new ArrayList<>();
        rules.add(ProfileRule.allow(ALLOWED.strip().split("\\s+")));
        rules.add(ProfileRule.allow("process_vm_readv", "process_vm_writev", "ptrace")
                .including(new ProfileRule.When(null, null, "4.8")));
        rules.add(ProfileRule.allow("socket").withArgs(new LinuxSeccomp.Arg(0, AF_VSOCK, 0, "SCMP_CMP_NE")));
        for (long personality : PERSONALITIES) {
            rules.add(ProfileRule.allow("personality").withArgs(new LinuxSeccomp.Arg(0, personality, 0, "SCMP_CMP_EQ")));
        }
        rules.add(ProfileRule.allow("sync_file_range2", "swapcontext").including(arches("ppc64le")));
        rules.add(ProfileRule.allow("arm_fadvise64_64", "arm_sync_file_range", "sync_file_range2", "breakpoint",
                "cacheflush", "set_tls").including(arches("arm", "arm64")));
        rules.add(ProfileRule.allow("arch_prctl").including(arches("amd64", "x32")));
        rules.add(ProfileRule.allow("modify_ldt").including(arches("amd64", "x32", "x86")));
        rules.add(ProfileRule.allow("s390_pci_mmio_read", "s390_pci_mmio_write", "s390_runtime_instr")
                .including(arches("s390", "s390x")));
        rules.add(ProfileRule.allow("riscv_flush_icache").including(arches("riscv64")));
        rules.add(ProfileRule.allow("open_by_handle_at").including(caps("CAP_DAC_READ_SEARCH")));
        rules.add(ProfileRule.allow("bpf", "clone", "clone3", "fanotify_init", "fsconfig", "fsmount", "fsopen", "fspick",
                "lookup_dcookie", "mount", "mount_setattr", "move_mount", "open_tree", "perf_event_open", "quotactl",
                "quotactl_fd", "setdomainname", "sethostname", "setns", "syslog", "umount", "umount2", "unshare")
                .including(caps("CAP_SYS_ADMIN")));
        rules.add(ProfileRule.allow("clone")
                .withArgs(new LinuxSeccomp.Arg(0, CLONE_NAMESPACE_FLAGS, 0, "SCMP_CMP_MASKED_EQ"))
                .excluding(new ProfileRule.When(List.of("s390", "s390x"), List.of("CAP_SYS_ADMIN"), null)));
        // s390 passes clone's flags second.
        rules.add(ProfileRule.allow("clone")
                .withArgs(new LinuxSeccomp.Arg(1, CLONE_NAMESPACE_FLAGS, 0, "SCMP_CMP_MASKED_EQ"))
                .including(arches("s390", "s390x")).excluding(caps("CAP_SYS_ADMIN")));
        // clone3 passes its flags in memory, out of a filter's reach: ENOSYS makes libcs use clone.
        rules.add(new ProfileRule(List.of("clone3"), "SCMP_ACT_ERRNO", 38, null, null, caps("CAP_SYS_ADMIN")));
        rules.add(ProfileRule.allow("reboot").including(caps("CAP_SYS_BOOT")));
        rules.add(ProfileRule.allow("chroot").including(caps("CAP_SYS_CHROOT")));
        rules.add(ProfileRule.allow("delete_module", "init_module", "finit_module").including(caps("CAP_SYS_MODULE")));
        rules.add(ProfileRule.allow("acct").including(caps("CAP_SYS_PACCT")));
        rules.add(ProfileRule.allow("kcmp", "pidfd_getfd", "process_madvise", "process_vm_readv", "process_vm_writev",
                "ptrace").including(caps("CAP_SYS_PTRACE")));
        rules.add(ProfileRule.allow("iopl", "ioperm").including(caps("CAP_SYS_RAWIO")));
        rules.add(ProfileRule.allow("settimeofday", "stime", "clock_settime", "clock_settime64")
                .including(caps("CAP_SYS_TIME")));
        rules.add(ProfileRule.allow("vhangup").including(caps("CAP_SYS_TTY_CONFIG")));
        rules.add(ProfileRule.allow("get_mempolicy", "mbind", "set_mempolicy", "set_mempolicy_home_node")
                .including(caps("CAP_SYS_NICE")));
        rules.add(ProfileRule.allow("syslog").including(caps("CAP_SYSLOG")));
        rules.add(ProfileRule.allow("bpf").including(caps("CAP_BPF")));
        rules.add(ProfileRule.allow("perf_event_open").including(caps("CAP_PERFMON")));
        List<SeccompProfile.ArchMap> archMap = List.of(
                new SeccompProfile.ArchMap("SCMP_ARCH_X86_64", List.of("SCMP_ARCH_X86", "SCMP_ARCH_X32")),
                new SeccompProfile.ArchMap("SCMP_ARCH_AARCH64", List.of("SCMP_ARCH_ARM")));
        return new SeccompProfile("SCMP_ACT_ERRNO", 1, null, archMap, null, null, null, rules);
    }
}
