package crate.app;

import crate.api.spec.Linux;
import crate.api.spec.LinuxCapabilities;
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
 * no {@code linux.resources} (no limits unless asked). {@code crate run} adds Docker's capabilities
 * ({@link CapabilityFlags}).
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

    /**
     * Docker's default capabilities (moby's oci/caps/defaults.go), which {@code crate run}
     * gives a container made from flags.
     */
    static final List<String> DOCKER_CAPABILITIES = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
            "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
            "CAP_AUDIT_WRITE");

    /** The capabilities of {@code runc spec}'s config.json. */
    static final List<String> RUNC_CAPABILITIES = List.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE");

    static final List<String> READONLY_PATHS = List.of(
            "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

    private DefaultSpec() {}

    /**
     * What {@code crate spec} writes: {@code sh} on a terminal, in the bundle's read-only
     * {@code rootfs}, with runc's three capabilities in every set but the inheritable one (runc
     * 1.1.2 on: ambient ones that are not inheritable are not raised).
     */
    static Spec template() {
        Spec spec = of(List.of("sh"), "rootfs", true);
        Process process = spec.process();
        return spec.withProcess(new Process(true, process.user(), process.args(), process.env(), process.cwd(),
                process.noNewPrivileges()).withRlimits(process.rlimits())
                .withCapabilities(new LinuxCapabilities(RUNC_CAPABILITIES, RUNC_CAPABILITIES, null, RUNC_CAPABILITIES,
                        RUNC_CAPABILITIES)));
    }

    /** The same capabilities in the bounding, effective and permitted sets, as Docker gives them. */
    static LinuxCapabilities capabilities(List<String> names) {
        return new LinuxCapabilities(names, names, null, names, null);
    }

    /** A spec running {@code args} as root in {@code rootfs}, in new namespaces of every supported type. */
    static Spec of(List<String> args, String rootfs, boolean readonly) {
        Process process = new Process(false, new User(0, 0, null, List.of()), args, DEFAULT_ENV, "/", true)
                .withRlimits(RLIMITS);
        Linux linux = new Linux(NAMESPACES, null, MASKED_PATHS, READONLY_PATHS, Map.of(), null);
        return new Spec(Spec.OCI_VERSION, process, new Root(rootfs, readonly), "crate", null, MOUNTS, linux, Map.of());
    }
}
