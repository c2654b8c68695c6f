package crate.cgroups.v1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.CrateException;
import crate.api.spec.LinuxResources.Cpu;
import crate.linux.Errno;
import crate.linux.ErrnoException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CpuSettingsTest {

    private static FakeCgroupFiles cpuDir() {
        return new FakeCgroupFiles()
                .with("cpu.shares", "1024")
                .with("cpu.cfs_period_us", "100000")
                .with("cpu.cfs_quota_us", "-1")
                .with("cpu.rt_period_us", "1000000")
                .with("cpu.rt_runtime_us", "0");
    }

    private static Cpu cpu(Long shares, Long quota, Long period) {
        return new Cpu(shares, quota, null, period, null, null, null, null, null);
    }

    @Test
    void periodThenQuota() throws CrateException {
        FakeCgroupFiles dir = cpuDir();
        CpuSettings.apply(dir, cpu(512L, 50_000L, 200_000L));
        assertEquals(List.of("cpu.shares=512", "cpu.cfs_period_us=200000", "cpu.cfs_quota_us=50000"), dir.writes);
    }

    @Test
    void refusedPeriodIsRetriedAfterTheQuota() throws CrateException {
        FakeCgroupFiles dir = cpuDir().refuseOnce("cpu.cfs_period_us", "10000", Errno.EINVAL);
        CpuSettings.apply(dir, cpu(null, 5_000L, 10_000L));
        assertEquals(List.of("cpu.cfs_period_us=10000", "cpu.cfs_quota_us=5000", "cpu.cfs_period_us=10000"),
                dir.writes);
    }

    @Test
    void refusedPeriodWithoutQuotaFails() {
        FakeCgroupFiles dir = cpuDir().refuseOnce("cpu.cfs_period_us", "10000", Errno.EINVAL);
        ErrnoException e = assertThrows(ErrnoException.class, () -> CpuSettings.apply(dir, cpu(null, null, 10_000L)));
        assertTrue(e.getMessage().contains("cpu.cfs_period_us") && e.getMessage().contains("10000"), e.getMessage());
    }

    @Test
    void clampedSharesAreAnError() {
        FakeCgroupFiles dir = cpuDir().reads("cpu.shares", "262144");
        CrateException e = assertThrows(CrateException.class, () -> CpuSettings.apply(dir, cpu(1_000_000L, null, null)));
        assertTrue(e.getMessage().contains("maximum allowed is 262144"), e.getMessage());
    }

    @Test
    void realtimePeriodThenRuntime() throws CrateException {
        FakeCgroupFiles dir = cpuDir();
        CpuSettings.apply(dir, new Cpu(null, null, null, null, 20_000L, 100_000L, null, null, null));
        assertEquals(List.of("cpu.rt_period_us=100000", "cpu.rt_runtime_us=20000"), dir.writes);
    }

    @Test
    void cpusetFieldsAreNotTheCpuControllers() {
        Cpu onlyCpuset = new Cpu(null, null, null, null, null, null, "0", "0", null);
        assertFalse(CpuSettings.wanted(onlyCpuset));
        assertTrue(CpusetSettings.wanted(onlyCpuset));
        assertTrue(CpuSettings.wanted(cpu(0L, -1L, null)));
        assertFalse(CpuSettings.wanted(cpu(0L, 0L, 0L)));
    }

    @Test
    void newCpusetLevelInheritsItsParents() throws CrateException {
        FakeCgroupFiles parent = new FakeCgroupFiles().with("cpuset.cpus", "0-1").with("cpuset.mems", "0");
        FakeCgroupFiles child = new FakeCgroupFiles().with("cpuset.cpus", "").with("cpuset.mems", "");
        CpusetSettings.inherit(parent, child);
        assertEquals(List.of("cpuset.cpus=0-1", "cpuset.mems=0"), child.writes);
    }
}
