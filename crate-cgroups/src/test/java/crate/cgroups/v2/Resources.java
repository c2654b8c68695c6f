package crate.cgroups.v2;

import crate.api.spec.LinuxResources;
import crate.api.spec.LinuxResources.BlockIo;
import crate.api.spec.LinuxResources.Cpu;
import crate.api.spec.LinuxResources.Memory;
import crate.api.spec.LinuxResources.Pids;

/** Short ways to write linux.resources in tests. */
final class Resources {
    private Resources() {}

    static LinuxResources memory(Long limit, Long swap) {
        return new LinuxResources(null, new Memory(limit, null, swap, null, null, null, null, null, null),
                null, null, null, null, null);
    }

    static LinuxResources memory(Memory memory) {
        return new LinuxResources(null, memory, null, null, null, null, null);
    }

    static LinuxResources cpu(Cpu cpu) {
        return new LinuxResources(null, null, cpu, null, null, null, null);
    }

    static Cpu quota(Long quota, Long period) {
        return new Cpu(null, quota, null, period, null, null, null, null, null);
    }

    static LinuxResources pids(long limit) {
        return new LinuxResources(null, null, null, new Pids(limit), null, null, null);
    }

    static LinuxResources io(BlockIo io) {
        return new LinuxResources(null, null, null, null, io, null, null);
    }
}
