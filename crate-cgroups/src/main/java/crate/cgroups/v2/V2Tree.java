package crate.cgroups.v2;

import crate.api.CrateException;
import crate.cgroups.CgroupFiles;
import crate.cgroups.HierarchyDir;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Makes a cgroup2 directory and its missing ancestors, enabling controllers on the way down:
 * a cgroup offers its children only what its cgroup.subtree_control enables. Each ancestor
 * enables everything it is offered (as runc does, so stats and later updates find their files);
 * the controllers the limits need must be among them.
 */
final class V2Tree {
    private V2Tree() {}

    /**
     * Creates {@code cgroup}'s directory.
     *
     * @param needed controllers the limits write to
     * @return the directories made, top first (to remove them again on failure)
     */
    static List<Path> make(HierarchyDir cgroup, Set<String> needed) throws CrateException {
        // A delete of the parent's last container may rmdir the parent between two mkdirs
        // (CgroupfsManager#removeEmptyParent): then make the path again.
        for (int attempt = 1; ; attempt++) {
            try {
                return makeOnce(cgroup, needed);
            } catch (CrateException e) {
                if (attempt == 3 || !(e.getCause() instanceof java.nio.file.NoSuchFileException)) {
                    throw e;
                }
            }
        }
    }

    private static List<Path> makeOnce(HierarchyDir cgroup, Set<String> needed) throws CrateException {
        List<Path> made = new ArrayList<>();
        try {
            Path dir = cgroup.mount();
            String[] components = cgroup.cgroupPath().substring(1).split("/", -1);
            for (String component : components) {
                enableControllers(dir, needed, dir.equals(cgroup.mount()));
                dir = dir.resolve(component);
                if (mkdir(dir)) {
                    made.add(dir);
                }
            }
            return made;
        } catch (CrateException e) {
            remove(made);
            throw e;
        }
    }

    /** Removes directories {@link #make} made, deepest first; what cannot go is left. */
    static void remove(List<Path> made) {
        for (int i = made.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(made.get(i));
            } catch (IOException e) {
                // Best effort: this runs while another failure is being reported.
            }
        }
    }

    private static boolean mkdir(Path dir) throws CrateException {
        try {
            Files.createDirectory(dir);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new CrateException("cannot create cgroup " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void enableControllers(Path parent, Set<String> needed, boolean isRoot) throws CrateException {
        Set<String> offered = words(CgroupFiles.readIfExists(parent.resolve("cgroup.controllers")).orElse(""));
        for (String controller : needed) {
            if (!offered.contains(controller)) {
                throw new CrateException("the cgroup v2 controller \"" + controller + "\" is not available in "
                        + parent + " (its cgroup.controllers: \"" + String.join(" ", offered) + "\")");
            }
        }
        Path subtreeControl = parent.resolve("cgroup.subtree_control");
        Set<String> missing = new LinkedHashSet<>(offered);
        missing.removeAll(words(CgroupFiles.readIfExists(subtreeControl).orElse("")));
        if (missing.isEmpty()) {
            return;
        }
        try {
            CgroupFiles.write(subtreeControl, "+" + String.join(" +", missing));
            return;
        } catch (CrateException all) {
            // One by one: some controllers cannot be enabled here (for example cpuset or a
            // threaded subtree); only the ones the limits need must succeed.
        }
        for (String controller : missing) {
            try {
                CgroupFiles.write(subtreeControl, "+" + controller);
            } catch (CrateException e) {
                if (!needed.contains(controller)) {
                    continue;
                }
                if (!isRoot && !CgroupFiles.readPids(parent.resolve("cgroup.procs")).isEmpty()) {
                    throw new CrateException("cannot enable the \"" + controller + "\" controller in " + parent
                            + ": that cgroup has processes of its own, and cgroup v2 gives controllers only to"
                            + " cgroups without processes (the \"no internal processes\" rule); put the"
                            + " container's cgroup somewhere else (linux.cgroupsPath or the default parent)", e);
                }
                throw e;
            }
        }
    }

    private static Set<String> words(String text) {
        Set<String> words = new LinkedHashSet<>();
        for (String word : text.split("\\s+", -1)) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }
}
