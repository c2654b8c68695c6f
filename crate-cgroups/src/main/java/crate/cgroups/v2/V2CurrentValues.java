package crate.cgroups.v2;

import crate.api.CrateException;
import crate.api.spec.LinuxResources;
import crate.api.spec.LinuxResources.Cpu;
import crate.api.spec.LinuxResources.Memory;
import crate.cgroups.CgroupFiles;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Completes an update with the live values its conversion depends on: the spec's swap is
 * memory+swap, so a new swap needs the memory limit; cpu.max holds quota and period together,
 * so a new period alone must keep the quota. runc gets these from its saved config.
 */
final class V2CurrentValues {
    private V2CurrentValues() {}

    static LinuxResources completed(LinuxResources update, Path dir) throws CrateException {
        Memory memory = update.memory();
        if (memory != null && memory.swap() != null && memory.limit() == null) {
            Optional<String> max = CgroupFiles.readIfExists(dir.resolve("memory.max"));
            long limit = max.isEmpty() || max.get().equals("max") ? -1 : Long.parseLong(max.get());
            memory = new Memory(limit, memory.reservation(), memory.swap(), memory.kernel(), memory.kernelTCP(),
                    memory.swappiness(), memory.disableOOMKiller(), memory.useHierarchy(),
                    memory.checkBeforeUpdate());
        }
        Cpu cpu = update.cpu();
        if (cpu != null && cpu.period() != null && cpu.quota() == null) {
            String quota = CgroupFiles.readIfExists(dir.resolve("cpu.max")).orElse("max").split(" ", -1)[0];
            cpu = new Cpu(cpu.shares(), quota.equals("max") ? -1L : Long.parseLong(quota), cpu.burst(), cpu.period(),
                    cpu.realtimeRuntime(), cpu.realtimePeriod(), cpu.cpus(), cpu.mems(), cpu.idle());
        }
        return new LinuxResources(update.devices(), memory, cpu, update.pids(), update.blockIO(),
                update.hugepageLimits(), update.unified());
    }
}
