package crate.linux;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The kernel's capabilities (capability.h) by number, up to CAP_CHECKPOINT_RESTORE (40), with
 * their runtime-spec names ({@code CAP_CHOWN}). The numbers are the same on every
 * architecture. A running kernel may know fewer: {@link #lastOfKernel()}.
 */
public enum Capability {
    CHOWN(0),
    DAC_OVERRIDE(1),
    DAC_READ_SEARCH(2),
    FOWNER(3),
    FSETID(4),
    KILL(5),
    SETGID(6),
    SETUID(7),
    SETPCAP(8),
    LINUX_IMMUTABLE(9),
    NET_BIND_SERVICE(10),
    NET_BROADCAST(11),
    NET_ADMIN(12),
    NET_RAW(13),
    IPC_LOCK(14),
    IPC_OWNER(15),
    SYS_MODULE(16),
    SYS_RAWIO(17),
    SYS_CHROOT(18),
    SYS_PTRACE(19),
    SYS_PACCT(20),
    SYS_ADMIN(21),
    SYS_BOOT(22),
    SYS_NICE(23),
    SYS_RESOURCE(24),
    SYS_TIME(25),
    SYS_TTY_CONFIG(26),
    MKNOD(27),
    LEASE(28),
    AUDIT_WRITE(29),
    AUDIT_CONTROL(30),
    SETFCAP(31),
    MAC_OVERRIDE(32),
    MAC_ADMIN(33),
    SYSLOG(34),
    WAKE_ALARM(35),
    BLOCK_SUSPEND(36),
    AUDIT_READ(37),
    PERFMON(38),
    BPF(39),
    CHECKPOINT_RESTORE(40);

    private static final Path CAP_LAST_CAP = Path.of("/proc/sys/kernel/cap_last_cap");

    private final int number;

    Capability(int number) {
        this.number = number;
    }

    /** The kernel's number (capability.h); the constants are in its order. */
    public int number() {
        return number;
    }

    /** The name in config.json: {@code CAP_CHOWN}. */
    public String specName() {
        return "CAP_" + name();
    }

    /** The capability of a config.json name, exactly as the runtime-spec spells it ({@code CAP_CHOWN}). */
    public static Optional<Capability> fromSpecName(String name) {
        if (name == null || !name.startsWith("CAP_")) {
            return Optional.empty();
        }
        return fromShortName(name.substring("CAP_".length()));
    }

    /**
     * The capability of a name as people write it on a command line (Docker's {@code --cap-add}):
     * with or without {@code CAP_}, in any case.
     */
    public static Optional<Capability> fromUserName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String upper = name.toUpperCase(Locale.ROOT);
        return fromShortName(upper.startsWith("CAP_") ? upper.substring("CAP_".length()) : upper);
    }

    private static Optional<Capability> fromShortName(String shortName) {
        for (Capability capability : values()) {
            if (capability.name().equals(shortName)) {
                return Optional.of(capability);
            }
        }
        return Optional.empty();
    }

    /** A set of capabilities as the kernel's 64-bit mask (bit N is capability N). */
    public static long mask(Iterable<Capability> capabilities) {
        long mask = 0;
        for (Capability capability : capabilities) {
            mask |= 1L << capability.number();
        }
        return mask;
    }

    /**
     * The highest capability number the running kernel knows ({@code /proc/sys/kernel/cap_last_cap});
     * capabilities above it do not exist there. Without that file (a kernel before 3.2 or no
     * /proc), the highest crate knows.
     */
    public static int lastOfKernel() {
        // One read from offset 0: a sysctl file answers a read at a later offset with EOF, and
        // Files.readString's first read of a file whose size is 0 is of one byte ("4" of "40").
        try (InputStream in = Files.newInputStream(CAP_LAST_CAP)) {
            return Integer.parseInt(new String(in.readNBytes(32), StandardCharsets.US_ASCII).strip());
        } catch (IOException | NumberFormatException e) {
            return CHECKPOINT_RESTORE.number();
        }
    }
}
