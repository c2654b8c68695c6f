package crate.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.CrateException;
import crate.api.spec.Linux;
import crate.api.spec.LinuxResources;
import crate.api.spec.Spec;
import crate.api.spi.ContainerCgroup;
import crate.api.spi.ContainerContext;
import crate.cgroups.v2.V2Cgroup;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupfsManagerTest {
    private static final ProcCgroup OWN = ProcCgroup.parse(List.of("9:name=systemd:/", "4:memory:/process_api/b9",
            "3:cpuset:/", "2:cpuacct:/", "1:cpu:/", "5:devices:/", "6:freezer:/", "7:blkio:/", "8:pids:/", "0::/"));

    private static ContainerContext container(String id, String cgroupsPath) {
        Linux linux = new Linux(List.of(), null, List.of(), List.of(), java.util.Map.of(), cgroupsPath,
                new LinuxResources(null, null, null, new LinuxResources.Pids(10L), null, null, null));
        return new ContainerContext(id, "/bundle", new Spec(Spec.OCI_VERSION, null, null, null, null, List.of(), linux,
                java.util.Map.of()), "bundle");
    }

    /** Records what the manager hands the v1 implementation. */
    private static final class FakeV1 implements V1Factory {
        final List<List<HierarchyDir>> created = new ArrayList<>();
        final List<Optional<HierarchyDir>> unified = new ArrayList<>();

        @Override
        public ContainerCgroup create(List<HierarchyDir> v1, Optional<HierarchyDir> u, LinuxResources resources) {
            created.add(v1);
            unified.add(u);
            return stub();
        }

        @Override
        public Optional<ContainerCgroup> open(List<HierarchyDir> v1, Optional<HierarchyDir> u) {
            return Optional.of(stub());
        }

        private static ContainerCgroup stub() {
            return (ContainerCgroup) Proxy.newProxyInstance(ContainerCgroup.class.getClassLoader(),
                    new Class<?>[] {ContainerCgroup.class}, (proxy, method, args) ->
                            method.getName().equals("pids") ? List.of() : null);
        }
    }

    @Test
    void onAHybridHostEachV1HierarchyGetsItsOwnRelativePlace() throws Exception {
        CgroupLayout layout = CgroupLayout.parse(CgroupLayoutTest.fixture("mountinfo-hybrid-flat.txt"),
                mount -> Set.of("hugetlb"));
        FakeV1 v1 = new FakeV1();
        CgroupfsManager manager = new CgroupfsManager(new CgroupPathResolver(), layout, OWN, v1);
        manager.create(container("abc", null));
        List<HierarchyDir> dirs = v1.created.get(0);
        assertEquals(9, dirs.size());
        HierarchyDir memory = dirs.stream().filter(d -> d.has("memory")).findFirst().orElseThrow();
        assertEquals("/process_api/b9/crate/abc", memory.cgroupPath());
        assertEquals(Path.of("/sys/fs/cgroup/memory/process_api/b9/crate/abc"), memory.dir());
        HierarchyDir pids = dirs.stream().filter(d -> d.has("pids")).findFirst().orElseThrow();
        assertEquals("/crate/abc", pids.cgroupPath());
        assertEquals(Path.of("/sys/fs/cgroup/unified/crate/abc"), v1.unified.get(0).orElseThrow().dir());
    }

    @Test
    void absoluteAndSystemdPathsAreTheSameInEveryHierarchy() throws Exception {
        CgroupLayout layout = CgroupLayout.parse(CgroupLayoutTest.fixture("mountinfo-hybrid-flat.txt"),
                mount -> Set.of());
        CgroupfsManager manager = new CgroupfsManager(new CgroupPathResolver(), layout, OWN, new FakeV1());
        CgroupPlacement placement = manager.place(container("abc", "system.slice:crate:abc"));
        assertTrue(placement.v1().stream().allMatch(d -> d.cgroupPath().equals("/system.slice/crate-abc.scope")));
        assertEquals("/system.slice/crate-abc.scope", placement.unified().orElseThrow().cgroupPath());
    }

    @Test
    void onAUnifiedHostItIsV2(@TempDir Path mount) throws Exception {
        Files.writeString(mount.resolve("cgroup.controllers"), "pids");
        Files.writeString(mount.resolve("cgroup.subtree_control"), "pids");
        CgroupLayout layout = new CgroupLayout(CgroupLayout.Kind.UNIFIED, List.of(),
                Optional.of(new CgroupMount(mount, "/", Set.of("pids"))));
        CgroupfsManager manager = new CgroupfsManager(new CgroupPathResolver("/crate"), layout,
                ProcCgroup.parse(List.of("0::/init.scope")), new FakeV1());
        assertEquals(Optional.empty(), manager.find(container("abc", null)));
        // The fake cgroupfs has no pids.max in the new directory: create fails and cleans up.
        assertThrows(CrateException.class, () -> manager.create(container("abc", null)));
        assertTrue(Files.notExists(mount.resolve("crate")));
        Files.createDirectories(mount.resolve("crate/abc"));
        Files.writeString(mount.resolve("crate/cgroup.controllers"), "pids");
        Files.writeString(mount.resolve("crate/cgroup.subtree_control"), "pids");
        Files.writeString(mount.resolve("crate/abc/pids.max"), "");
        ContainerCgroup cgroup = manager.create(container("abc", null));
        assertTrue(cgroup instanceof V2Cgroup);
        assertEquals("/crate/abc", cgroup.path());
        assertEquals("10", Files.readString(mount.resolve("crate/abc/pids.max")));
        assertEquals("/crate/abc", manager.find(container("abc", null)).orElseThrow().path());
    }

    @Test
    void anotherDefaultParentPlacesContainersWithoutAPathUnderIt() throws Exception {
        CgroupLayout layout = CgroupLayout.parse(CgroupLayoutTest.fixture("mountinfo-hybrid-flat.txt"),
                mount -> Set.of());
        CgroupfsManager manager = new CgroupfsManager(new CgroupPathResolver(), layout, OWN, new FakeV1());
        CgroupfsManager relative = (CgroupfsManager) manager.withDefaultParent("pods/crate");
        CgroupPlacement placement = relative.place(container("abc", null));
        HierarchyDir memory = placement.v1().stream().filter(d -> d.has("memory")).findFirst().orElseThrow();
        assertEquals("/process_api/b9/pods/crate/abc", memory.cgroupPath());
        assertEquals("/pods/crate/abc", placement.unified().orElseThrow().cgroupPath());
        CgroupPlacement absolute = ((CgroupfsManager) manager.withDefaultParent("/pods")).place(container("abc", null));
        assertTrue(absolute.v1().stream().allMatch(d -> d.cgroupPath().equals("/pods/abc")));
        // A spec's own cgroupsPath still wins.
        assertEquals("/x/abc", relative.place(container("abc", "/x/abc")).unified().orElseThrow().cgroupPath());
        assertEquals("/process_api/b9/crate/abc", manager.place(container("abc", null)).v1().stream()
                .filter(d -> d.has("memory")).findFirst().orElseThrow().cgroupPath(), "the original is unchanged");
    }

    @Test
    void aDefaultParentWithDotDotIsRefused() {
        CrateException e = assertThrows(CrateException.class, () -> new CgroupfsManager().withDefaultParent("a/../b"));
        assertTrue(e.getMessage().contains("the default cgroup parent \"a/../b\" is not a normalized path"), e.getMessage());
    }

    @Test
    void itIsTheCgroupfsManager() {
        assertEquals("cgroupfs", new CgroupfsManager().name());
    }
}
