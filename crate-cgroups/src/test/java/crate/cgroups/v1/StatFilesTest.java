package crate.cgroups.v1;

import static org.junit.jupiter.api.Assertions.assertEquals;

import crate.api.spi.CgroupStats.BlkioEntry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatFilesTest {

    @Test
    void keyValuesKeepOrderAndSkipOddLines() {
        assertEquals(Map.of("oom_kill_disable", 0L, "under_oom", 0L, "oom_kill", 3L),
                StatFiles.keyValues("oom_kill_disable 0\nunder_oom 0\noom_kill 3\n"));
        assertEquals(List.of("nr_periods", "nr_throttled", "throttled_time"), List.copyOf(
                StatFiles.keyValues("nr_periods 12\nnr_throttled 7\nthrottled_time 123456\n\n").keySet()));
        assertEquals(9223372036854771712L, StatFiles.keyValues("hierarchical_memory_limit 9223372036854771712")
                .get("hierarchical_memory_limit"));
    }

    @Test
    void numbersAndLimits() {
        assertEquals(List.of(5L, 7L), StatFiles.numbers("5 7 \n"));
        assertEquals(List.of(), StatFiles.numbers("\n"));
        assertEquals(0L, StatFiles.limit("max\n"));
        assertEquals(100L, StatFiles.limit("100\n"));
    }

    @Test
    void perCpuModes() {
        StatFiles.PerCpuModes modes = StatFiles.perCpuModes("cpu user system\n0 10 20\n1 30 40\n");
        assertEquals(List.of(10L, 30L), modes.user());
        assertEquals(List.of(20L, 40L), modes.system());
    }

    @Test
    void blkioWithoutTheTotalLine() {
        assertEquals(List.of(new BlkioEntry(8, 0, "Read", 4096), new BlkioEntry(8, 0, "Write", 0),
                        new BlkioEntry(253, 1, "Total", 4096)),
                StatFiles.blkio("8:0 Read 4096\n8:0 Write 0\n253:1 Total 4096\nTotal 4096\n"));
        assertEquals(List.of(), StatFiles.blkio("Total 0\n"));
    }
}
