package crate.cgroups;

import crate.api.CrateException;
import crate.api.spec.Linux;
import crate.api.spec.LinuxResources;
import crate.api.spi.CgroupManager;
import crate.api.spi.ContainerCgroup;
import crate.api.spi.ContainerContext;
import crate.cgroups.v2.V2Cgroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The "cgroupfs" manager: writes cgroupfs directly (no systemd), on every host layout. It
 * reads the layout and the runtime's own cgroups once, at first use; a pure cgroup v2 host
 * gets {@link V2Cgroup}, a hybrid or legacy one the v1 implementation.
 */
public final class CgroupfsManager implements CgroupManager {
    private final CgroupPathResolver resolver;
    private final V1Factory v1Factory;
    private CgroupLayout layout;
    private ProcCgroup own;

    /** As ServiceLoader makes it: containers without a cgroupsPath go under "crate" (relative). */
    public CgroupfsManager() {
        this(CgroupPathResolver.DEFAULT_PARENT);
    }

    /** @param defaultParent the parent of containers without a cgroupsPath ("crate", "/crate") */
    public CgroupfsManager(String defaultParent) {
        this(new CgroupPathResolver(defaultParent), null, null, V1Factory.V1);
    }

    /** For tests: a given layout and own cgroup instead of the host's. */
    CgroupfsManager(CgroupPathResolver resolver, CgroupLayout layout, ProcCgroup own, V1Factory v1Factory) {
        this.resolver = resolver;
        this.layout = layout;
        this.own = own;
        this.v1Factory = v1Factory;
    }

    @Override
    public String name() {
        return "cgroupfs";
    }

    /** The same manager (and host) with another default parent; the parent must be normalized. */
    @Override
    public synchronized CgroupManager withDefaultParent(String parent) throws CrateException {
        CgroupPathResolver.checkNormalized(parent, "the default cgroup parent");
        return new CgroupfsManager(new CgroupPathResolver(parent), layout, own, v1Factory);
    }

    /** The host's cgroup layout, as detected at first use. */
    public synchronized CgroupLayout layout() throws CrateException {
        if (layout == null) {
            layout = CgroupLayout.detect();
        }
        return layout;
    }

    @Override
    public ContainerCgroup create(ContainerContext container) throws CrateException {
        CgroupPlacement placement = place(container);
        LinuxResources resources = linux(container).map(Linux::resourcesOrNone).orElse(LinuxResources.NONE);
        if (placement.kind() == CgroupLayout.Kind.UNIFIED) {
            return V2Cgroup.create(placement.unified().orElseThrow(), resources);
        }
        Optional<ContainerCgroup> existing = placement.exists() ? v1Factory.open(placement.v1(), placement.unified()) : Optional.empty();
        if (existing.isPresent() && !existing.get().pids().isEmpty()) {
            throw new CrateException("cgroup " + placement.path() + " already in use (it has processes)");
        }
        return v1Factory.create(placement.v1(), placement.unified(), resources);
    }

    @Override
    public Optional<ContainerCgroup> find(ContainerContext container) throws CrateException {
        CgroupPlacement placement = place(container);
        if (!placement.exists()) {
            return Optional.empty();
        }
        if (placement.kind() == CgroupLayout.Kind.UNIFIED) {
            return Optional.of(V2Cgroup.open(placement.unified().orElseThrow()));
        }
        return v1Factory.open(placement.v1(), placement.unified());
    }

    @Override
    public Optional<ContainerCgroup> open(Map<String, String> paths) throws CrateException {
        CgroupLayout hostLayout = layout();
        if (hostLayout.kind() == CgroupLayout.Kind.UNIFIED) {
            CgroupMount mount = hostLayout.unified().orElseThrow();
            String path = paths.get(mount.mountPoint().toString());
            if (path == null || !Files.isDirectory(mount.dir(path).dir())) {
                return Optional.empty();
            }
            return Optional.of(V2Cgroup.open(mount.dir(path)));
        }
        List<HierarchyDir> v1 = new ArrayList<>();
        for (CgroupMount mount : hostLayout.v1()) {
            String path = paths.get(mount.mountPoint().toString());
            if (path != null) {
                v1.add(mount.dir(path));
            }
        }
        Optional<HierarchyDir> unified = hostLayout.unified()
                .flatMap(mount -> Optional.ofNullable(paths.get(mount.mountPoint().toString())).map(mount::dir));
        return v1.isEmpty() && unified.isEmpty() ? Optional.empty() : v1Factory.open(v1, unified);
    }

    /**
     * rmdir of the default parent ("crate" under crate's own cgroup) once its last container
     * is gone: left behind, it would keep the cgroup that crate was started in (a session's,
     * a service's) from being removed. A parent that still has a child, or that another crate
     * is creating a container under, stays (the rmdir fails; the create retries).
     */
    @Override
    public void removeEmptyParent(Map<String, String> paths) {
        paths.forEach((mountPoint, path) -> {
            for (String dir : resolver.defaultParentsOf(path)) {
                try {
                    Files.deleteIfExists(Path.of(mountPoint + dir));
                } catch (IOException e) {
                    return; // not empty (another container), or busy: it stays
                }
            }
        });
    }

    /** Where the container's cgroup is in each hierarchy of the host. */
    CgroupPlacement place(ContainerContext container) throws CrateException {
        String cgroupsPath = linux(container).map(Linux::cgroupsPath).orElse(null);
        CgroupPath path = resolver.resolve(cgroupsPath, container.id());
        CgroupLayout hostLayout = layout();
        List<HierarchyDir> v1 = new ArrayList<>();
        for (CgroupMount mount : hostLayout.v1()) {
            v1.add(mount.dir(path.relative() ? path.under(own().pathIn(mount, false)) : path.path()));
        }
        Optional<HierarchyDir> unified = Optional.empty();
        if (hostLayout.unified().isPresent()) {
            CgroupMount mount = hostLayout.unified().get();
            unified = Optional.of(mount.dir(path.relative() ? path.under(own().pathIn(mount, true)) : path.path()));
        }
        return new CgroupPlacement(hostLayout.kind(), path, v1, unified);
    }

    private synchronized ProcCgroup own() throws CrateException {
        if (own == null) {
            own = ProcCgroup.self();
        }
        return own;
    }

    private static Optional<Linux> linux(ContainerContext container) {
        return container.spec() == null ? Optional.empty() : Optional.ofNullable(container.spec().linux());
    }
}
