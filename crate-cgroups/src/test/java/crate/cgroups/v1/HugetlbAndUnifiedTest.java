package crate.cgroups.v1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.CrateException;
import crate.api.spec.LinuxResources.HugepageLimit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HugetlbAndUnifiedTest {

    @Test
    void pageSizeNames() {
        assertEquals("2MB", HugePageSizes.name(2048));
        assertEquals("1GB", HugePageSizes.name(1_048_576));
        assertEquals("64KB", HugePageSizes.name(64));
        assertEquals("16GB", HugePageSizes.name(16L * 1024 * 1024));
    }

    @Test
    void hugetlbFilesPerVersion() throws CrateException {
        assertEquals("hugetlb.2MB.limit_in_bytes", HugetlbSettings.limitFile("2MB", false));
        assertEquals("hugetlb.2MB.max", HugetlbSettings.limitFile("2MB", true));
        FakeCgroupFiles v2 = new FakeCgroupFiles().with("hugetlb.2MB.max", "max");
        HugetlbSettings.apply(v2, true, List.of(new HugepageLimit("2MB", 4_194_304)));
        assertEquals(List.of("hugetlb.2MB.max=4194304"), v2.writes);
    }

    @Test
    void unknownPageSizeNamesTheFile() {
        FakeCgroupFiles v1 = new FakeCgroupFiles().with("hugetlb.2MB.limit_in_bytes", "0");
        CrateException e = assertThrows(CrateException.class,
                () -> HugetlbSettings.apply(v1, false, List.of(new HugepageLimit("3MB", 1))));
        assertTrue(e.getMessage().contains("hugetlb.3MB.limit_in_bytes"), e.getMessage());
    }

    @Test
    void unifiedOnAV1OnlyHostIsAClearError() {
        CrateException e = assertThrows(CrateException.class,
                () -> UnifiedSettings.apply(Optional.empty(), Set.of(), Map.of("memory.high", "1M")));
        assertTrue(e.getMessage().contains("only cgroup v1"), e.getMessage());
    }

    @Test
    void unifiedOnHybridOnlyForControllersThere() throws CrateException {
        FakeCgroupFiles dir = new FakeCgroupFiles().with("hugetlb.2MB.max", "max").with("memory.high", "max");
        CrateException e = assertThrows(CrateException.class,
                () -> UnifiedSettings.apply(Optional.of(dir), Set.of("hugetlb"), Map.of("memory.high", "1M")));
        assertTrue(e.getMessage().contains("memory controller") && e.getMessage().contains("hugetlb"), e.getMessage());

        UnifiedSettings.apply(Optional.of(dir), Set.of("hugetlb"), Map.of("hugetlb.2MB.max", "2097152"));
        assertEquals(List.of("hugetlb.2MB.max=2097152"), dir.writes);
    }

    @Test
    void unifiedKeysMustBeFileNames() {
        assertThrows(CrateException.class, () -> UnifiedSettings.controllerOf("../memory.max"));
        assertThrows(CrateException.class, () -> UnifiedSettings.controllerOf("nodot"));
        assertThrows(CrateException.class, () -> UnifiedSettings.controllerOf(".hidden"));
    }

    @Test
    void pidsMaxValues() {
        assertEquals("100", PidsSettings.value(100));
        assertEquals("max", PidsSettings.value(0));
        assertEquals("max", PidsSettings.value(-1));
    }
}
