package crate.cgroups.v1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.CrateException;
import crate.api.spec.LinuxResources.Memory;
import crate.linux.Errno;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemorySettingsTest {
    private static final long MB = 1 << 20;

    private static FakeCgroupFiles memoryDir(long currentLimit) {
        return new FakeCgroupFiles()
                .with("memory.limit_in_bytes", Long.toString(currentLimit))
                .with("memory.memsw.limit_in_bytes", Long.toString(currentLimit))
                .with("memory.soft_limit_in_bytes", "0")
                .with("memory.oom_control", "oom_kill_disable 0")
                .with("memory.swappiness", "60")
                .with("memory.usage_in_bytes", Long.toString(50 * MB));
    }

    private static Memory memory(Long limit, Long swap) {
        return new Memory(limit, null, swap, null, null, null, null, null, null);
    }

    @Test
    void raisingBothSetsSwapFirst() throws CrateException {
        FakeCgroupFiles dir = memoryDir(100 * MB);
        MemorySettings.apply(dir, memory(200 * MB, 400 * MB));
        assertEquals(List.of("memory.memsw.limit_in_bytes=" + 400 * MB, "memory.limit_in_bytes=" + 200 * MB),
                dir.writes);
    }

    @Test
    void loweringBothSetsMemoryFirst() throws CrateException {
        FakeCgroupFiles dir = memoryDir(400 * MB);
        MemorySettings.apply(dir, memory(100 * MB, 200 * MB));
        assertEquals(List.of("memory.limit_in_bytes=" + 100 * MB, "memory.memsw.limit_in_bytes=" + 200 * MB),
                dir.writes);
    }

    @Test
    void unlimitedMemoryLiftsSwapToo() throws CrateException {
        FakeCgroupFiles dir = memoryDir(100 * MB);
        MemorySettings.apply(dir, memory(-1L, null));
        assertEquals(List.of("memory.memsw.limit_in_bytes=-1", "memory.limit_in_bytes=-1"), dir.writes);
    }

    @Test
    void limitAloneLeavesSwap() throws CrateException {
        FakeCgroupFiles dir = memoryDir(100 * MB);
        MemorySettings.apply(dir, memory(8 * MB, null));
        assertEquals(List.of("memory.limit_in_bytes=" + 8 * MB), dir.writes);
    }

    @Test
    void withoutSwapAccountingUnlimitedSwapIsIgnoredAndALimitRefused() throws CrateException {
        FakeCgroupFiles dir = new FakeCgroupFiles().with("memory.limit_in_bytes", "9223372036854771712");
        MemorySettings.apply(dir, memory(64 * MB, -1L));
        assertEquals(List.of("memory.limit_in_bytes=" + 64 * MB), dir.writes);

        CrateException e = assertThrows(CrateException.class, () -> MemorySettings.apply(dir, memory(64 * MB, 128 * MB)));
        assertTrue(e.getMessage().contains("memory.memsw.limit_in_bytes"), e.getMessage());
    }

    @Test
    void otherFieldsInRuncOrder() throws CrateException {
        FakeCgroupFiles dir = memoryDir(100 * MB);
        MemorySettings.apply(dir, new Memory(null, 32 * MB, null, null, null, 10L, true, null, null));
        assertEquals(List.of("memory.soft_limit_in_bytes=" + 32 * MB, "memory.oom_control=1", "memory.swappiness=10"),
                dir.writes);
    }

    @Test
    void swappinessOutOfRangeIsRefused() {
        FakeCgroupFiles dir = memoryDir(100 * MB);
        CrateException e = assertThrows(CrateException.class,
                () -> MemorySettings.apply(dir, new Memory(null, null, null, null, null, 101L, null, null, null)));
        assertTrue(e.getMessage().contains("101"), e.getMessage());
    }

    @Test
    void kernelMemoryOnlyWhereTheFileExists() throws CrateException {
        FakeCgroupFiles without = memoryDir(100 * MB);
        MemorySettings.apply(without, new Memory(null, null, null, 16 * MB, 8 * MB, null, null, null, null));
        assertEquals(List.of(), without.writes);

        FakeCgroupFiles with = memoryDir(100 * MB).with("memory.kmem.tcp.limit_in_bytes", "-1");
        MemorySettings.apply(with, new Memory(null, null, null, 16 * MB, 8 * MB, null, null, null, null));
        assertEquals(List.of("memory.kmem.tcp.limit_in_bytes=" + 8 * MB), with.writes);
    }

    @Test
    void busyLimitSaysWhatTheCgroupUses() {
        FakeCgroupFiles dir = memoryDir(100 * MB).refuseOnce("memory.limit_in_bytes", Long.toString(MB), Errno.EBUSY);
        CrateException e = assertThrows(CrateException.class, () -> MemorySettings.apply(dir, memory(MB, null)));
        assertTrue(e.getMessage().contains("memory.limit_in_bytes") && e.getMessage().contains(Long.toString(50 * MB)),
                e.getMessage());
    }

    @Test
    void checkBeforeUpdateRefusesALimitBelowUsage() {
        FakeCgroupFiles dir = memoryDir(100 * MB);
        assertThrows(CrateException.class, () -> MemorySettings.apply(dir,
                new Memory(10 * MB, null, null, null, null, null, null, null, true)));
        assertEquals(List.of(), dir.writes);
    }
}
