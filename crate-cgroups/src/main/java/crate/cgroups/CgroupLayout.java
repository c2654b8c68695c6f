package crate.cgroups;

import crate.api.CrateException;
import crate.linux.MountInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * How the host mounts its cgroups: one cgroup2 hierarchy (unified), v1 controller
 * hierarchies plus a cgroup2 mount (hybrid, as this machine kind), or v1 only (legacy).
 *
 * @param v1 the v1 hierarchies, each once (the first mount of a hierarchy wins)
 * @param unified the cgroup2 mount, if there is one
 */
public record CgroupLayout(Kind kind, List<CgroupMount> v1, Optional<CgroupMount> unified) {

    public enum Kind { UNIFIED, HYBRID, LEGACY }

    /** The v1 mount options that name controllers; everything else is a plain option. */
    private static final Set<String> V1_CONTROLLERS = Set.of("cpu", "cpuacct", "cpuset", "memory", "devices",
            "freezer", "net_cls", "net_prio", "blkio", "perf_event", "hugetlb", "pids", "rdma", "misc");

    public CgroupLayout {
        v1 = List.copyOf(v1);
    }

    /** The layout of the calling process's mount namespace. */
    public static CgroupLayout detect() throws CrateException {
        return read(Path.of("/proc/self/mountinfo"));
    }

    /** The layout a mountinfo file describes; cgroup2 controllers are read from the mount. */
    public static CgroupLayout read(Path mountinfo) throws CrateException {
        List<String> lines;
        try {
            lines = Files.readAllLines(mountinfo);
        } catch (IOException e) {
            throw new CrateException("cannot read " + mountinfo + ": " + e.getMessage(), e);
        }
        return parse(lines, CgroupLayout::readControllers);
    }

    /**
     * The layout of mountinfo {@code lines}.
     *
     * @param unifiedControllers what the cgroup2 mount's top cgroup offers, given its mount point
     */
    static CgroupLayout parse(List<String> lines, Function<Path, Set<String>> unifiedControllers)
            throws CrateException {
        List<CgroupMount> v1 = new ArrayList<>();
        Set<Set<String>> seen = new HashSet<>();
        CgroupMount unified = null;
        for (MountInfo mount : MountInfo.parse(lines)) {
            Path mountPoint = Path.of(mount.mountPoint());
            if (mount.fsType().equals("cgroup2") && unified == null) {
                unified = new CgroupMount(mountPoint, mount.root(), unifiedControllers.apply(mountPoint));
            } else if (mount.fsType().equals("cgroup")) {
                Set<String> controllers = v1Controllers(mount.superOptions());
                if (!controllers.isEmpty() && seen.add(controllers)) {
                    v1.add(new CgroupMount(mountPoint, mount.root(), controllers));
                }
            }
        }
        if (v1.isEmpty() && unified == null) {
            throw new CrateException("no cgroup filesystem is mounted (neither cgroup2 nor cgroup v1)");
        }
        Kind kind = v1.isEmpty() ? Kind.UNIFIED : unified == null ? Kind.LEGACY : Kind.HYBRID;
        return new CgroupLayout(kind, v1, Optional.ofNullable(unified));
    }

    /** The v1 hierarchy that holds {@code controller} ("memory", "name=systemd"), if mounted. */
    public Optional<CgroupMount> v1Hierarchy(String controller) {
        return v1.stream().filter(m -> m.controllers().contains(controller)).findFirst();
    }

    private static Set<String> v1Controllers(List<String> options) {
        Set<String> controllers = new LinkedHashSet<>();
        for (String option : options) {
            if (V1_CONTROLLERS.contains(option) || option.startsWith("name=")) {
                controllers.add(option);
            }
        }
        return controllers;
    }

    private static Set<String> readControllers(Path mountPoint) {
        try {
            String text = Files.readString(mountPoint.resolve("cgroup.controllers")).strip();
            return text.isEmpty() ? Set.of() : Set.of(text.split("\\s+", -1));
        } catch (IOException e) {
            // A cgroup2 mount without a readable cgroup.controllers offers nothing usable.
            return Set.of();
        }
    }
}
