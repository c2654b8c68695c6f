package crate.namespaces;

import static crate.linux.MountFlags.MS_BIND;
import static crate.linux.MountFlags.MS_NODEV;
import static crate.linux.MountFlags.MS_NOEXEC;
import static crate.linux.MountFlags.MS_NOSUID;
import static crate.linux.MountFlags.MS_RDONLY;
import static crate.linux.MountFlags.MS_REMOUNT;

import crate.api.CrateException;
import crate.linux.MountInfo;
import crate.linux.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A {@code cgroup} mount of the spec, shaped like the host's cgroups as runc does it: on a
 * pure v2 host one cgroup2 mount; on a v1 or hybrid host a tmpfs holding one mount per v1
 * hierarchy (named as on the host: memory, cpu,cpuacct, systemd...) plus the cgroup2
 * hierarchy of a hybrid host (unified). Mounted from init's cgroup namespace, each shows the
 * container's cgroup as its root. A container without a cgroup namespace gets its cgroup's
 * directories bind-mounted instead, when the runtime says where they are (as runc does);
 * otherwise the hierarchies' roots. Read-only is applied per mount, never to a superblock.
 */
final class CgroupMounts {
    /** Options of v1 superblocks that say which hierarchy it is; the others are per mount. */
    private static final Set<String> PER_MOUNT_OPTIONS = Set.of("rw", "ro", "nosuid", "nodev", "noexec", "relatime",
            "noatime", "nodiratime", "strictatime", "lazytime");

    /** One host cgroup mount: where, which type, the options naming its hierarchy (v1). */
    record HostHierarchy(Path mountPoint, String type, String hierarchyOptions) {}

    private CgroupMounts() {}

    /**
     * Mounts the cgroups at {@code target} in the rootfs.
     *
     * @param flags the spec mount's nosuid/nodev/noexec/rdonly flags
     * @param binds the container's cgroup per hierarchy mount point, to bind instead of
     *     mounting the hierarchy; empty in a cgroup namespace of the container's own
     */
    static void mount(Path target, long flags, List<HostHierarchy> host, Map<String, String> binds) throws CrateException {
        long kept = flags & (MS_NOSUID | MS_NODEV | MS_NOEXEC);
        boolean readOnly = (flags & MS_RDONLY) != 0;
        Path base = host.stream().map(HostHierarchy::mountPoint).filter(p -> p.getParent() != null)
                .map(Path::getParent).findFirst().orElse(Path.of("/sys/fs/cgroup"));
        boolean v1 = host.stream().anyMatch(h -> h.type().equals("cgroup"));
        createDirectories(target);
        if (!v1) {
            HostHierarchy unified = host.stream().filter(h -> h.type().equals("cgroup2")).findFirst().orElse(null);
            mountOne(target, unified, binds, kept);
            remount(target, kept, readOnly);
            return;
        }
        Syscalls.mount("tmpfs", target.toString(), "tmpfs", kept, "mode=755");
        Set<Path> done = new java.util.HashSet<>();
        for (HostHierarchy hierarchy : host) {
            if (!hierarchy.mountPoint().startsWith(base) || hierarchy.mountPoint().equals(base)
                    || !done.add(hierarchy.mountPoint())) {
                continue; // mounted elsewhere (not part of /sys/fs/cgroup's shape), or twice
            }
            Path dir = target.resolve(base.relativize(hierarchy.mountPoint()).toString());
            createDirectories(dir);
            mountOne(dir, hierarchy, binds, kept);
            remount(dir, kept, readOnly);
        }
        remount(target, kept, readOnly);
    }

    /** One hierarchy at {@code dir}: the container's cgroup directory if known, else the hierarchy. */
    private static void mountOne(Path dir, HostHierarchy hierarchy, Map<String, String> binds, long kept) throws CrateException {
        String path = hierarchy == null ? null : binds.get(hierarchy.mountPoint().toString());
        if (path != null) {
            Path source = hierarchy.mountPoint().resolve(path.substring(1));
            Syscalls.mount(source.toString(), dir.toString(), null, MS_BIND, null);
            Syscalls.mount(null, dir.toString(), null, MS_BIND | MS_REMOUNT | kept, null);
        } else if (hierarchy == null || hierarchy.type().equals("cgroup2")) {
            Syscalls.mount("cgroup2", dir.toString(), "cgroup2", kept, null);
        } else {
            Syscalls.mount("cgroup", dir.toString(), "cgroup", kept, hierarchy.hierarchyOptions());
        }
    }

    private static void remount(Path target, long kept, boolean readOnly) throws CrateException {
        if (readOnly) {
            Syscalls.mount(null, target.toString(), null, MS_BIND | MS_REMOUNT | kept | MS_RDONLY, null);
        }
    }

    /** The host's cgroup mounts, from a mountinfo file (init reads its own, still the host's view). */
    static List<HostHierarchy> host(Path mountinfo) throws CrateException {
        List<String> lines;
        try {
            lines = Files.readAllLines(mountinfo);
        } catch (IOException e) {
            throw new CrateException("cannot read " + mountinfo + ": " + e.getMessage());
        }
        List<HostHierarchy> found = new ArrayList<>();
        for (MountInfo mount : MountInfo.parse(lines)) {
            if (!mount.fsType().equals("cgroup") && !mount.fsType().equals("cgroup2")) {
                continue;
            }
            String options = mount.superOptions().stream()
                    .filter(o -> !PER_MOUNT_OPTIONS.contains(o))
                    .collect(Collectors.joining(","));
            found.add(new HostHierarchy(Path.of(mount.mountPoint()), mount.fsType(), options));
        }
        return found;
    }

    private static void createDirectories(Path dir) throws CrateException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new CrateException("cannot create directory " + dir + " in the container: " + e.getMessage());
        }
    }
}
