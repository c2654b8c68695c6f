package crate.cgroups.v1;

import crate.api.CrateException;
import crate.api.spec.LinuxResources;

/** linux.resources.cpu.cpus and .mems on the v1 cpuset controller. */
final class CpusetSettings {
    static final String CPUS = "cpuset.cpus";
    static final String MEMS = "cpuset.mems";

    private CpusetSettings() {}

    static boolean wanted(LinuxResources.Cpu cpu) {
        return present(cpu.cpus()) || present(cpu.mems());
    }

    static void apply(CgroupFiles dir, LinuxResources.Cpu cpu) throws CrateException {
        if (present(cpu.cpus())) {
            dir.write(CPUS, cpu.cpus());
        }
        if (present(cpu.mems())) {
            dir.write(MEMS, cpu.mems());
        }
    }

    /**
     * A new v1 cpuset starts with empty cpus and mems and refuses tasks until they are set;
     * a new level copies its parent's, as runc does.
     */
    static void inherit(CgroupFiles parent, CgroupFiles child) throws CrateException {
        for (String file : new String[] {CPUS, MEMS}) {
            if (child.read(file).isEmpty()) {
                child.write(file, parent.read(file));
            }
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isEmpty();
    }
}
