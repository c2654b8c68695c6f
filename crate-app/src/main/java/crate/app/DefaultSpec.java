package crate.app;

import crate.api.spec.Linux;
import crate.api.spec.LinuxNamespace;
import crate.api.spec.Mount;
import crate.api.spec.Process;
import crate.api.spec.Rlimit;
import crate.api.spec.Root;
import crate.api.spec.Spec;
import crate.api.spec.User;
import java.util.List;
import java.util.Map;

/**
 * The defaults of {@code runc spec} (runc 1.1), shared by {@code crate spec}, which writes
 * them as config.json, and {@code crate run} without a bundle. Differences from runc's:
 * hostname "crate"; the runtime-spec version crate implements; a new cgroup namespace too;
 * no {@code process.capabilities} and no {@code linux.resources} (crate has neither yet).
 */
final class DefaultSpec {
    static final List<String> DEFAULT_ENV = List.of(
            "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm");

    static final List<Rlimit> RLIMITS = List.of(Rlimit.of("RLIMIT_NOFILE", 1024, 1024));

    private static final List<Mount> MOUNTS = List.of(
            new Mount("/proc", "proc", "proc", List.of()),
            new Mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
            new Mount("/dev/pts", "devpts", "devpts",
                    List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")),
            new Mount("/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k")),
            new Mount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")),
            new Mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro")),
            new Mount("/sys/fs/cgroup", "cgroup", "cgroup", List.of("nosuid", "noexec", "nodev", "relatime", "ro")));

    private static final List<LinuxNamespace> NAMESPACES = List.of(
            new LinuxNamespace("pid", null), new LinuxNamespace("network", null),
            new LinuxNamespace("ipc", null), new LinuxNamespace("uts", null),
            new LinuxNamespace("mount", null), new LinuxNamespace("cgroup", null));

    static final List<String> MASKED_PATHS = List.of(
            "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
            "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi");

    static final List<String> READONLY_PATHS = List.of(
            "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

    private DefaultSpec() {}

    /** What {@code crate spec} writes: {@code sh} on a terminal, in the bundle's read-only {@code rootfs}. */
    static Spec template() {
        Spec spec = of(List.of("sh"), "rootfs", true);
        Process process = spec.process();
        return spec.withProcess(new Process(true, process.user(), process.args(), process.env(), process.cwd(),
                process.noNewPrivileges()).withRlimits(process.rlimits()));
    }

    /** A spec running {@code args} as root in {@code rootfs}, in new namespaces of every supported type. */
    static Spec of(List<String> args, String rootfs, boolean readonly) {
        Process process = new Process(false, new User(0, 0, null, List.of()), args, DEFAULT_ENV, "/", true)
                .withRlimits(RLIMITS);
        Linux linux = new Linux(NAMESPACES, null, MASKED_PATHS, READONLY_PATHS, Map.of(), null);
        return new Spec(Spec.OCI_VERSION, process, new Root(rootfs, readonly), "crate", null, MOUNTS, linux, Map.of());
    }
}
