package crate.cgroups.v2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import crate.api.CrateException;
import crate.api.spec.Linux;
import crate.api.spec.LinuxResources;
import crate.api.spec.Spec;
import crate.api.spi.ContainerCgroup;
import crate.api.spi.ContainerContext;
import crate.cgroups.CgroupFiles;
import crate.cgroups.CgroupLayout;
import crate.cgroups.CgroupfsManager;
import crate.cgroups.HierarchyDir;
import crate.cgroups.ProcCgroup;
import crate.linux.Signals;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * V2Cgroup against the real kernel: limits that bite. Needs root on a pure cgroup v2 host,
 * which this machine kind is not (hybrid): scripts/vm-cgroup-tests.sh runs it in the QEMU
 * guest; elsewhere it skips itself. Workloads are busybox processes this test starts and
 * moves itself; each test works under its own parent cgroup and removes it, also on failure.
 */
class V2CgroupIT {
    private static final Path MOUNT = Path.of("/sys/fs/cgroup");
    private static final String BUSYBOX = "/bin/busybox";

    private final String parent = "/crate-it-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    private final List<Process> processes = new ArrayList<>();
    private final List<V2Cgroup> cgroups = new ArrayList<>();

    @BeforeAll
    static void onlyOnPureCgroupV2AsRoot() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        CgroupLayout layout = CgroupLayout.detect();
        assumeTrue(layout.kind() == CgroupLayout.Kind.UNIFIED
                && layout.unified().orElseThrow().mountPoint().equals(MOUNT),
                "needs a pure cgroup v2 host (run scripts/vm-cgroup-tests.sh)");
        assumeTrue(Files.isExecutable(Path.of(BUSYBOX)), "needs busybox-static");
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Process process : processes) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        for (V2Cgroup cgroup : cgroups) {
            cgroup.destroy();
        }
        Files.deleteIfExists(MOUNT.resolve(parent.substring(1)));
    }

    private V2Cgroup create(String name, LinuxResources resources) throws CrateException {
        V2Cgroup cgroup = V2Cgroup.create(dir(name), resources);
        cgroups.add(cgroup);
        return cgroup;
    }

    private HierarchyDir dir(String name) {
        return new HierarchyDir(MOUNT, Set.of(), parent + "/" + name);
    }

    /** Starts a busybox shell script that waits for a line on stdin before it runs. */
    private Process start(String script) throws IOException {
        Process process = new ProcessBuilder(BUSYBOX, "sh", "-c", "read go; " + script)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        processes.add(process);
        return process;
    }

    /** Moves the waiting script into the cgroup, then lets it run. */
    private static void runIn(ContainerCgroup cgroup, Process process) throws Exception {
        cgroup.add((int) process.pid());
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write('\n');
        }
    }

    /** Polls {@code condition} for up to 30 s (the guest is slow), failing if it never holds. */
    private static void awaitTrue(Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.call()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within 30 s");
            Thread.sleep(20);
        }
    }

    private static long usageMicros(V2Cgroup cgroup) throws CrateException {
        return CgroupFiles.readFlatKeyed(cgroup.dir().resolve("cpu.stat")).get("usage_usec");
    }

    @Test
    void aForkLoopStopsAtPidsMax() throws Exception {
        V2Cgroup cgroup = create("pids", Resources.pids(10));
        Process loop = start("i=0; while [ $i -lt 40 ]; do " + BUSYBOX + " sleep 60 & i=$((i+1)); done; wait");
        runIn(cgroup, loop);
        assertTrue(loop.waitFor(60, TimeUnit.SECONDS) || cgroup.pids().size() <= 10, "fork loop still running");
        long refused = CgroupFiles.readFlatKeyed(cgroup.dir().resolve("pids.events")).get("max");
        assertTrue(refused > 0, "pids.events max " + refused);
        assertTrue(cgroup.pids().size() <= 10, "pids " + cgroup.pids());
        assertEquals(10, cgroup.stats().pids().limit());
    }

    @Test
    void aMemoryHogIsOomKilledAndCounted() throws Exception {
        V2Cgroup cgroup = create("memory", Resources.memory(32L << 20, 32L << 20));
        assertEquals("0", CgroupFiles.read(cgroup.dir().resolve("memory.swap.max")));
        assertEquals(0, cgroup.oomKills());
        Process hog = start("exec " + BUSYBOX + " dd if=/dev/zero of=/dev/null bs=200M count=1");
        runIn(cgroup, hog);
        assertTrue(hog.waitFor(120, TimeUnit.SECONDS), "hog still running");
        assertEquals(128 + Signals.SIGKILL, hog.exitValue());
        assertTrue(cgroup.oomKills() >= 1, "oom kills " + cgroup.oomKills());
        assertTrue(cgroup.stats().memory().usage().failcnt() >= 1);
    }

    @Test
    void aCpuQuotaThrottles() throws Exception {
        V2Cgroup cgroup = create("cpu", Resources.cpu(Resources.quota(10000L, 100000L)));
        assertEquals("10000 100000", CgroupFiles.read(cgroup.dir().resolve("cpu.max")));
        Process spin = start("exec " + BUSYBOX + " timeout 2 " + BUSYBOX + " sh -c 'while :; do :; done'");
        runIn(cgroup, spin);
        assertTrue(spin.waitFor(60, TimeUnit.SECONDS), "spinner still running");
        var throttling = cgroup.stats().cpu().throttling();
        assertTrue(throttling.throttledPeriods() > 0, "not throttled: " + throttling);
        assertTrue(throttling.throttledTime() > 0, "no throttled time: " + throttling);
    }

    @Test
    void freezeStopsProgressAndThawResumesIt() throws Exception {
        V2Cgroup cgroup = create("freezer", LinuxResources.NONE);
        Process spin = start("while :; do :; done");
        runIn(cgroup, spin);
        Thread.sleep(300);
        cgroup.freeze();
        assertTrue(cgroup.frozen());
        long frozenAt = usageMicros(cgroup);
        Thread.sleep(500);
        assertEquals(frozenAt, usageMicros(cgroup), "a frozen process used CPU");
        cgroup.thaw();
        assertFalse(cgroup.frozen());
        Thread.sleep(500);
        assertTrue(usageMicros(cgroup) > frozenAt, "the thawed process made no progress");
    }

    @Test
    void updateChangesALiveLimit() throws Exception {
        V2Cgroup cgroup = create("update", new LinuxResources(null,
                new LinuxResources.Memory(64L << 20, null, null, null, null, null, null, null, null), null,
                new LinuxResources.Pids(2L), null, null, null));
        Process sleeper = start("exec " + BUSYBOX + " sleep 60");
        runIn(cgroup, sleeper);
        // Two tasks at most: a third fork fails until the limit is raised.
        Process probe = start(BUSYBOX + " sleep 60 & " + BUSYBOX + " sleep 60 & wait");
        runIn(cgroup, probe);
        awaitTrue(() -> CgroupFiles.readFlatKeyed(cgroup.dir().resolve("pids.events")).get("max") > 0);
        assertTrue(cgroup.pids().size() <= 2, "pids " + cgroup.pids());
        cgroup.update(new LinuxResources(null,
                new LinuxResources.Memory(32L << 20, null, 48L << 20, null, null, null, null, null, null), null,
                new LinuxResources.Pids(50L), null, null, null));
        assertEquals("50", CgroupFiles.read(cgroup.dir().resolve("pids.max")));
        assertEquals(Long.toString(32L << 20), CgroupFiles.read(cgroup.dir().resolve("memory.max")));
        assertEquals(Long.toString(16L << 20), CgroupFiles.read(cgroup.dir().resolve("memory.swap.max")));
        // Now the sleeper, a new shell and both its children fit.
        Process more = start(BUSYBOX + " sleep 60 & " + BUSYBOX + " sleep 60 & wait");
        runIn(cgroup, more);
        awaitTrue(() -> cgroup.pids().size() >= 4);
    }

    @Test
    void destroyKillsLeftoversAndLeavesNoDirectory() throws Exception {
        V2Cgroup cgroup = create("destroy", Resources.pids(20));
        Process sleeper = start("exec " + BUSYBOX + " sleep 300");
        runIn(cgroup, sleeper);
        // A sub-cgroup made by the container, with a process of its own, goes too.
        Path child = cgroup.dir().resolve("inner");
        Files.createDirectory(child);
        Process inner = start("exec " + BUSYBOX + " sleep 300");
        inner.getOutputStream().close();
        CgroupFiles.write(child.resolve("cgroup.procs"), Long.toString(inner.pid()));
        assertEquals(2, cgroup.pids().size());
        cgroup.destroy();
        assertTrue(sleeper.waitFor(10, TimeUnit.SECONDS) && inner.waitFor(10, TimeUnit.SECONDS));
        assertFalse(Files.exists(cgroup.dir()));
        cgroup.destroy();
    }

    @Test
    void signalAllReachesEveryProcess() throws Exception {
        V2Cgroup cgroup = create("signal", LinuxResources.NONE);
        Process a = start("exec " + BUSYBOX + " sleep 300");
        Process b = start("exec " + BUSYBOX + " sleep 300");
        runIn(cgroup, a);
        runIn(cgroup, b);
        cgroup.signalAll(Signals.SIGTERM);
        assertTrue(a.waitFor(10, TimeUnit.SECONDS) && b.waitFor(10, TimeUnit.SECONDS));
        assertEquals(128 + Signals.SIGTERM, a.exitValue());
    }

    @Test
    void aVisitMovesTheProcessBack() throws Exception {
        V2Cgroup cgroup = create("visit", LinuxResources.NONE);
        Process sleeper = start("exec " + BUSYBOX + " sleep 300");
        int pid = (int) sleeper.pid();
        String home = ProcCgroup.of(pid).unifiedPath().orElseThrow();
        try (ContainerCgroup.Visit visit = cgroup.visit(pid)) {
            assertEquals(parent + "/visit", ProcCgroup.of(pid).unifiedPath().orElseThrow());
        }
        assertEquals(home, ProcCgroup.of(pid).unifiedPath().orElseThrow());
    }

    @Test
    void createWithABadValueLeavesNothing() {
        LinuxResources bad = new LinuxResources(null, null, null, null, null, null, Map.of("memory.max", "lots"));
        CrateException e = assertThrows(CrateException.class, () -> create("bad", bad));
        assertTrue(e.getMessage().contains("\"lots\"") && e.getMessage().contains("memory.max"), e.getMessage());
        assertFalse(Files.exists(MOUNT.resolve(parent.substring(1))), "the parent cgroup is left");
    }

    @Test
    void theManagerPlacesPathlessContainersUnderItsDefaultParent() throws Exception {
        CgroupfsManager manager = new CgroupfsManager(parent.substring(1));
        Linux linux = new Linux(List.of(), null, List.of(), List.of(), Map.of(), null, Resources.pids(7));
        ContainerContext container = new ContainerContext("m1", "/bundle",
                new Spec(Spec.OCI_VERSION, null, null, null, null, List.of(), linux, Map.of()), "bundle");
        ContainerCgroup cgroup = manager.create(container);
        try {
            String own = ProcCgroup.self().unifiedPath().orElseThrow();
            assertEquals((own.equals("/") ? "" : own) + parent + "/m1", cgroup.path());
            assertEquals("7", CgroupFiles.read(MOUNT.resolve(cgroup.path().substring(1)).resolve("pids.max")));
            Process sleeper = start("exec " + BUSYBOX + " sleep 300");
            runIn(cgroup, sleeper);
            CrateException inUse = assertThrows(CrateException.class, () -> manager.create(container));
            assertTrue(inUse.getMessage().contains("already in use"), inUse.getMessage());
            assertEquals(cgroup.path(), manager.find(container).orElseThrow().path());
        } finally {
            cgroup.destroy();
        }
        assertTrue(manager.find(container).isEmpty());
    }
}
