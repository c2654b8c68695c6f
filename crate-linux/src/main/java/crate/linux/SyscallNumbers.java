package crate.linux;

/** Numbers of the system calls crate makes through syscall(2), for the running architecture. */
final class SyscallNumbers {
    static final long PIVOT_ROOT;
    static final long SETGROUPS;
    static final long SETRESUID;
    static final long SETRESGID;
    static final long RT_SIGACTION;
    static final long BPF;
    static final long KEYCTL;
    static final long SECCOMP;
    /** openat2(2): the same number on every architecture (added in Linux 5.6). */
    static final long OPENAT2 = 437;
    /** mount_setattr(2): the same number on every architecture (added in Linux 5.12). */
    static final long MOUNT_SETATTR = 442;

    static {
        String arch = System.getProperty("os.arch");
        switch (arch) {
            case "amd64", "x86_64" -> {
                PIVOT_ROOT = 155;
                SETGROUPS = 116;
                SETRESUID = 117;
                SETRESGID = 119;
                RT_SIGACTION = 13;
                BPF = 321;
                KEYCTL = 250;
                SECCOMP = 317;
            }
            case "aarch64", "arm64" -> {
                PIVOT_ROOT = 41;
                SETGROUPS = 159;
                SETRESUID = 147;
                SETRESGID = 149;
                RT_SIGACTION = 134;
                BPF = 280;
                KEYCTL = 219;
                SECCOMP = 277;
            }
            default -> throw new ExceptionInInitializerError("crate does not support the architecture " + arch);
        }
    }

    private SyscallNumbers() {}
}
