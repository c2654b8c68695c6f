package crate.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.CrateException;
import crate.linux.MountInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CgroupLayoutTest {
    private static final Set<String> ALL_V2 = Set.of("cpuset", "cpu", "io", "memory", "hugetlb", "pids");

    static List<String> fixture(String name) throws IOException {
        try (InputStream in = CgroupLayoutTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    private static CgroupLayout parse(String fixture) throws Exception {
        return CgroupLayout.parse(fixture(fixture), mount -> mount.equals(Path.of("/sys/fs/cgroup"))
                ? ALL_V2 : Set.of("hugetlb"));
    }

    @Test
    void pureV2IsUnifiedWithTheRootsControllers() throws Exception {
        CgroupLayout layout = parse("mountinfo-unified.txt");
        assertEquals(CgroupLayout.Kind.UNIFIED, layout.kind());
        assertEquals(List.of(), layout.v1());
        CgroupMount unified = layout.unified().orElseThrow();
        assertEquals(Path.of("/sys/fs/cgroup"), unified.mountPoint());
        assertEquals("/", unified.root());
        assertEquals(ALL_V2, unified.controllers());
    }

    @Test
    void thisMachineKindIsHybridWithOneHierarchyPerController() throws Exception {
        CgroupLayout layout = parse("mountinfo-hybrid-flat.txt");
        assertEquals(CgroupLayout.Kind.HYBRID, layout.kind());
        assertEquals(9, layout.v1().size());
        assertEquals(Path.of("/sys/fs/cgroup/memory"), layout.v1Hierarchy("memory").orElseThrow().mountPoint());
        assertEquals(Set.of("name=systemd"), layout.v1Hierarchy("name=systemd").orElseThrow().controllers());
        assertEquals(Path.of("/sys/fs/cgroup/unified"), layout.unified().orElseThrow().mountPoint());
        assertEquals(Set.of("hugetlb"), layout.unified().orElseThrow().controllers());
    }

    @Test
    void systemdHybridComountsCpuAndCpuacct() throws Exception {
        CgroupLayout layout = parse("mountinfo-hybrid-systemd.txt");
        assertEquals(CgroupLayout.Kind.HYBRID, layout.kind());
        CgroupMount cpu = layout.v1Hierarchy("cpuacct").orElseThrow();
        assertEquals(Set.of("cpu", "cpuacct"), cpu.controllers());
        assertEquals(Path.of("/sys/fs/cgroup/cpu,cpuacct"), cpu.mountPoint());
    }

    @Test
    void legacyHasNoCgroup2AndKeepsTheFirstMountOfAHierarchy() throws Exception {
        CgroupLayout layout = parse("mountinfo-legacy.txt");
        assertEquals(CgroupLayout.Kind.LEGACY, layout.kind());
        assertTrue(layout.unified().isEmpty());
        assertEquals(6, layout.v1().size());
        // The bind mount of /docker/abc further down is the same hierarchy: not listed twice.
        assertEquals(Path.of("/sys/fs/cgroup/memory"), layout.v1Hierarchy("memory").orElseThrow().mountPoint());
        // Options that are no controllers (xattr, release_agent=, clone_children) are dropped.
        assertEquals(Set.of("cpuset"), layout.v1Hierarchy("cpuset").orElseThrow().controllers());
        assertEquals(Set.of("name=systemd"), layout.v1Hierarchy("name=systemd").orElseThrow().controllers());
        assertEquals(Set.of("net_cls", "net_prio"), layout.v1Hierarchy("net_cls").orElseThrow().controllers());
    }

    @Test
    void noCgroupMountIsAnError() {
        assertThrows(CrateException.class, () -> CgroupLayout.parse(
                List.of("22 27 0:21 / /proc rw,relatime - proc proc rw"), mount -> Set.of()));
    }

    @Test
    void mountPointsAreUnescaped() {
        List<MountInfo> mounts = MountInfo.parse(List.of(
                "36 26 0:24 /user.slice /tmp/cg\\040bind rw,relatime shared:9 - cgroup2 cgroup2 rw"));
        assertEquals("/tmp/cg bind", mounts.get(0).mountPoint());
        assertEquals("/user.slice", mounts.get(0).root());
        assertEquals("a\\b", MountInfo.unescape("a\\134b"));
        assertEquals("a\\x", MountInfo.unescape("a\\x"));
    }

    @Test
    void readsTheRealMountinfo() throws Exception {
        // Whatever this host is, it has some cgroup mount.
        CgroupLayout layout = CgroupLayout.detect();
        assertTrue(!layout.v1().isEmpty() || layout.unified().isPresent());
    }
}
