package crate.cgroups.v1;

import crate.api.CrateException;
import crate.api.spec.LinuxResources;
import crate.api.spi.CgroupStats;
import crate.api.spi.ContainerCgroup;
import crate.cgroups.HierarchyDir;
import crate.cgroups.ProcCgroup;
import crate.linux.Errno;
import crate.linux.ErrnoException;
import crate.linux.Signals;
import crate.linux.Syscalls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A container's cgroup on a cgroup v1 host, or on a hybrid host (v1 controllers plus a
 * cgroup2 hierarchy, where processes are placed too, as runc does, and which serves the
 * controllers that live there, such as hugetlb).
 */
public final class V1Cgroup implements ContainerCgroup {
    /** How long destroy waits for killed processes to leave the cgroup. */
    private static final long DESTROY_WAIT_MILLIS = 10_000;

    private final V1Layout layout;

    private V1Cgroup(V1Layout layout) {
        this.layout = layout;
    }

    /**
     * Creates the cgroup in every hierarchy and applies {@code resources}. On failure it
     * removes every directory it made and the message names the file and value refused.
     */
    public static V1Cgroup create(List<HierarchyDir> v1Hierarchies, Optional<HierarchyDir> unified,
            LinuxResources resources) throws CrateException {
        V1Layout layout = new V1Layout(v1Hierarchies, unified);
        refuseInUse(layout);
        List<Path> created = new ArrayList<>();
        try {
            for (HierarchyDir hierarchy : layout.all()) {
                CgroupTree.create(hierarchy, created);
            }
            ResourceApplier.apply(layout, resources);
            return new V1Cgroup(layout);
        } catch (CrateException | RuntimeException e) {
            CgroupTree.removeCreated(created);
            throw e;
        }
    }

    /** The cgroup if it exists in any of the hierarchies, else empty. */
    public static Optional<V1Cgroup> open(List<HierarchyDir> v1Hierarchies, Optional<HierarchyDir> unified)
            throws CrateException {
        V1Layout layout = new V1Layout(v1Hierarchies, unified);
        boolean exists = layout.all().stream().anyMatch(h -> Files.isDirectory(h.dir()));
        return exists ? Optional.of(new V1Cgroup(layout)) : Optional.empty();
    }

    private static void refuseInUse(V1Layout layout) throws CrateException {
        for (HierarchyDir hierarchy : layout.all()) {
            List<Integer> pids = CgroupTree.procs(hierarchy.dir());
            if (!pids.isEmpty()) {
                throw new CrateException("cgroup " + hierarchy.cgroupPath() + " already in use: " + hierarchy.dir()
                        + " holds process(es) " + pids);
            }
        }
    }

    @Override
    public String path() {
        return layout.path();
    }

    @Override
    public Map<String, String> paths() {
        Map<String, String> paths = new LinkedHashMap<>();
        for (HierarchyDir hierarchy : layout.all()) {
            paths.put(hierarchy.mount().toString(), hierarchy.cgroupPath());
        }
        return paths;
    }

    @Override
    public void add(int pid) throws CrateException {
        for (HierarchyDir hierarchy : layout.all()) {
            V1Layout.files(hierarchy).write(CgroupTree.PROCS, Integer.toString(pid));
        }
    }

