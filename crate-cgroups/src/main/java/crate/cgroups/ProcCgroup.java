package crate.cgroups;

import crate.api.CrateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A process's cgroups as /proc/PID/cgroup lists them: one line per v1 hierarchy
 * ("4:memory:/a/b", "1:cpu,cpuacct:/", "9:name=systemd:/") and "0::/a/b" for cgroup2.
 */
public final class ProcCgroup {
    private final Map<Set<String>, String> v1Paths;
    private final String unifiedPath;

    private ProcCgroup(Map<Set<String>, String> v1Paths, String unifiedPath) {
        this.v1Paths = Map.copyOf(v1Paths);
        this.unifiedPath = unifiedPath;
    }

    public static ProcCgroup self() throws CrateException {
        return read(Path.of("/proc/self/cgroup"));
    }

    public static ProcCgroup of(int pid) throws CrateException {
        return read(Path.of("/proc/" + pid + "/cgroup"));
    }

    public static ProcCgroup read(Path file) throws CrateException {
        try {
            return parse(Files.readAllLines(file));
        } catch (IOException e) {
            throw new CrateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static ProcCgroup parse(List<String> lines) {
        Map<Set<String>, String> v1 = new HashMap<>();
        String unified = null;
        for (String line : lines) {
            String[] fields = line.split(":", 3);
            if (fields.length != 3) {
                continue;
            }
            if (fields[0].equals("0") && fields[1].isEmpty()) {
                unified = fields[2];
            } else if (!fields[1].isEmpty()) {
                v1.put(Set.of(fields[1].split(",", -1)), fields[2]);
            }
        }
        return new ProcCgroup(v1, unified);
    }

    /** The process's cgroup2 path, if the kernel has a cgroup2 hierarchy. */
    public Optional<String> unifiedPath() {
        return Optional.ofNullable(unifiedPath);
    }

    /**
     * The process's cgroup in the hierarchy of {@code hierarchy} (cgroup2, or the v1 one
     * sharing a controller with it), as /proc lists it: for moving the process back there.
     */
    public String pathIn(HierarchyDir hierarchy, boolean isUnified) throws CrateException {
        String path = isUnified ? unifiedPath : v1Paths.entrySet().stream()
                .filter(entry -> entry.getKey().stream().anyMatch(hierarchy::has))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        if (path == null) {
            throw new CrateException("the process is in no cgroup of the hierarchy at " + hierarchy.mount());
        }
        return path;
    }

    /**
     * The process's cgroup in {@code mount}, as a path inside that mount: the mount's root
     * is taken off (a bind-mounted sub-cgroup shows as the mount's top), as runc does.
     */
    public String pathIn(CgroupMount mount, boolean isUnified) throws CrateException {
        String path = isUnified ? unifiedPath : v1Paths.get(mount.controllers());
        if (path == null) {
            throw new CrateException("this process has no cgroup in the hierarchy at " + mount.mountPoint()
                    + " (controllers " + String.join(",", mount.controllers()) + ")");
        }
        String root = mount.root();
        if (root.equals("/")) {
            return path;
        }
        if (path.equals(root)) {
            return "/";
        }
        return path.startsWith(root + "/") ? path.substring(root.length()) : path;
    }
}
