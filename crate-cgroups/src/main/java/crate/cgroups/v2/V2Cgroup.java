package crate.cgroups.v2;

import crate.api.CrateException;
import crate.api.spec.LinuxResources;
import crate.api.spi.CgroupStats;
import crate.api.spi.ContainerCgroup;
import crate.cgroups.CgroupFiles;
import crate.cgroups.CgroupWrite;
import crate.cgroups.HierarchyDir;
import crate.cgroups.ProcCgroup;
import crate.linux.Errno;
import crate.linux.ErrnoException;
import crate.linux.Signals;
import crate.linux.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** A container's cgroup on a cgroup v2 (unified) host: one directory in the cgroup2 mount. */
public final class V2Cgroup implements ContainerCgroup {
    private static final System.Logger LOG = System.getLogger(V2Cgroup.class.getName());
    /** How long a freeze, or the exit of killed processes, may take before crate gives up. */
    static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration RMDIR_RETRY = Duration.ofSeconds(2);

    private final HierarchyDir hierarchy;
    private final Path dir;

    private V2Cgroup(HierarchyDir hierarchy) {
        this.hierarchy = hierarchy;
        this.dir = hierarchy.dir();
    }

    /**
     * Creates the cgroup and applies {@code resources}. An existing empty cgroup is taken
     * over; one with processes is refused. On failure whatever was created is removed.
     */
    public static V2Cgroup create(HierarchyDir hierarchy, LinuxResources resources) throws CrateException {
        V2Settings settings = V2Settings.of(resources);
        byte[] deviceProgram = V2DeviceController.program(resources.devices());
        V2Cgroup cgroup = new V2Cgroup(hierarchy);
        if (Files.isDirectory(cgroup.dir) && !cgroup.pids().isEmpty()) {
            throw new CrateException("cgroup " + hierarchy.cgroupPath() + " already in use (it has processes)");
        }
        List<Path> made = V2Tree.make(hierarchy, settings.controllers());
        try {
            cgroup.apply(settings);
            V2DeviceController.attach(cgroup.dir, deviceProgram);
        } catch (CrateException e) {
            V2Tree.remove(made);
            throw e;
        }
        return cgroup;
    }

    /** The cgroup of an existing container. */
    public static V2Cgroup open(HierarchyDir hierarchy) {
        return new V2Cgroup(hierarchy);
    }

    /** The cgroup's directory. */
    public Path dir() {
        return dir;
    }

    @Override
    public String path() {
        return hierarchy.cgroupPath();
    }

    @Override
    public Map<String, String> paths() {
        return Map.of(hierarchy.mount().toString(), hierarchy.cgroupPath());
    }

    @Override
    public void add(int pid) throws CrateException {
        moveInto(dir, pid);
    }

    @Override
    public Visit visit(int pid) throws CrateException {
        String from = ProcCgroup.of(pid).unifiedPath()
                .orElseThrow(() -> new CrateException("process " + pid + " has no cgroup v2 cgroup"));
        Path home = from.equals("/") ? hierarchy.mount() : hierarchy.mount().resolve(from.substring(1));
        moveInto(dir, pid);
        return () -> moveInto(home, pid);
    }