    @Override
    public Visit visit(int pid) throws CrateException {
        ProcCgroup origin = ProcCgroup.of(pid);
        List<CgroupDir> back = new ArrayList<>();
        for (HierarchyDir hierarchy : layout.all()) {
            String path = origin.pathIn(hierarchy, layout.unified().filter(hierarchy::equals).isPresent());
            back.add(new CgroupDir(path.equals("/") ? hierarchy.mount() : hierarchy.mount().resolve(path.substring(1))));
        }
        Visit visit = () -> {
            for (CgroupDir dir : back) {
                dir.write(CgroupTree.PROCS, Integer.toString(pid));
            }
        };
        try {
            add(pid);
        } catch (CrateException e) {
            try {
                visit.close();
            } catch (CrateException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return visit;
    }

    @Override
    public List<Integer> pids() throws CrateException {
        return CgroupTree.procs(layout.procsSource().dir());
    }

    @Override
    public void freeze() throws CrateException {
        Freezer.freeze(freezer());
    }

    @Override
    public void thaw() throws CrateException {
        Freezer.thaw(freezer());
    }

    @Override
    public boolean frozen() throws CrateException {
        Optional<HierarchyDir> freezer = layout.v1("freezer");
        return freezer.isPresent() && Files.isDirectory(freezer.get().dir())
                && Freezer.frozen(V1Layout.files(freezer.get()));
    }

    private CgroupFiles freezer() throws CrateException {
        return V1Layout.files(layout.v1("freezer").orElseThrow(() -> new CrateException(
                "cannot freeze or thaw cgroup " + path() + ": this host has no freezer hierarchy")));
    }

    @Override
    public void update(LinuxResources resources) throws CrateException {
        ResourceApplier.apply(layout, resources);
    }

    @Override
    public CgroupStats stats() throws CrateException {
        return V1Stats.read(layout);
    }

    /** The oom_kill counter of memory.oom_control (kernel 4.13 and later; 0 before). */
    @Override
    public long oomKills() throws CrateException {
        Optional<HierarchyDir> memory = layout.v1("memory");
        if (memory.isEmpty()) {
            return 0;
        }
        String control = V1Layout.files(memory.get()).read(MemorySettings.OOM_CONTROL);
        return StatFiles.keyValues(control).getOrDefault("oom_kill", 0L);
    }

    /**
     * Signals every process of the cgroup. For SIGKILL the cgroup is frozen first, so that
     * no process forks a child that escapes the list, and thawed after, so that the frozen
     * processes can die (as runc does).
     */
    @Override
    public void signalAll(int signal) throws CrateException {
        signal(pids(), signal);
    }

    private void signal(List<Integer> pids, int signal) throws CrateException {
        Optional<HierarchyDir> freezer = layout.v1("freezer").filter(h -> Files.isDirectory(h.dir()));
        boolean freeze = signal == Signals.SIGKILL && freezer.isPresent();
        List<Integer> targets = pids;
        if (freeze) {
            try {
                Freezer.freeze(V1Layout.files(freezer.get()));
                targets = union(pids, pids());
            } catch (CrateException e) {
                // Killing without the freeze can miss a fresh fork; the caller's loop catches that.
                freeze = false;
            }
        }
        try {
            for (int pid : targets) {
                try {
                    Syscalls.kill(pid, signal);
                } catch (ErrnoException e) {
                    if (e.errno() != Errno.ESRCH) {
                        throw e;
                    }
                }
            }
        } finally {
            if (freeze) {
                Freezer.thaw(V1Layout.files(freezer.get()));
            }
        }
    }

    /**
     * Kills what is left (every hierarchy's list counts: a process may have been added to
     * some hierarchies only), waits until the cgroup is empty and removes it, deepest first.
     */
    @Override
    public void destroy() throws CrateException {
        long deadline = System.nanoTime() + DESTROY_WAIT_MILLIS * 1_000_000;
        List<Integer> left = allPids();
        while (!left.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new CrateException("cannot remove cgroup " + path() + ": process(es) " + left
                        + " still in it after SIGKILL");
            }
            signal(left, Signals.SIGKILL);
            pause();
            left = allPids();
        }
        CrateException first = null;
        for (HierarchyDir hierarchy : layout.all()) {
            try {
                CgroupTree.removeRecursively(hierarchy.dir());
            } catch (CrateException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private List<Integer> allPids() throws CrateException {
        TreeSet<Integer> pids = new TreeSet<>();
        for (HierarchyDir hierarchy : layout.all()) {
            pids.addAll(CgroupTree.procs(hierarchy.dir()));
        }
        return List.copyOf(pids);
    }

    private static List<Integer> union(List<Integer> a, List<Integer> b) {
        TreeSet<Integer> all = new TreeSet<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    private static void pause() throws CrateException {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CrateException("interrupted while waiting for a cgroup to empty", e);
        }
    }
}
