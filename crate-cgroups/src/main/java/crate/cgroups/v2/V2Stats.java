package crate.cgroups.v2;

import crate.api.CrateException;
import crate.api.spi.CgroupStats;
import crate.cgroups.CgroupFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A cgroup2 cgroup's usage and limits in runc's events --stats shape (runc's fs2 stats):
 * microseconds become nanoseconds; swap is reported as memory+swap, as v1 did; a
 * controller that is not enabled leaves its part out.
 */
final class V2Stats {
    private V2Stats() {}

    static CgroupStats read(Path dir) throws CrateException {
        return new CgroupStats(cpu(dir), memory(dir), pids(dir), io(dir), hugetlb(dir));
    }

    static CgroupStats.Cpu cpu(Path dir) throws CrateException {
        Map<String, Long> stat = CgroupFiles.readFlatKeyed(dir.resolve("cpu.stat"));
        if (stat.isEmpty()) {
            return null;
        }
        CgroupStats.CpuUsage usage = new CgroupStats.CpuUsage(micros(stat, "usage_usec"), List.of(), List.of(),
                List.of(), micros(stat, "system_usec"), micros(stat, "user_usec"));
        CgroupStats.Throttling throttling = new CgroupStats.Throttling(stat.getOrDefault("nr_periods", 0L),
                stat.getOrDefault("nr_throttled", 0L), micros(stat, "throttled_usec"));
        return new CgroupStats.Cpu(usage, throttling);
    }

    static CgroupStats.Memory memory(Path dir) throws CrateException {
        if (!Files.exists(dir.resolve("memory.current"))) {
            return null;
        }
        Map<String, Long> raw = CgroupFiles.readFlatKeyed(dir.resolve("memory.stat"));
        long failcnt = CgroupFiles.readFlatKeyed(dir.resolve("memory.events")).getOrDefault("max", 0L);
        CgroupStats.MemoryEntry usage = new CgroupStats.MemoryEntry(
                number(dir, "memory.max", Long.MAX_VALUE), number(dir, "memory.current", 0),
                number(dir, "memory.peak", 0), failcnt);
        long swapLimit = number(dir, "memory.swap.max", Long.MAX_VALUE);
        long swapEvents = CgroupFiles.readFlatKeyed(dir.resolve("memory.swap.events")).getOrDefault("max", 0L);
        CgroupStats.MemoryEntry swap = new CgroupStats.MemoryEntry(
                swapLimit == Long.MAX_VALUE || usage.limit() == Long.MAX_VALUE
                        ? Long.MAX_VALUE : swapLimit + usage.limit(),
                number(dir, "memory.swap.current", 0) + usage.usage(), 0, swapEvents);
        return new CgroupStats.Memory(raw.getOrDefault("file", 0L), usage, swap, null, null, raw);
    }

    static CgroupStats.Pids pids(Path dir) throws CrateException {
        if (!Files.exists(dir.resolve("pids.current"))) {
            return null;
        }
        long limit = number(dir, "pids.max", Long.MAX_VALUE);
        // runc's JSON has 0 for "no limit".
        return new CgroupStats.Pids(number(dir, "pids.current", 0), limit == Long.MAX_VALUE ? 0 : limit);
    }

    /** io.stat: "8:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=0 dios=0" per device. */
    static CgroupStats.Blkio io(Path dir) throws CrateException {
        String text = CgroupFiles.readIfExists(dir.resolve("io.stat")).orElse(null);
        if (text == null) {
            return null;
        }
        List<CgroupStats.BlkioEntry> bytes = new ArrayList<>();
        List<CgroupStats.BlkioEntry> ios = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            String[] fields = line.strip().split("\\s+", -1);
            String[] device = fields[0].split(":", -1);
            if (device.length != 2) {
                continue;
            }
            long major = Long.parseLong(device[0]);
            long minor = Long.parseLong(device[1]);
            for (int i = 1; i < fields.length; i++) {
                String[] kv = fields[i].split("=", 2);
                if (kv.length != 2) {
                    continue;
                }
                long value = Long.parseLong(kv[1]);
                switch (kv[0]) {
                    case "rbytes" -> bytes.add(new CgroupStats.BlkioEntry(major, minor, "Read", value));
                    case "wbytes" -> bytes.add(new CgroupStats.BlkioEntry(major, minor, "Write", value));
                    case "rios" -> ios.add(new CgroupStats.BlkioEntry(major, minor, "Read", value));
                    case "wios" -> ios.add(new CgroupStats.BlkioEntry(major, minor, "Write", value));
                    default -> { }
                }
            }
        }
        return new CgroupStats.Blkio(bytes, ios);
    }

    /** hugetlb.2MB.current and hugetlb.2MB.events per page size; v2 keeps no peak usage. */
    static Map<String, CgroupStats.Hugetlb> hugetlb(Path dir) throws CrateException {
        Map<String, CgroupStats.Hugetlb> sizes = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "hugetlb.*.current")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String size = name.substring("hugetlb.".length(), name.length() - ".current".length());
                long failcnt = CgroupFiles.readFlatKeyed(dir.resolve("hugetlb." + size + ".events"))
                        .getOrDefault("max", 0L);
                sizes.put(size, new CgroupStats.Hugetlb(CgroupFiles.readNumber(file), 0, failcnt));
            }
        } catch (IOException e) {
            throw new CrateException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return sizes.isEmpty() ? null : sizes;
    }

    private static long micros(Map<String, Long> stat, String key) {
        return stat.getOrDefault(key, 0L) * 1000;
    }

    private static long number(Path dir, String file, long absent) throws CrateException {
        Path path = dir.resolve(file);
        return Files.exists(path) ? CgroupFiles.readNumber(path) : absent;
    }
}
