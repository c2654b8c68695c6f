package crate.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import crate.api.CrateException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProcCgroupTest {
    private static final ProcCgroup HYBRID = ProcCgroup.parse(List.of(
            "9:name=systemd:/", "4:memory:/process_api/b933", "2:cpu,cpuacct:/user.slice", "0::/init.scope"));

    @Test
    void findsEachHierarchysPathByItsControllers() throws Exception {
        assertEquals("/process_api/b933",
                HYBRID.pathIn(new CgroupMount(Path.of("/m"), "/", Set.of("memory")), false));
        assertEquals("/user.slice",
                HYBRID.pathIn(new CgroupMount(Path.of("/c"), "/", Set.of("cpuacct", "cpu")), false));
        assertEquals("/", HYBRID.pathIn(new CgroupMount(Path.of("/s"), "/", Set.of("name=systemd")), false));
        assertEquals("/init.scope", HYBRID.pathIn(new CgroupMount(Path.of("/u"), "/", Set.of()), true));
        assertEquals(Optional.of("/init.scope"), HYBRID.unifiedPath());
    }

    @Test
    void takesTheMountsRootOff() throws Exception {
        ProcCgroup own = ProcCgroup.parse(List.of("0::/docker/abc/sub"));
        assertEquals("/sub", own.pathIn(new CgroupMount(Path.of("/u"), "/docker/abc", Set.of()), true));
        assertEquals("/", ProcCgroup.parse(List.of("0::/docker/abc"))
                .pathIn(new CgroupMount(Path.of("/u"), "/docker/abc", Set.of()), true));
    }

    @Test
    void aHierarchyWithoutALineIsAnError() {
        assertThrows(CrateException.class,
                () -> HYBRID.pathIn(new CgroupMount(Path.of("/p"), "/", Set.of("pids")), false));
        assertThrows(CrateException.class, () -> ProcCgroup.parse(List.of("4:memory:/"))
                .pathIn(new CgroupMount(Path.of("/u"), "/", Set.of()), true));
    }
}
