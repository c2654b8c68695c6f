package crate.cgroups.v1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import crate.api.CrateException;
import crate.api.spec.LinuxResources;
import crate.api.spi.CgroupStats;
import crate.api.spi.ContainerCgroup;
import crate.cgroups.HierarchyDir;
import crate.linux.Signals;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * V1Cgroup against this host's real cgroup v1 hierarchies (hybrid here): limits that bite.
 * Every cgroup is nested under the test JVM's own cgroup (see {@link TestHierarchies}), and
 * only processes this test starts are put into them and killed, by pid.
 */
class V1CgroupIT {
    private static final String BUSYBOX = "/bin/busybox";
    private static final long MB = 1 << 20;

    private static TestHierarchies hierarchies;

    private final List<Process> started = new ArrayList<>();
    private final List<ContainerCgroup> cgroups = new ArrayList<>();
    private String name;

    @BeforeAll
    static void setUp() throws Exception {
        assumeTrue(Files.readString(Path.of("/proc/self/status")).lines()
                .anyMatch(l -> l.matches("Uid:\\s+0\\s.*")), "needs root");
        assumeTrue(Files.isExecutable(Path.of(BUSYBOX)), "needs " + BUSYBOX + " (busybox-static)");
        hierarchies = TestHierarchies.ofThisProcess();
        assumeTrue(hierarchies.v1Base("memory").isPresent(), "needs a cgroup v1 memory hierarchy");
        hierarchies.createBases();
    }

