package crate.cgroups.v1;

import crate.api.CrateException;
import crate.api.spi.CgroupStats;
import crate.cgroups.HierarchyDir;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads a v1 (or hybrid) cgroup's usage and limits into runc's events --stats shape. */
final class V1Stats {
    /** USER_HZ: cpuacct.stat counts in these ticks; 100 on every Linux architecture runc supports. */
    static final long CLOCK_TICKS = 100;
    private static final long NANOS_PER_TICK = 1_000_000_000L / CLOCK_TICKS;

    private V1Stats() {}

    static CgroupStats read(V1Layout layout) throws CrateException {
        return new CgroupStats(cpu(layout), memory(layout), pids(layout), blkio(layout), hugetlb(layout));
    }

    private static CgroupStats.Cpu cpu(V1Layout layout) throws CrateException {
        Optional<HierarchyDir> cpuacct = layout.v1("cpuacct");
        Optional<HierarchyDir> cpu = layout.v1("cpu");
        if (cpuacct.isEmpty() && cpu.isEmpty()) {
            return null;
        }
        CgroupStats.CpuUsage usage = new CgroupStats.CpuUsage(0, List.of(), List.of(), List.of(), 0, 0);
        if (cpuacct.isPresent()) {
            CgroupFiles dir = V1Layout.files(cpuacct.get());
            Map<String, Long> ticks = StatFiles.keyValues(dir.read("cpuacct.stat"));
            StatFiles.PerCpuModes modes = dir.readIfExists("cpuacct.usage_all")
                    .map(StatFiles::perCpuModes)
                    .orElse(new StatFiles.PerCpuModes(List.of(), List.of()));
            usage = new CgroupStats.CpuUsage(
                    Long.parseUnsignedLong(dir.read("cpuacct.usage")),
                    StatFiles.numbers(dir.read("cpuacct.usage_percpu")),
                    modes.system(),
                    modes.user(),
                    ticks.getOrDefault("system", 0L) * NANOS_PER_TICK,
                    ticks.getOrDefault("user", 0L) * NANOS_PER_TICK);
        }
        CgroupStats.Throttling throttling = new CgroupStats.Throttling(0, 0, 0);
        if (cpu.isPresent()) {
            Map<String, Long> stat = StatFiles.keyValues(V1Layout.files(cpu.get()).read("cpu.stat"));
            throttling = new CgroupStats.Throttling(stat.getOrDefault("nr_periods", 0L),
                    stat.getOrDefault("nr_throttled", 0L), stat.getOrDefault("throttled_time", 0L));
        }
        return new CgroupStats.Cpu(usage, throttling);
    }

    private static CgroupStats.Memory memory(V1Layout layout) throws CrateException {
        Optional<HierarchyDir> memory = layout.v1("memory");
        if (memory.isEmpty()) {
            return null;
        }
        CgroupFiles dir = V1Layout.files(memory.get());
        Map<String, Long> raw = StatFiles.keyValues(dir.read("memory.stat"));
        // total_cache covers the cgroups below too (use_hierarchy); cache only this one.
        long cache = raw.getOrDefault("total_cache", raw.getOrDefault("cache", 0L));
        return new CgroupStats.Memory(cache, entry(dir, "memory."), entry(dir, "memory.memsw."),
                entry(dir, "memory.kmem."), entry(dir, "memory.kmem.tcp."), raw);
    }

    /** usage, max usage, limit and failcnt under one prefix; null if the kernel lacks them (no swap accounting). */
    private static CgroupStats.MemoryEntry entry(CgroupFiles dir, String prefix) throws CrateException {
        if (!dir.exists(prefix + "usage_in_bytes")) {
            return null;
        }
        return new CgroupStats.MemoryEntry(
                number(dir, prefix + "limit_in_bytes"),
                number(dir, prefix + "usage_in_bytes"),
                number(dir, prefix + "max_usage_in_bytes"),
                number(dir, prefix + "failcnt"));
    }

    private static CgroupStats.Pids pids(V1Layout layout) throws CrateException {
        Optional<HierarchyDir> pids = layout.v1("pids");
        if (pids.isEmpty()) {
            return null;
        }
        CgroupFiles dir = V1Layout.files(pids.get());
        return new CgroupStats.Pids(number(dir, "pids.current"), StatFiles.limit(dir.read(PidsSettings.MAX)));
    }

    private static CgroupStats.Blkio blkio(V1Layout layout) throws CrateException {
        Optional<HierarchyDir> blkio = layout.v1("blkio");
        if (blkio.isEmpty()) {
            return null;
        }
        CgroupFiles dir = V1Layout.files(blkio.get());
        return new CgroupStats.Blkio(
                StatFiles.blkio(dir.readIfExists("blkio.throttle.io_service_bytes_recursive").orElse("")),
                StatFiles.blkio(dir.readIfExists("blkio.throttle.io_serviced_recursive").orElse("")));
    }

    private static Map<String, CgroupStats.Hugetlb> hugetlb(V1Layout layout) throws CrateException {
        Optional<HierarchyDir> v1 = layout.v1("hugetlb");
        Optional<HierarchyDir> v2 = layout.unified().filter(h -> h.has("hugetlb"));
        if (v1.isEmpty() && v2.isEmpty()) {
            return null;
        }
        Map<String, CgroupStats.Hugetlb> stats = new LinkedHashMap<>();
        for (String size : HugePageSizes.ofHost()) {
            String prefix = "hugetlb." + size + ".";
            if (v1.isPresent()) {
                CgroupFiles dir = V1Layout.files(v1.get());
                stats.put(size, new CgroupStats.Hugetlb(number(dir, prefix + "usage_in_bytes"),
                        number(dir, prefix + "max_usage_in_bytes"), number(dir, prefix + "failcnt")));
            } else {
                // cgroup2 keeps no peak; hugetlb.SIZE.events counts refusals as "max". The
                // files exist only where the parent enabled hugetlb in its subtree_control.
                CgroupFiles dir = V1Layout.files(v2.get());
                if (dir.readIfExists(prefix + "current").isEmpty()) {
                    continue;
                }
                long failcnt = StatFiles.keyValues(dir.read(prefix + "events")).getOrDefault("max", 0L);
                stats.put(size, new CgroupStats.Hugetlb(number(dir, prefix + "current"), 0, failcnt));
            }
        }
        return stats;
    }

    private static long number(CgroupFiles dir, String file) throws CrateException {
        String value = dir.read(file);
        try {
            return Long.parseUnsignedLong(value);
        } catch (NumberFormatException e) {
            throw new CrateException(dir.where() + "/" + file + " holds \"" + value + "\", not a number", e);
        }
    }
}
