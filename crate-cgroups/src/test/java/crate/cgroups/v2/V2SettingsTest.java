package crate.cgroups.v2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.CrateException;
import crate.api.spec.LinuxResources;
import crate.api.spec.LinuxResources.BlockIo;
import crate.api.spec.LinuxResources.Cpu;
import crate.api.spec.LinuxResources.DeviceRule;
import crate.api.spec.LinuxResources.HugepageLimit;
import crate.api.spec.LinuxResources.Memory;
import crate.api.spec.LinuxResources.ThrottleDevice;
import crate.api.spec.LinuxResources.WeightDevice;
import crate.cgroups.CgroupWrite;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class V2SettingsTest {
    @Test
    void noResourcesWriteNothing() throws Exception {
        V2Settings settings = V2Settings.of(LinuxResources.NONE);
        assertEquals(List.of(), settings.writes());
        assertEquals(Set.of(), settings.controllers());
    }

    @Test
    void memoryLimitSwapAndReservation() throws Exception {
        V2Settings settings = V2Settings.of(Resources.memory(
                new Memory(512L << 20, 256L << 20, 1024L << 20, null, null, 60L, null, null, null)));
        assertEquals(Map.of("memory.max", "536870912", "memory.swap.max", "536870912", "memory.low", "268435456"),
                settings.asMap());
        assertEquals(Set.of("memory"), settings.controllers());
        assertEquals(List.of(), settings.warnings());
    }

    @Test
    void unlimitedMemoryLiftsSwapToo() throws Exception {
        assertEquals(Map.of("memory.max", "max", "memory.swap.max", "max"),
                V2Settings.of(Resources.memory(-1L, null)).asMap());
    }

    @Test
    void disableOomKillerIsIgnoredWithAWarning() throws Exception {
        V2Settings settings = V2Settings.of(Resources.memory(
                new Memory(null, null, null, null, null, null, true, null, null)));
        assertEquals(List.of(), settings.writes());
        assertEquals(1, settings.warnings().size());
        assertTrue(settings.warnings().get(0).contains("disableOOMKiller"));
    }

    @Test
    void cpuSharesQuotaCpusetBurstAndIdle() throws Exception {
        V2Settings settings = V2Settings.of(Resources.cpu(
                new Cpu(1024L, 150000L, 1000L, 100000L, null, null, "0-1", "0", 0L)));
        assertEquals(List.of(new CgroupWrite("cpuset.cpus", "0-1"), new CgroupWrite("cpuset.mems", "0"),
                new CgroupWrite("cpu.weight", "39"), new CgroupWrite("cpu.max", "150000 100000"),
                new CgroupWrite("cpu.max.burst", "1000"), new CgroupWrite("cpu.idle", "0")), settings.writes());
        assertEquals(Set.of("cpuset", "cpu"), settings.controllers());
    }

    @Test
    void realtimeIsRefused() {
        CrateException e = assertThrows(CrateException.class, () -> V2Settings.of(Resources.cpu(
                new Cpu(null, null, null, null, 95000L, 1000000L, null, null, null))));
        assertTrue(e.getMessage().contains("realtime"), e.getMessage());
    }

    @Test
    void pidsLimit() throws Exception {
        assertEquals(Map.of("pids.max", "100"), V2Settings.of(Resources.pids(100)).asMap());
        assertEquals(Map.of("pids.max", "max"), V2Settings.of(Resources.pids(-1)).asMap());
    }

    @Test
    void blockIoWeightsAndOneIoMaxLinePerDevice() throws Exception {
        BlockIo io = new BlockIo(500, null, List.of(new WeightDevice(8, 0, 100, null)),
                List.of(new ThrottleDevice(8, 0, 1048576)), List.of(new ThrottleDevice(8, 0, 2097152)),
                List.of(new ThrottleDevice(8, 16, 100)), List.of(new ThrottleDevice(8, 0, 0)));
        assertEquals(List.of(new CgroupWrite("io.weight", "default 4950"), new CgroupWrite("io.weight", "8:0 910"),
                new CgroupWrite("io.max", "8:0 rbps=1048576 wbps=2097152 wiops=max"),
                new CgroupWrite("io.max", "8:16 riops=100")), V2Settings.of(Resources.io(io)).writes());
    }

    @Test
    void hugepageLimits() throws Exception {
        LinuxResources resources = new LinuxResources(null, null, null, null, null,
                List.of(new HugepageLimit("2MB", 4194304), new HugepageLimit("1GB", 0)), null);
        assertEquals(Map.of("hugetlb.2MB.max", "4194304", "hugetlb.1GB.max", "0"),
                V2Settings.of(resources).asMap());
        assertThrows(CrateException.class, () -> V2Settings.of(new LinuxResources(null, null, null, null, null,
                List.of(new HugepageLimit("../2MB", 1)), null)));
    }

    @Test
    void unifiedIsWrittenLastAndVerbatim() throws Exception {
        LinuxResources resources = new LinuxResources(null, null, null, new LinuxResources.Pids(10L), null, null,
                Map.of("pids.max", "20", "memory.high", "1G"));
        assertEquals(List.of(new CgroupWrite("pids.max", "10"), new CgroupWrite("memory.high", "1G"),
                new CgroupWrite("pids.max", "20")), V2Settings.of(resources).writes());
    }

    @Test
    void unifiedKeysThatLeaveTheCgroupAreRefused() {
        for (String key : List.of("../cgroup.procs", "a/b", "..", "", ".hidden")) {
            assertThrows(CrateException.class, () -> V2Settings.of(
                    new LinuxResources(null, null, null, null, null, null, Map.of(key, "1"))), key);
        }
    }

    @Test
    void deviceRulesAreAWarningUntilTheEbpfProgramExists() throws Exception {
        V2Settings settings = V2Settings.of(new LinuxResources(
                List.of(new DeviceRule(false, "a", null, null, "rwm")), null, null, null, null, null, null));
        assertEquals(List.of(), settings.writes());
        assertEquals(1, settings.warnings().size());
    }
}
