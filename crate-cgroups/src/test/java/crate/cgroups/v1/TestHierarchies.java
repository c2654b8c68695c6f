package crate.cgroups.v1;

import crate.api.CrateException;
import crate.cgroups.HierarchyDir;
import crate.cgroups.ProcCgroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The host's cgroup hierarchies as the integration tests use them: every test cgroup lives
 * under one test directory per hierarchy, nested under this JVM's own cgroup there (for
 * the memory hierarchy of this machine /process_api/HASH/crate-v1it-PID; where the JVM is
 * in the root, /crate-v1it-PID). Nothing is created at a hierarchy's root but that one
 * uniquely named directory, and {@link #removeAll} removes it again.
 */
final class TestHierarchies {
    private final List<HierarchyDir> v1Bases = new ArrayList<>();
    private Optional<HierarchyDir> unifiedBase = Optional.empty();

    /** Reads the mounts and this JVM's cgroups; creates nothing yet. */
    static TestHierarchies ofThisProcess() throws IOException, CrateException {
        Set<String> known = new HashSet<>();
        for (String line : Files.readAllLines(Path.of("/proc/cgroups"))) {
            if (!line.startsWith("#")) {
                known.add(StatFiles.words(line)[0]);
            }
        }
        ProcCgroup own = ProcCgroup.of((int) ProcessHandle.current().pid());
        String testDir = "crate-v1it-" + ProcessHandle.current().pid();
        TestHierarchies hierarchies = new TestHierarchies();
        for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
            String[] fields = StatFiles.words(line);
            Path mount = Path.of(fields[1]);
            if (fields[2].equals("cgroup")) {
                Set<String> controllers = new HashSet<>();
                for (String option : fields[3].split(",", -1)) {
                    if (known.contains(option) || option.startsWith("name=")) {
                        controllers.add(option);
                    }
                }
                HierarchyDir probe = new HierarchyDir(mount, controllers, "/");
                hierarchies.v1Bases.add(new HierarchyDir(mount, controllers,
                        under(own.pathIn(probe, false), testDir)));
            } else if (fields[2].equals("cgroup2")) {
                HierarchyDir probe = new HierarchyDir(mount, Set.of(), "/");
                // The test directory enables no controllers for its children: a child has none.
                hierarchies.unifiedBase = Optional.of(new HierarchyDir(mount, Set.of(),
                        under(own.pathIn(probe, true), testDir)));
            }
        }
        return hierarchies;
    }

    private static String under(String parent, String name) {
        return (parent.equals("/") ? "" : parent) + "/" + name;
    }

    Optional<HierarchyDir> v1Base(String controller) {
        return v1Bases.stream().filter(h -> h.has(controller)).findFirst();
    }

    /** Makes the test directories (a cpuset one gets its parent's cpus and mems). */
    void createBases() throws CrateException {
        List<Path> created = new ArrayList<>();
        for (HierarchyDir base : all()) {
            CgroupTree.create(base, created);
        }
    }

    /** The hierarchy directories for a test cgroup named {@code name}. */
    List<HierarchyDir> v1(String name) {
        return v1Bases.stream().map(b -> child(b, name)).toList();
    }

    Optional<HierarchyDir> unified(String name) {
        return unifiedBase.map(b -> child(b, name));
    }

    private static HierarchyDir child(HierarchyDir base, String name) {
        return new HierarchyDir(base.mount(), base.controllers(), base.cgroupPath() + "/" + name);
    }

    private List<HierarchyDir> all() {
        List<HierarchyDir> all = new ArrayList<>(v1Bases);
        unifiedBase.ifPresent(all::add);
        return all;
    }

    /** Removes the test directories and everything below; every process in them must be gone. */
    void removeAll() throws CrateException {
        for (HierarchyDir base : all()) {
            CgroupTree.removeRecursively(base.dir());
        }
    }
}