    private static void moveInto(Path cgroupDir, int pid) throws CrateException {
        try {
            CgroupFiles.write(cgroupDir.resolve("cgroup.procs"), Integer.toString(pid));
        } catch (CrateException e) {
            throw new CrateException("cannot move process " + pid + " into the cgroup " + cgroupDir + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public List<Integer> pids() throws CrateException {
        List<Integer> pids = new ArrayList<>();
        for (Path cgroup : cgroupDirs()) {
            pids.addAll(CgroupFiles.readPids(cgroup.resolve("cgroup.procs")));
        }
        return pids;
    }

    @Override
    public void freeze() throws CrateException {
        CgroupFiles.write(dir.resolve("cgroup.freeze"), "1");
        if (!CgroupEvents.waitFor(dir, "frozen", 1, WAIT)) {
            CgroupFiles.write(dir.resolve("cgroup.freeze"), "0");
            throw new CrateException("cgroup " + path() + " did not freeze within " + WAIT.toSeconds() + " s");
        }
    }

    @Override
    public void thaw() throws CrateException {
        CgroupFiles.write(dir.resolve("cgroup.freeze"), "0");
        CgroupEvents.waitFor(dir, "frozen", 0, WAIT);
    }

    @Override
    public boolean frozen() throws CrateException {
        return CgroupFiles.readIfExists(dir.resolve("cgroup.freeze")).orElse("0").equals("1");
    }

    @Override
    public void update(LinuxResources resources) throws CrateException {
        V2Settings settings = V2Settings.of(V2CurrentValues.completed(resources, dir));
        if (resources.devices() != null && !resources.devices().isEmpty()) {
            // Another program would only narrow (every attached program must allow), and
            // swapping programs atomically needs BPF_F_REPLACE bookkeeping crate does not do.
            LOG.log(System.Logger.Level.WARNING, "linux.resources.devices cannot be changed by an update on"
                    + " cgroup v2; the container keeps the device rules it was created with");
        }
        apply(settings);
    }

    private void apply(V2Settings settings) throws CrateException {
        for (String warning : settings.warnings()) {
            LOG.log(System.Logger.Level.WARNING, warning);
        }
        for (CgroupWrite write : settings.writes()) {
            CgroupFiles.write(dir.resolve(write.file()), write.value());
        }
    }

    @Override
    public CgroupStats stats() throws CrateException {
        return V2Stats.read(dir);
    }

    @Override
    public long oomKills() throws CrateException {
        return CgroupFiles.readFlatKeyed(dir.resolve("memory.events")).getOrDefault("oom_kill", 0L);
    }

    @Override
    public void signalAll(int signal) throws CrateException {
        Path kill = dir.resolve("cgroup.kill");
        if (signal == Signals.SIGKILL && Files.exists(kill)) {
            // Atomic for the whole subtree, forks in flight included (Linux 5.14).
            CgroupFiles.write(kill, "1");
            return;
        }
        for (int pid : pids()) {
            try {
                Syscalls.kill(pid, signal);
            } catch (ErrnoException e) {
                if (e.errno() != Errno.ESRCH) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void destroy() throws CrateException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        if (!pids().isEmpty()) {
            signalAll(Signals.SIGKILL);
            // Frozen processes die of SIGKILL too, but thaw so nothing waits on the freezer.
            if (frozen()) {
                CgroupFiles.write(dir.resolve("cgroup.freeze"), "0");
            }
        }
        if (!CgroupEvents.waitFor(dir, "populated", 0, WAIT)) {
            throw new CrateException("cgroup " + path() + " still has processes " + pids() + " "
                    + WAIT.toSeconds() + " s after SIGKILL");
        }
        List<Path> dirs = cgroupDirs();
        dirs.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        for (Path cgroup : dirs) {
            rmdir(cgroup);
        }
    }

    /** rmdir, retried a moment: the kernel may still be tearing down the last exited task. */
    private static void rmdir(Path cgroup) throws CrateException {
        long deadline = System.nanoTime() + RMDIR_RETRY.toNanos();
        while (true) {
            try {
                Files.deleteIfExists(cgroup);
                return;
            } catch (IOException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw new CrateException("cannot remove cgroup " + cgroup + ": " + e.getMessage(), e);
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CrateException("interrupted while removing cgroup " + cgroup, e);
            }
        }
    }

    /** The cgroup's directory and every descendant cgroup; none if it is gone. */
    private List<Path> cgroupDirs() throws CrateException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return new ArrayList<>(walk.filter(Files::isDirectory).toList());
        } catch (NoSuchFileException e) {
            return new ArrayList<>();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new CrateException("cannot list the cgroup " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "cgroup v2 " + dir;
    }
}
