package crate.cgroups.v2;

import crate.api.CrateException;
import crate.api.spec.LinuxResources.DeviceRule;
import crate.cgroups.DefaultDevices;
import crate.linux.Bpf;
import crate.linux.Syscalls;
import java.nio.file.Path;
import java.util.List;

/**
 * Installs linux.resources.devices on a cgroup2 cgroup: the rules (plus runc's default
 * devices) compiled by {@link DeviceFilter}, loaded and attached to the cgroup's directory.
 * The program stays attached after its fd is closed, until the cgroup is removed.
 */
final class V2DeviceController {
    private V2DeviceController() {}

    /** The program for the spec's rules, or null when the spec has none (no filter). */
    static byte[] program(List<DeviceRule> specRules) throws CrateException {
        List<DeviceRule> rules = DefaultDevices.withDefaults(specRules);
        return rules.isEmpty() ? null : DeviceFilter.compile(rules);
    }

    /** Loads {@code program} and attaches it to the cgroup; null does nothing. */
    static void attach(Path cgroupDir, byte[] program) throws CrateException {
        if (program == null) {
            return;
        }
        int prog = Bpf.progLoad(Bpf.PROG_TYPE_CGROUP_DEVICE, program, "Apache");
        try {
            int dir = Syscalls.open(cgroupDir.toString(), Syscalls.O_RDONLY | Syscalls.O_DIRECTORY | Syscalls.O_CLOEXEC);
            try {
                Bpf.progAttach(dir, prog, Bpf.ATTACH_CGROUP_DEVICE, Bpf.F_ALLOW_MULTI);
            } finally {
                Syscalls.closeQuietly(dir);
            }
        } finally {
            Syscalls.closeQuietly(prog);
        }
    }
}
