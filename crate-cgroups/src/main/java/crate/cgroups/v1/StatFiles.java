package crate.cgroups.v1;

import crate.api.spi.CgroupStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parsers for the formats of cgroup statistics files. */
final class StatFiles {
    private StatFiles() {}

    /** "key value" lines (memory.stat, cpu.stat, memory.oom_control), in file order. */
    static Map<String, Long> keyValues(String content) {
        Map<String, Long> values = new LinkedHashMap<>();
        for (String line : content.lines().toList()) {
            String[] parts = words(line);
            if (parts.length == 2) {
                values.put(parts[0], Long.parseUnsignedLong(parts[1]));
            }
        }
        return values;
    }

    /** Space-separated numbers (cpuacct.usage_percpu). */
    static List<Long> numbers(String content) {
        List<Long> numbers = new ArrayList<>();
        for (String word : words(content)) {
            numbers.add(Long.parseUnsignedLong(word));
        }
        return numbers;
    }

    /** A limit file: a number, or "max" (no limit) as 0, the way runc reports pids.max. */
    static long limit(String content) {
        String value = content.strip();
        return value.equals("max") ? 0 : Long.parseUnsignedLong(value);
    }

    /** cpuacct.usage_all: a "cpu user system" header, then one row per CPU. */
    record PerCpuModes(List<Long> user, List<Long> system) {}

    static PerCpuModes perCpuModes(String content) {
        List<Long> user = new ArrayList<>();
        List<Long> system = new ArrayList<>();
        List<String> lines = content.strip().lines().toList();
        for (int i = 1; i < lines.size(); i++) {
            String[] parts = words(lines.get(i));
            if (parts.length == 3) {
                user.add(Long.parseUnsignedLong(parts[1]));
                system.add(Long.parseUnsignedLong(parts[2]));
            }
        }
        return new PerCpuModes(user, system);
    }

    /**
     * blkio.throttle.*_recursive: "8:0 Read 4096" lines and a closing "Total N" line, which is
     * left out (runc does too).
     */
    static List<CgroupStats.BlkioEntry> blkio(String content) {
        List<CgroupStats.BlkioEntry> entries = new ArrayList<>();
        for (String line : content.lines().toList()) {
            String[] parts = words(line);
            if (parts.length < 2 || !parts[0].contains(":")) {
                continue;
            }
            String[] device = parts[0].split(":", -1);
            String op = parts.length == 3 ? parts[1] : "";
            long value = Long.parseUnsignedLong(parts[parts.length - 1]);
            entries.add(new CgroupStats.BlkioEntry(Long.parseLong(device[0]), Long.parseLong(device[1]), op, value));
        }
        return entries;
    }

    /** The whitespace-separated words of a line; none for a blank one. */
    static String[] words(String line) {
        String stripped = line.strip();
        return stripped.isEmpty() ? new String[0] : stripped.split("\\s+", -1);
    }
}