    @AfterAll
    static void tearDown() throws CrateException {
        if (hierarchies != null) {
            hierarchies.removeAll();
        }
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Process process : started) {
            process.destroyForcibly(); // by pid: only processes this test started
            process.waitFor(10, TimeUnit.SECONDS);
        }
        for (ContainerCgroup cgroup : cgroups) {
            cgroup.destroy();
        }
    }

    private V1Cgroup create(TestInfo test, LinuxResources resources) throws CrateException {
        name = test.getTestMethod().orElseThrow().getName();
        V1Cgroup cgroup = V1Cgroup.create(hierarchies.v1(name), hierarchies.unified(name), resources);
        cgroups.add(cgroup);
        return cgroup;
    }

    /** busybox sh running {@code script} once a line arrives on stdin (after it is in the cgroup). */
    private Process start(String script) throws IOException {
        Process process = new ProcessBuilder(BUSYBOX, "sh", "-c", "read go; " + script)
                .redirectErrorStream(true)
                .start();
        started.add(process);
        return process;
    }

    private static void go(Process process) throws IOException {
        OutputStream stdin = process.getOutputStream();
        stdin.write('\n');
        stdin.flush();
    }

    private String file(String controller, String file) throws IOException {
        HierarchyDir hierarchy = hierarchies.v1(name).stream().filter(h -> h.has(controller)).findFirst().orElseThrow();
        return Files.readString(hierarchy.dir().resolve(file)).strip();
    }

    private static LinuxResources.Memory memoryLimit(long bytes) {
        return new LinuxResources.Memory(bytes, null, null, null, null, null, null, null, null);
    }

    private static LinuxResources.Cpu cpuQuota(long quota, long period) {
        return new LinuxResources.Cpu(null, quota, null, period, null, null, null, null, null);
    }

    private static LinuxResources resources(LinuxResources.Memory memory, LinuxResources.Cpu cpu, Long pids) {
        return new LinuxResources(null, memory, cpu, pids == null ? null : new LinuxResources.Pids(pids), null, null, null);
    }

    private static void sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }

    @Test
    void forkLoopStopsAtPidsMax(TestInfo test) throws Exception {
        V1Cgroup cgroup = create(test, resources(null, null, 8L));
        Process shell = start("i=0; while [ $i -lt 40 ]; do " + BUSYBOX + " sleep 60 & i=$((i+1)); done; wait");
        cgroup.add((int) shell.pid());
        go(shell);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Long.parseLong(file("pids", "pids.events").replace("max", "").strip()) == 0
                && System.nanoTime() < deadline) {
            sleep(20);
        }
        long refused = Long.parseLong(file("pids", "pids.events").replace("max", "").strip());
        CgroupStats.Pids pids = cgroup.stats().pids();
        System.out.printf("pids: limit %d, current %d, forks refused %d, pids() %d%n",
                pids.limit(), pids.current(), refused, cgroup.pids().size());
        assertTrue(refused > 0, "no fork was refused");
        assertEquals(8, pids.limit());
        assertTrue(pids.current() <= 8 && cgroup.pids().size() <= 8, "more than pids.max: " + cgroup.pids());
    }

    @Test
    void memoryHogIsOomKilled(TestInfo test) throws Exception {
        V1Cgroup cgroup = create(test, resources(memoryLimit(16 * MB), null, null));
        assertEquals(0, cgroup.oomKills());
        Process hog = start("x=0123456789abcdef; while :; do x=$x$x; done");
        cgroup.add((int) hog.pid());
        go(hog);
        assertTrue(hog.waitFor(30, TimeUnit.SECONDS), "the hog still runs");
        CgroupStats.Memory memory = cgroup.stats().memory();
        System.out.printf("memory: exit %d, oom kills %d, failcnt %d, max usage %d, limit %d%n",
                hog.exitValue(), cgroup.oomKills(), memory.usage().failcnt(), memory.usage().max(),
                memory.usage().limit());
        assertEquals(128 + Signals.SIGKILL, hog.exitValue(), "not killed by SIGKILL");
        assertTrue(cgroup.oomKills() >= 1, "no OOM kill counted");
        assertEquals(16 * MB, memory.usage().limit());
        assertTrue(memory.usage().failcnt() > 0);
        assertTrue(memory.usage().max() <= 16 * MB);
    }

    @Test
    void cpuQuotaThrottles(TestInfo test) throws Exception {
        V1Cgroup cgroup = create(test, resources(null, cpuQuota(10_000, 100_000), null));
        Process spin = start("while :; do :; done");
        cgroup.add((int) spin.pid());
        go(spin);
        sleep(1500);
        CgroupStats.Cpu cpu = cgroup.stats().cpu();
        System.out.printf("cpu: periods %d, throttled %d, throttled time %d ns, usage %d ns in ~1.5 s%n",
                cpu.throttling().periods(), cpu.throttling().throttledPeriods(), cpu.throttling().throttledTime(),
                cpu.usage().total());
        assertTrue(cpu.throttling().throttledPeriods() > 0, "never throttled");
        assertTrue(cpu.throttling().throttledTime() > 0);
        // 10% of one CPU for 1.5 s is 150 ms; allow slack, but far below a free spinner.
        assertTrue(cpu.usage().total() < 400_000_000L, "used " + cpu.usage().total() + " ns");
    }

    @Test
    void freezeStopsAndThawResumes(TestInfo test) throws Exception {
        V1Cgroup cgroup = create(test, LinuxResources.NONE);
        Process spin = start("while :; do :; done");
        cgroup.add((int) spin.pid());
        go(spin);
        sleep(200);
        cgroup.freeze();
        assertTrue(cgroup.frozen());
        long frozenAt = cgroup.stats().cpu().usage().total();
        sleep(500);
        long stillAt = cgroup.stats().cpu().usage().total();
        cgroup.thaw();
        assertFalse(cgroup.frozen());
        sleep(500);
        long resumedAt = cgroup.stats().cpu().usage().total();
        System.out.printf("freezer: cpu ns at freeze %d, 500 ms later %d, 500 ms after thaw %d%n",
                frozenAt, stillAt, resumedAt);
        assertEquals(frozenAt, stillAt, "the frozen process used CPU");
        assertTrue(resumedAt - stillAt > 100_000_000L, "the thawed process did not run");
    }

    @Test
    void updateChangesLiveLimits(TestInfo test) throws Exception {
        V1Cgroup cgroup = create(test, resources(memoryLimit(64 * MB), cpuQuota(50_000, 100_000), 4L));
        Process shell = start("i=0; while [ $i -lt 10 ]; do " + BUSYBOX + " sleep 60 & i=$((i+1)); done; wait");
        cgroup.add((int) shell.pid());
        assertEquals("4", file("pids", "pids.max"));

        cgroup.update(resources(memoryLimit(32 * MB), cpuQuota(20_000, 50_000), 20L));
        assertEquals(Long.toString(32 * MB), file("memory", "memory.limit_in_bytes"));
        assertEquals("20000", file("cpu", "cpu.cfs_quota_us"));
        assertEquals("50000", file("cpu", "cpu.cfs_period_us"));
        assertEquals("20", file("pids", "pids.max"));
        // The raised limit bites: all ten children fit now (4 would have stopped them).
        go(shell);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (cgroup.pids().size() < 11 && System.nanoTime() < deadline) {
            sleep(20);
        }
        assertEquals(11, cgroup.pids().size());
        assertEquals("max 0", file("pids", "pids.events"));
    }

    @Test
    void memoryAndSwapLimitsMoveInEitherDirection(TestInfo test) throws Exception {
        // The kernel keeps memsw >= limit and refuses a write that would break it (EINVAL).
        V1Cgroup cgroup = create(test, resources(memoryWithSwap(32 * MB, 64 * MB), null, null));
        assumeTrue(Files.exists(hierarchies.v1(name).stream().filter(h -> h.has("memory")).findFirst().orElseThrow()
                .dir().resolve("memory.memsw.limit_in_bytes")), "no swap accounting");
        cgroup.update(resources(memoryWithSwap(128 * MB, 256 * MB), null, null));
        assertEquals(Long.toString(128 * MB), file("memory", "memory.limit_in_bytes"));
        assertEquals(Long.toString(256 * MB), file("memory", "memory.memsw.limit_in_bytes"));
        cgroup.update(resources(memoryWithSwap(16 * MB, 24 * MB), null, null));
        assertEquals(Long.toString(16 * MB), file("memory", "memory.limit_in_bytes"));
        assertEquals(Long.toString(24 * MB), file("memory", "memory.memsw.limit_in_bytes"));
        cgroup.update(resources(memoryLimit(-1), null, null));
        assertEquals(file("memory", "memory.memsw.limit_in_bytes"), file("memory", "memory.limit_in_bytes"));
        assertTrue(Long.parseLong(file("memory", "memory.limit_in_bytes")) > 1L << 60, "not unlimited");
    }

    private static LinuxResources.Memory memoryWithSwap(long limit, long swap) {
        return new LinuxResources.Memory(limit, null, swap, null, null, null, null, null, null);
    }

    @Test
    void statsAreSane(TestInfo test) throws Exception {
        V1Cgroup cgroup = create(test, resources(memoryLimit(128 * MB), null, 50L));
        Process work = start(BUSYBOX + " dd if=/dev/zero of=/dev/null bs=1M count=300 2>/dev/null; "
                + "x=0123456789abcdef; for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do x=$x$x; done; "
                + BUSYBOX + " sleep 60 & wait");
        cgroup.add((int) work.pid());
        go(work);
        sleep(1000);
        CgroupStats stats = cgroup.stats();
        System.out.printf("stats: cpu total %d (user %d, kernel %d), memory usage %d max %d cache %d, pids %d/%d%n",
                stats.cpu().usage().total(), stats.cpu().usage().user(), stats.cpu().usage().kernel(),
                stats.memory().usage().usage(), stats.memory().usage().max(), stats.memory().cache(),
                stats.pids().current(), stats.pids().limit());
        assertTrue(stats.cpu().usage().total() > 0);
        assertEquals(Runtime.getRuntime().availableProcessors(), stats.cpu().usage().percpu().size());
        long perCpuSum = stats.cpu().usage().percpu().stream().mapToLong(Long::longValue).sum();
        assertTrue(Math.abs(perCpuSum - stats.cpu().usage().total()) <= stats.cpu().usage().total() / 100,
                "per-CPU usage adds up to " + perCpuSum);
        assertTrue(stats.memory().usage().usage() > MB, "a 1 MB string at least");
        assertTrue(stats.memory().usage().max() >= stats.memory().usage().usage());
        assertEquals(128 * MB, stats.memory().usage().limit());
        assertTrue(stats.memory().raw().containsKey("total_rss"));
        assertEquals(2, stats.pids().current()); // the shell and its sleep
        assertEquals(50, stats.pids().limit());
        assertNotNull(stats.blkio());
        assertEquals(List.of((int) work.pid(), (int) work.children().findFirst().orElseThrow().pid()).stream().sorted().toList(),
                cgroup.pids());
    }

    /**
     * Deny all, allow /dev/null (1:3): runc's default devices follow the spec's rules (as
     * podman relies on), and a device outside both, /dev/kmsg's 1:11, is refused.
     */
    @Test
    void devicesDenyAllThenAllow(TestInfo test) throws Exception {
        List<LinuxResources.DeviceRule> rules = List.of(
                new LinuxResources.DeviceRule(false, null, null, null, "rwm"),
                new LinuxResources.DeviceRule(true, "c", 1L, 3L, "rwm"));
        V1Cgroup cgroup = create(test, new LinuxResources(rules, null, null, null, null, null, null));
        List<String> allowed = List.of(file("devices", "devices.list").split("\n", 0));
        assertTrue(allowed.contains("c 1:3 rwm") && allowed.contains("c 1:5 rwm") && allowed.contains("c *:* m"), allowed.toString());
        assertTrue(!allowed.contains("a *:* rwm") && !allowed.contains("c 1:11 rwm"), allowed.toString());
        Path dir = Files.createTempDirectory("v1it-dev");
        try {
            Path kmsg = dir.resolve("kmsg");
            assertEquals(0, new ProcessBuilder(BUSYBOX, "mknod", kmsg.toString(), "c", "1", "11").start().waitFor());
            Process probe = start("echo ok > /dev/null && echo null-ok; " + BUSYBOX + " head -c 1 /dev/zero >/dev/null && echo zero-ok; "
                    + BUSYBOX + " timeout 2 " + BUSYBOX + " head -c 1 " + kmsg + " >/dev/null 2>&1 || echo kmsg-denied");
            cgroup.add((int) probe.pid());
            go(probe);
            assertTrue(probe.waitFor(10, TimeUnit.SECONDS));
            String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(output.contains("null-ok") && output.contains("zero-ok") && output.contains("kmsg-denied"), output);
        } finally {
            Files.deleteIfExists(dir.resolve("kmsg"));
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void destroyKillsLeftoversAndLeavesNoDirectory(TestInfo test) throws Exception {
        V1Cgroup cgroup = create(test, resources(null, null, 20L));
        Process shell = start(BUSYBOX + " sleep 1000 & " + BUSYBOX + " sleep 1000 & wait");
        cgroup.add((int) shell.pid());
        go(shell);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (cgroup.pids().size() < 3 && System.nanoTime() < deadline) {
            sleep(20);
        }
        List<Integer> pids = cgroup.pids();
        assertEquals(3, pids.size());
        cgroup.destroy();
        for (int pid : pids) {
            Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            assertTrue(handle.isEmpty() || !handle.get().isAlive() || isZombie(pid), "pid " + pid + " lives");
        }
        for (HierarchyDir hierarchy : hierarchies.v1(name)) {
            assertFalse(Files.exists(hierarchy.dir()), hierarchy.dir() + " left");
        }
        hierarchies.unified(name).ifPresent(h -> assertFalse(Files.exists(h.dir()), h.dir() + " left"));
        cgroup.destroy(); // idempotent
        assertTrue(V1Cgroup.open(hierarchies.v1(name), hierarchies.unified(name)).isEmpty());
    }

    private static boolean isZombie(int pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
    }

    @Test
    void badValueFailsNamingTheFileAndLeavesNothing(TestInfo test) {
        name = test.getTestMethod().orElseThrow().getName();
        LinuxResources bad = resources(memoryLimit(64 * MB),
                new LinuxResources.Cpu(null, null, null, null, null, null, "999", null, null), null);
        CrateException e = assertThrows(CrateException.class,
                () -> V1Cgroup.create(hierarchies.v1(name), hierarchies.unified(name), bad));
        System.out.println("bad value: " + e.getMessage());
        assertTrue(e.getMessage().contains("cpuset.cpus") && e.getMessage().contains("999"), e.getMessage());
        for (HierarchyDir hierarchy : hierarchies.v1(name)) {
            assertFalse(Files.exists(hierarchy.dir()), hierarchy.dir() + " left");
        }
        hierarchies.unified(name).ifPresent(h -> assertFalse(Files.exists(h.dir()), h.dir() + " left"));
    }

    @Test
    void controllersTheHostDoesNotGiveUsAreClearErrors(TestInfo test) {
        name = test.getTestMethod().orElseThrow().getName();
        // Here hugetlb lives in the cgroup2 hierarchy, but the test directory enables no
        // controller for its children (enabling one at the root would change the host).
        LinuxResources hugepages = new LinuxResources(null, null, null, null, null,
                List.of(new LinuxResources.HugepageLimit("2MB", 2 * MB)), null);
        CrateException e = assertThrows(CrateException.class,
                () -> V1Cgroup.create(hierarchies.v1(name), hierarchies.unified(name), hugepages));
        System.out.println("hugetlb: " + e.getMessage());
        assertTrue(e.getMessage().contains("hugetlb"), e.getMessage());

        LinuxResources unified = new LinuxResources(null, null, null, null, null, null, Map.of("memory.high", "1M"));
        e = assertThrows(CrateException.class,
                () -> V1Cgroup.create(hierarchies.v1(name), hierarchies.unified(name), unified));
        System.out.println("unified: " + e.getMessage());
        assertTrue(e.getMessage().contains("memory.high"), e.getMessage());
        for (HierarchyDir hierarchy : hierarchies.v1(name)) {
            assertFalse(Files.exists(hierarchy.dir()), hierarchy.dir() + " left");
        }
    }

    @Test
    void aCgroupInUseIsRefused(TestInfo test) throws Exception {
        V1Cgroup cgroup = create(test, LinuxResources.NONE);
        Process sleeper = start(BUSYBOX + " sleep 60");
        cgroup.add((int) sleeper.pid());
        CrateException e = assertThrows(CrateException.class,
                () -> V1Cgroup.create(hierarchies.v1(name), hierarchies.unified(name), LinuxResources.NONE));
        assertTrue(e.getMessage().contains("already in use"), e.getMessage());
        assertEquals(List.of((int) sleeper.pid()), cgroup.pids()); // and the first one is untouched
    }

    @Test
    void visitMovesInAndBack(TestInfo test) throws Exception {
        V1Cgroup cgroup = create(test, LinuxResources.NONE);
        Process sleeper = start(BUSYBOX + " sleep 60");
        int pid = (int) sleeper.pid();
        String before = Files.readString(Path.of("/proc/" + pid + "/cgroup"));
        try (ContainerCgroup.Visit visit = cgroup.visit(pid)) {
            String inside = Files.readString(Path.of("/proc/" + pid + "/cgroup"));
            assertTrue(inside.contains(":memory:" + hierarchies.v1(name).stream()
                    .filter(h -> h.has("memory")).findFirst().orElseThrow().cgroupPath() + "\n"), inside);
            assertEquals(List.of(pid), cgroup.pids());
        }
        assertEquals(before, Files.readString(Path.of("/proc/" + pid + "/cgroup")));
        assertEquals(List.of(), cgroup.pids());
    }

    @Test
    void signalAllReachesEveryProcess(TestInfo test) throws Exception {
        V1Cgroup cgroup = create(test, LinuxResources.NONE);
        Process a = start(BUSYBOX + " sleep 60");
        Process b = start(BUSYBOX + " sleep 60");
        cgroup.add((int) a.pid());
        cgroup.add((int) b.pid());
        cgroup.signalAll(Signals.SIGTERM);
        assertTrue(a.waitFor(10, TimeUnit.SECONDS) && b.waitFor(10, TimeUnit.SECONDS));
        assertEquals(128 + Signals.SIGTERM, a.exitValue());
        Process c = start(BUSYBOX + " sleep 60");
        cgroup.add((int) c.pid());
        cgroup.signalAll(Signals.SIGKILL);
        assertTrue(c.waitFor(10, TimeUnit.SECONDS));
        assertEquals(128 + Signals.SIGKILL, c.exitValue());
        assertFalse(cgroup.frozen(), "SIGKILL's freeze was not undone");
    }
}
