package crate.seccomp.compiler;

import crate.api.CrateException;
import java.util.Arrays;
import java.util.Optional;

/**
 * The architectures crate has system call tables for, with the AUDIT_ARCH value that the
 * kernel puts in seccomp_data.arch. x32 shares x86_64's AUDIT_ARCH: its calls are told apart
 * by __X32_SYSCALL_BIT in the number.
 */
public enum Arch {
    X86_64("SCMP_ARCH_X86_64", 0xC000003E, "x86_64"),
    X86("SCMP_ARCH_X86", 0x40000003, "x86"),
    X32("SCMP_ARCH_X32", 0xC000003E, "x32"),
    AARCH64("SCMP_ARCH_AARCH64", 0xC00000B7, "aarch64");

    /** x32's system call numbers all have this bit; x86_64's never. */
    public static final int X32_SYSCALL_BIT = 0x40000000;

    private final String specName;
    private final int auditArch;
    private final String table;

    Arch(String specName, int auditArch, String table) {
        this.specName = specName;
        this.auditArch = auditArch;
        this.table = table;
    }

    /** The runtime-spec (libseccomp) name, e.g. SCMP_ARCH_X86_64. */
    public String specName() {
        return specName;
    }

    public int auditArch() {
        return auditArch;
    }

    String table() {
        return table;
    }

    /** The architecture a runtime-spec name denotes, if crate has its table. */
    public static Optional<Arch> fromSpecName(String name) {
        return Arrays.stream(values()).filter(a -> a.specName.equals(name)).findFirst();
    }

    /** The architecture of the running JVM (os.arch). */
    public static Arch host() throws CrateException {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> X86_64;
            case "aarch64", "arm64" -> AARCH64;
            default -> throw new CrateException("seccomp: crate has no system call table for the architecture " + arch);
        };
    }
}
