package crate.namespaces;

import static crate.linux.MountFlags.MS_BIND;
import static crate.linux.MountFlags.MS_NODEV;
import static crate.linux.MountFlags.MS_NOEXEC;
import static crate.linux.MountFlags.MS_NOSUID;
import static crate.linux.MountFlags.MS_RDONLY;
import static crate.linux.MountFlags.MS_REC;
import static crate.linux.MountFlags.MS_REMOUNT;
import static crate.linux.MountFlags.MS_SLAVE;

import crate.api.CrateException;
import crate.api.spec.LinuxNamespace;
import crate.api.spec.Mount;
import crate.api.spec.Spec;
import crate.api.spi.ContainerContext;
import crate.api.spi.Isolator;
import crate.linux.ErrnoException;
import crate.linux.Syscalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds the container's view inside its new namespaces: the spec's mounts in the rootfs and
 * /dev's default devices ({@link #mount}), then pivot_root into the rootfs (or, with the
 * context's {@link ContainerContext#NO_PIVOT} option, {@link MoveRoot}), the hostname, the
 * loopback link and the sysctls ({@link #enter}).
 */
public final class NamespacesIsolator implements Isolator {

    /** Flags that a read-only bind remount must repeat, or the kernel clears them. */
    private static final long KEPT_ON_REMOUNT = MS_NOSUID | MS_NODEV | MS_NOEXEC;

    @Override
    public String name() {
        return "namespaces";
    }

    @Override
    public int order() {
        return ORDER_NAMESPACES;
    }

    @Override
    public void prepare(ContainerContext container) throws CrateException {
        Spec spec = container.spec();
        Set<String> created = createdNamespaces(spec);
        if (!created.contains("mount")) {
            throw new CrateException("config.json: linux.namespaces must create a mount namespace: "
                    + "crate builds the container's root with pivot_root, which needs one");
        }
        if (spec.hostname() != null && !spec.hostname().isEmpty() && !created.contains("uts")) {
            throw new CrateException("config.json: hostname is set but linux.namespaces creates no uts namespace");
        }
        if (spec.domainname() != null && !spec.domainname().isEmpty() && !created.contains("uts")) {
            throw new CrateException("config.json: domainname is set but linux.namespaces creates no uts namespace");
        }
        String propagation = spec.linux() == null ? null : spec.linux().rootfsPropagation();
        if (propagation != null && !propagation.isEmpty() && MountOptions.propagation(propagation) == null) {
            throw new CrateException("config.json: linux.rootfsPropagation: unknown value \"" + propagation + "\"");
        }
        for (int i = 0; i < spec.mounts().size(); i++) {
            Mount mount = spec.mounts().get(i);
            if (mount.type() == null && !MountOptions.parse(mount.options()).bind()) {
                throw new CrateException("config.json: mounts[" + i + "] (" + mount.destination()
                        + "): no type and not a bind mount");
            }
            RootfsPaths.inside(Path.of("/"), mount.destination());
        }
    }

    /**
     * The spec's mounts and /dev's devices, in the rootfs: the hooks before pivot_root see them.
     * Each destination is resolved inside the rootfs ({@link RootfsPaths#open}) and mounted on
     * through its fd, so a symlink in the rootfs cannot send a mount to the host.
     */
    @Override
    public void mount(ContainerContext container, Path rootfs) throws CrateException {
        String root = rootfs.toString();
        Syscalls.mount(root, root, null, MS_BIND | MS_REC, null);
        int rootFd = RootfsPaths.openRoot(rootfs);
        try {
            for (Mount mount : container.spec().mounts()) {
                mountInto(rootFd, mount, container);
            }
            int dev = RootfsPaths.openExisting(rootFd, "/dev");
            if (dev >= 0) {
                try {
                    DevNodes.populate(Path.of(RootfsPaths.procPath(dev)));
                } finally {
                    Syscalls.closeQuietly(dev);
                }
            }
        } finally {
            Syscalls.closeQuietly(rootFd);
        }
    }

    @Override
    public void enter(ContainerContext container, Path rootfs) throws CrateException {
        Spec spec = container.spec();
        Set<String> created = createdNamespaces(spec);
        if (container.isSet(ContainerContext.NO_PIVOT)) {
            MoveRoot.into(rootfs.toString());
        } else {
            pivotRoot(rootfs.toString());
        }
        String propagation = spec.linux() == null ? null : spec.linux().rootfsPropagation();
        if (propagation != null && !propagation.isEmpty()) {
            Syscalls.mount(null, "/", null, MountOptions.propagation(propagation), null);
        }
        if (created.contains("uts")) {
            if (spec.hostname() != null && !spec.hostname().isEmpty()) {
                Syscalls.sethostname(spec.hostname());
            }
            if (spec.domainname() != null && !spec.domainname().isEmpty()) {
                Syscalls.setdomainname(spec.domainname());
            }
        }
        if (created.contains("network")) {
            Syscalls.setLinkUp("lo");
        }
        if (spec.linux() != null) {
            writeSysctls(spec.linux().sysctl());
        }
        if (spec.process().cwd() != null) {
            createDirectories(Path.of(spec.process().cwd()));
        }
        // As runc: after the sysctls (which write /proc/sys) and the working directory.
        if (spec.linux() != null) {
            ProtectedPaths.readOnly(spec.linux().readonlyPaths());
            ProtectedPaths.mask(spec.linux().maskedPaths());
        }
        if (spec.root().readonly()) {
            ProtectedPaths.remountReadOnly("/");
        }
    }

    private static Set<String> createdNamespaces(Spec spec) {
        if (spec.linux() == null) {
            return Set.of();
        }
        return spec.linux().namespaces().stream()
                .filter(ns -> ns.path() == null || ns.path().isEmpty())
                .map(LinuxNamespace::type)
                .collect(Collectors.toSet());
    }

    private static void mountInto(int rootFd, Mount mount, ContainerContext container)
            throws CrateException {
        Path bundle = container.bundleDir();
        String destination = mount.destination();
        MountOptions options = MountOptions.parse(mount.options());
        if (options.bind()) {
            Path source = bundle.resolve(mount.source() == null ? "" : mount.source());
            if (!Files.exists(source)) {
                throw new CrateException("mount " + destination + ": bind source " + source + " does not exist");
            }
            RootfsPaths.Create kind = Files.isDirectory(source) ? RootfsPaths.Create.DIRECTORY : RootfsPaths.Create.FILE;
            at(rootFd, destination, kind, target ->
                    Syscalls.mount(source.toString(), target, null, options.flags() & (MS_BIND | MS_REC), null));
            remountIfNeeded(rootFd, destination, options);
        } else if ("cgroup".equals(mount.type()) || "cgroup2".equals(mount.type())) {
            // The host's cgroup hierarchies, seen through the container's cgroup namespace;
            // without one of its own, the container's cgroup directories. Below the target,
            // everything is on mounts made here: only the target needs resolving.
            Path target = resolvedPath(rootFd, destination);
            CgroupMounts.mount(target, options.flags(), CgroupMounts.host(Path.of("/proc/self/mountinfo")),
                    createdNamespaces(container.spec()).contains("cgroup") ? Map.of() : container.cgroupPaths());
        } else {
            at(rootFd, destination, RootfsPaths.Create.DIRECTORY, target ->
                    Syscalls.mount(mount.source() == null ? mount.type() : mount.source(), target,
                            mount.type(), options.flags() & ~MS_RDONLY, options.data().isEmpty() ? null : options.data()));
            remountIfNeeded(rootFd, destination, options);
        }
        if (options.propagation() != 0) {
            at(rootFd, destination, RootfsPaths.Create.NOTHING,
                    target -> Syscalls.mount(null, target, null, options.propagation(), null));
        }
    }

    /** A mount call on a path of the container, resolved afresh (it sees mounts made before). */
    private interface MountCall {
        void on(String target) throws ErrnoException;
    }

    private static void at(int rootFd, String destination, RootfsPaths.Create create, MountCall call)
            throws CrateException {
        int fd = RootfsPaths.open(rootFd, destination, create);
        try {
            call.on(RootfsPaths.procPath(fd));
        } finally {
            Syscalls.closeQuietly(fd);
        }
    }

    /** The host path of {@code destination} resolved (and created as a directory) in the rootfs. */
    private static Path resolvedPath(int rootFd, String destination) throws CrateException {
        int fd = RootfsPaths.open(rootFd, destination, RootfsPaths.Create.DIRECTORY);
        try {
            Path resolved = Files.readSymbolicLink(Path.of(RootfsPaths.procPath(fd)));
            if (!resolved.startsWith(Files.readSymbolicLink(Path.of(RootfsPaths.procPath(rootFd))))) {
                throw new CrateException("mount " + destination + " resolves to " + resolved + ", outside the rootfs");
            }
            return resolved;
        } catch (IOException e) {
            throw new CrateException("mount " + destination + ": " + e.getMessage());
        } finally {
            Syscalls.closeQuietly(fd);
        }
    }

    /** Read-only (and the like) per mount point: a bind remount, which never touches the superblock. */
    private static void remountIfNeeded(int rootFd, String destination, MountOptions options) throws CrateException {
        long perMount = options.flags() & (MS_RDONLY | KEPT_ON_REMOUNT);
        if ((perMount & MS_RDONLY) != 0 || (options.bind() && perMount != 0)) {
            at(rootFd, destination, RootfsPaths.Create.NOTHING,
                    target -> Syscalls.mount(null, target, null, MS_BIND | MS_REMOUNT | perMount, null));
        }
    }

    private static void createDirectories(Path dir) throws CrateException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new CrateException("cannot create directory " + dir + " in the container: " + e.getMessage());
        }
    }

    /**
     * pivot_root(".", "."), as runc does: the old root ends up stacked on the new one and is
     * detached at once; no directory for it is needed in the rootfs. The mount namespace was
     * made a slave of the host's first, so the detach does not propagate.
     */
    private static void pivotRoot(String root) throws ErrnoException {
        Syscalls.chdir(root);
        Syscalls.pivotRoot(".", ".");
        Syscalls.mount(null, ".", null, MS_SLAVE | MS_REC, null);
        Syscalls.umount(".", Syscalls.MNT_DETACH);
        Syscalls.chdir("/");
    }

    private static void writeSysctls(Map<String, String> sysctls) throws CrateException {
        for (Map.Entry<String, String> sysctl : sysctls.entrySet()) {
            Path file = RootfsPaths.inside(Path.of("/proc/sys"), "/" + sysctl.getKey().replace('.', '/'));
            try {
                Files.writeString(file, sysctl.getValue(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new CrateException("linux.sysctl " + sysctl.getKey() + "=" + sysctl.getValue() + ": " + e);
            }
        }
    }
}
