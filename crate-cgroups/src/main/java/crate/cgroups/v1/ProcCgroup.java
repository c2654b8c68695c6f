package crate.cgroups.v1;

import crate.api.CrateException;
import crate.cgroups.HierarchyDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** /proc/PID/cgroup: which cgroup a process is in, per hierarchy. */
final class ProcCgroup {

    /** One line, "4:memory:/process_api/4f12"; the cgroup2 line is "0::/path". */
    record Entry(int id, Set<String> controllers, String path) {

        boolean unified() {
            return id == 0 && controllers.isEmpty();
        }
    }

    private final List<Entry> entries;

    private ProcCgroup(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    static ProcCgroup of(int pid) throws CrateException {
        Path file = Path.of("/proc", Integer.toString(pid), "cgroup");
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new CrateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static ProcCgroup parse(String content) {
        List<Entry> entries = new ArrayList<>();
        for (String line : content.lines().toList()) {
            if (line.isBlank()) {
                continue;
            }
            // The path may itself contain ':', so split into three parts only.
            String[] parts = line.split(":", 3);
            Set<String> controllers = parts[1].isEmpty() ? Set.of() : Set.of(parts[1].split(",", -1));
            entries.add(new Entry(Integer.parseInt(parts[0]), controllers, parts[2]));
        }
        return new ProcCgroup(entries);
    }

    List<Entry> entries() {
        return entries;
    }

    /** The cgroup path the process has in {@code hierarchy}: cgroup2 or a v1 one with a common controller. */
    String pathIn(HierarchyDir hierarchy, boolean unified) throws CrateException {
        for (Entry entry : entries) {
            boolean match = unified
                    ? entry.unified()
                    : entry.controllers().stream().anyMatch(hierarchy::has);
            if (match) {
                return entry.path();
            }
        }
        throw new CrateException("the process is in no cgroup of the hierarchy at " + hierarchy.mount());
    }
}
