package crate.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import crate.api.CrateException;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProcCgroupHierarchyTest {
    private static final ProcCgroup HYBRID = ProcCgroup.parse("""
            9:name=systemd:/
            4:memory:/process_api/7d71
            2:cpu,cpuacct:/a:b
            0::/crate-v1it
            """.lines().toList());

    @Test
    void findsThePathPerHierarchy() throws CrateException {
        HierarchyDir memory = new HierarchyDir(Path.of("/sys/fs/cgroup/memory"), Set.of("memory"), "/x");
        HierarchyDir cpuacct = new HierarchyDir(Path.of("/sys/fs/cgroup/cpuacct"), Set.of("cpuacct"), "/x");
        HierarchyDir systemd = new HierarchyDir(Path.of("/sys/fs/cgroup/systemd"), Set.of("name=systemd"), "/x");
        HierarchyDir unified = new HierarchyDir(Path.of("/sys/fs/cgroup/unified"), Set.of("hugetlb"), "/x");
        assertEquals("/process_api/7d71", HYBRID.pathIn(memory, false));
        assertEquals("/a:b", HYBRID.pathIn(cpuacct, false));
        assertEquals("/", HYBRID.pathIn(systemd, false));
        assertEquals("/crate-v1it", HYBRID.pathIn(unified, true));
    }

    @Test
    void anUnknownHierarchyIsAnError() {
        HierarchyDir pids = new HierarchyDir(Path.of("/sys/fs/cgroup/pids"), Set.of("pids"), "/x");
        assertThrows(CrateException.class, () -> HYBRID.pathIn(pids, false));
    }
}
