package crate.linux;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Linux security modules crate can apply labels of, and whether the host has them, as
 * runc tells: AppArmor when securityfs has {@code apparmor} and the module says it is enabled;
 * SELinux when selinuxfs is mounted at {@code /sys/fs/selinux}.
 */
public enum Lsm {
    APPARMOR("AppArmor", Path.of("/sys/kernel/security/apparmor")),
    SELINUX("SELinux", Path.of("/sys/fs/selinux"));

    private static final Path APPARMOR_ENABLED = Path.of("/sys/module/apparmor/parameters/enabled");

    private final String displayName;
    private final Path fileSystem;

    Lsm(String displayName, Path fileSystem) {
        this.displayName = displayName;
        this.fileSystem = fileSystem;
    }

    public String displayName() {
        return displayName;
    }

    /** Where the host shows the module: its absence is the reason a label cannot be applied. */
    public Path fileSystem() {
        return fileSystem;
    }

    /** Whether the running kernel has this module enabled. */
    public boolean enabled() {
        return switch (this) {
            case APPARMOR -> Files.isDirectory(fileSystem) && firstByte(APPARMOR_ENABLED) == 'Y';
            case SELINUX -> Files.exists(fileSystem.resolve("enforce"));
        };
    }

    /**
     * The file that sets the label the calling thread's next execve runs under, and what to
     * write to it for {@code label}: AppArmor's own attr directory (Linux 5.8 on) or the
     * shared one, with runc's {@code exec PROFILE}; SELinux's label as it is.
     */
    public ExecLabel execLabel(String label) {
        Path threadAttr = Path.of("/proc/thread-self/attr");
        return switch (this) {
            case APPARMOR -> new ExecLabel(Files.exists(threadAttr.resolve("apparmor"))
                    ? threadAttr.resolve("apparmor/exec") : threadAttr.resolve("exec"), "exec " + label);
            case SELINUX -> new ExecLabel(threadAttr.resolve("exec"), label);
        };
    }

    /** What to write where so that the next execve of this thread gets a label. */
    public record ExecLabel(Path file, String content) {}

    private static int firstByte(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] first = in.readNBytes(1);
            return first.length == 1 ? first[0] : -1;
        } catch (IOException e) {
            return -1;
        }
    }

}
