package crate.cgroups.v2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.CrateException;
import crate.api.spec.LinuxResources;
import crate.api.spi.CgroupStats;
import crate.cgroups.HierarchyDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V2Cgroup against a fake cgroupfs in a temporary directory: plain files where the kernel
 * has interface files. It checks what is written where, not what the kernel does with it
 * (V2CgroupIT does that in the cgroup v2 guest).
 */
class V2CgroupFakeTest {
    @TempDir Path root;

    @BeforeEach
    void fakeRoot() throws IOException {
        file(root, "cgroup.controllers", "cpu memory pids");
        file(root, "cgroup.subtree_control", "");
        file(root, "cgroup.procs", "1\n");
    }

    private static void file(Path dir, String name, String content) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name), content);
    }

    private HierarchyDir dir(String path) {
        return new HierarchyDir(root, Set.of("cpu", "memory", "pids"), path);
    }

    /** A cgroup that exists already, with the files the kernel would give it. */
    private Path existing(String path) throws IOException {
        Path parent = root.resolve(path.substring(1)).getParent();
        file(parent, "cgroup.controllers", "memory pids");
        file(parent, "cgroup.subtree_control", "");
        Path cgroup = root.resolve(path.substring(1));
        for (String name : List.of("cgroup.procs", "memory.max", "memory.swap.max", "memory.low", "pids.max",
                "cgroup.freeze", "cpu.max")) {
            file(cgroup, name, "");
        }
        return cgroup;
    }

    @Test
    void createEnablesControllersDownThePathAndWritesTheLimits() throws Exception {
        Path cgroup = existing("/crate/abc");
        V2Cgroup.create(dir("/crate/abc"), Resources.memory(100L << 20, 200L << 20));
        assertEquals("+cpu +memory +pids", Files.readString(root.resolve("cgroup.subtree_control")));
        assertEquals("+memory +pids", Files.readString(root.resolve("crate/cgroup.subtree_control")));
        assertEquals("104857600", Files.readString(cgroup.resolve("memory.max")));
        assertEquals("104857600", Files.readString(cgroup.resolve("memory.swap.max")));
    }

    @Test
    void aCgroupWithProcessesIsAlreadyInUse() throws Exception {
        Path cgroup = existing("/crate/abc");
        Files.writeString(cgroup.resolve("cgroup.procs"), "4242\n");
        CrateException e = assertThrows(CrateException.class,
                () -> V2Cgroup.create(dir("/crate/abc"), LinuxResources.NONE));
        assertEquals("cgroup /crate/abc already in use (it has processes)", e.getMessage());
    }

    @Test
    void aControllerTheParentDoesNotOfferIsAnErrorAndNothingIsMade() {
        Path cgroup = root.resolve("crate/abc");
        LinuxResources hugetlb = new LinuxResources(null, null, null, null, null,
                List.of(new LinuxResources.HugepageLimit("2MB", 1 << 21)), null);
        CrateException e = assertThrows(CrateException.class, () -> V2Cgroup.create(dir("/crate/abc"), hugetlb));
        assertTrue(e.getMessage().contains("\"hugetlb\" is not available in " + root), e.getMessage());
        assertFalse(Files.exists(cgroup.getParent()));
    }

    @Test
    void aFailedWriteRemovesTheDirectoriesCreateMade() {
        // The fake kernel makes no interface files in new directories: memory.max is missing.
        CrateException e = assertThrows(CrateException.class,
                () -> V2Cgroup.create(dir("/abc"), Resources.memory(100L << 20, null)));
        assertTrue(e.getMessage().contains("abc/memory.max"), e.getMessage());
        assertFalse(Files.exists(root.resolve("abc")));
    }

    @Test
    void anExistingParentIsKeptWhenCreateFails() throws Exception {
        Files.createDirectories(root.resolve("crate"));
        assertThrows(CrateException.class, () -> V2Cgroup.create(dir("/crate/abc"), Resources.pids(5)));
        assertTrue(Files.isDirectory(root.resolve("crate")));
        assertFalse(Files.exists(root.resolve("crate/abc")));
    }

    @Test
    void updateTakesTheLiveMemoryLimitForANewSwap() throws Exception {
        Path cgroup = existing("/crate/abc");
        Files.writeString(cgroup.resolve("memory.max"), "1000\n");
        V2Cgroup.open(dir("/crate/abc")).update(Resources.memory(null, 1500L));
        assertEquals("500", Files.readString(cgroup.resolve("memory.swap.max")));
        // The limit is written again as it was (the conversion needs it beside the swap).
        assertEquals("1000", Files.readString(cgroup.resolve("memory.max")));
    }

    @Test
    void updateOfThePeriodKeepsTheQuota() throws Exception {
        Path cgroup = existing("/crate/abc");
        Files.writeString(cgroup.resolve("cpu.max"), "20000 100000\n");
        V2Cgroup.open(dir("/crate/abc")).update(Resources.cpu(Resources.quota(null, 50000L)));
        assertEquals("20000 50000", Files.readString(cgroup.resolve("cpu.max")));
    }

    @Test
    void statsInRuncsUnits() throws Exception {
        Path cgroup = existing("/crate/abc");
        file(cgroup, "cpu.stat", """
                usage_usec 1500
                user_usec 1000
                system_usec 500
                nr_periods 10
                nr_throttled 3
                throttled_usec 250
                """);
        file(cgroup, "memory.current", "4096\n");
        file(cgroup, "memory.max", "8192\n");
        file(cgroup, "memory.peak", "6000\n");
        file(cgroup, "memory.swap.current", "100\n");
        file(cgroup, "memory.swap.max", "max\n");
        file(cgroup, "memory.stat", "anon 1000\nfile 3000\n");
        file(cgroup, "memory.events", "low 0\nhigh 0\nmax 7\noom 2\noom_kill 2\n");
        file(cgroup, "pids.current", "3\n");
        file(cgroup, "pids.max", "max\n");
        file(cgroup, "io.stat", "8:0 rbytes=10 wbytes=20 rios=1 wios=2 dbytes=0 dios=0\n");
        file(cgroup, "hugetlb.2MB.current", "0\n");
        file(cgroup, "hugetlb.2MB.events", "max 4\n");
        V2Cgroup v2 = V2Cgroup.open(dir("/crate/abc"));
        CgroupStats stats = v2.stats();

        assertEquals(new CgroupStats.CpuUsage(1_500_000, List.of(), List.of(), List.of(), 500_000, 1_000_000),
                stats.cpu().usage());
        assertEquals(new CgroupStats.Throttling(10, 3, 250_000), stats.cpu().throttling());
        assertEquals(new CgroupStats.MemoryEntry(8192, 4096, 6000, 7), stats.memory().usage());
        assertEquals(new CgroupStats.MemoryEntry(Long.MAX_VALUE, 4196, 0, 0), stats.memory().swap());
        assertEquals(3000, stats.memory().cache());
        assertEquals(new CgroupStats.Pids(3, 0), stats.pids());
        assertEquals(List.of(new CgroupStats.BlkioEntry(8, 0, "Read", 10), new CgroupStats.BlkioEntry(8, 0, "Write", 20)),
                stats.blkio().ioServiceBytesRecursive());
        assertEquals(new CgroupStats.Hugetlb(0, 0, 4), stats.hugetlb().get("2MB"));
        assertEquals(2, v2.oomKills());
    }

    @Test
    void controllersThatAreNotEnabledLeaveTheirPartOut() throws Exception {
        Path cgroup = root.resolve("bare");
        Files.createDirectories(cgroup);
        CgroupStats stats = V2Cgroup.open(dir("/bare")).stats();
        assertNull(stats.cpu());
        assertNull(stats.memory());
        assertNull(stats.pids());
        assertNull(stats.blkio());
        assertNull(stats.hugetlb());
        assertEquals(0, V2Cgroup.open(dir("/bare")).oomKills());
    }

    @Test
    void freezeWaitsForFrozen() throws Exception {
        Path cgroup = existing("/crate/abc");
        file(cgroup, "cgroup.events", "populated 1\nfrozen 1\n");
        V2Cgroup v2 = V2Cgroup.open(dir("/crate/abc"));
        v2.freeze();
        assertTrue(v2.frozen());
        Files.writeString(cgroup.resolve("cgroup.events"), "populated 1\nfrozen 0\n");
        v2.thaw();
        assertFalse(v2.frozen());
    }

    @Test
    void pidsOfTheWholeSubtree() throws Exception {
        Path cgroup = existing("/crate/abc");
        Files.writeString(cgroup.resolve("cgroup.procs"), "10\n11\n");
        file(cgroup.resolve("sub"), "cgroup.procs", "12\n");
        assertEquals(Set.of(10, 11, 12), Set.copyOf(V2Cgroup.open(dir("/crate/abc")).pids()));
    }

    @Test
    void destroyOfAGoneCgroupIsFine() throws Exception {
        V2Cgroup.open(dir("/crate/gone")).destroy();
    }
}
