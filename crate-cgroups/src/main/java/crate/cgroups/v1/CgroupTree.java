package crate.cgroups.v1;

import crate.api.CrateException;
import crate.cgroups.HierarchyDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Creating, listing and removing cgroup directories in one hierarchy. */
final class CgroupTree {
    static final String PROCS = "cgroup.procs";
    private static final int RMDIR_ATTEMPTS = 50;

    private CgroupTree() {}

    /**
     * mkdir -p of the cgroup's directory; each directory made is appended to {@code created}
     * (top down) so that the caller can undo exactly what it did. New cpuset levels copy
     * their parent's cpus and mems.
     */
    static void create(HierarchyDir hierarchy, List<Path> created) throws CrateException {
        // A delete of the parent's last container may rmdir the parent between two mkdirs
        // (CgroupfsManager#removeEmptyParent): then make the path again.
        for (int attempt = 1; ; attempt++) {
            try {
                createOnce(hierarchy, created);
                return;
            } catch (ParentVanished e) {
                if (attempt == 3) {
                    throw new CrateException("cannot create cgroup " + e.getMessage() + ": its parent keeps vanishing");
                }
            }
        }
    }

    /** A level's parent was removed meanwhile; the message is the directory that could not be made. */
    private static final class ParentVanished extends Exception {
        private static final long serialVersionUID = 1L;

        ParentVanished(Path dir) {
            super(dir.toString(), null, false, false);
        }
    }

    private static void createOnce(HierarchyDir hierarchy, List<Path> created) throws CrateException, ParentVanished {
        Path dir = hierarchy.mount();
        for (Path name : Path.of(hierarchy.cgroupPath())) {
            Path parent = dir;
            dir = dir.resolve(name.toString());
            boolean made;
            try {
                Files.createDirectory(dir);
                made = true;
            } catch (FileAlreadyExistsException e) {
                made = false; // exists already (or another runtime made it just now): not ours
            } catch (NoSuchFileException e) {
                throw new ParentVanished(dir);
            } catch (IOException e) {
                throw new CrateException("cannot create cgroup " + dir + ": " + e.getMessage(), e);
            }
            if (made) {
                created.add(dir);
            }
            if (hierarchy.has("cpuset")) {
                // Also for a level another crate has just made and not filled yet (inherit
                // writes only empty files): a child of an empty cpuset can take no process.
                try {
                    CpusetSettings.inherit(new CgroupDir(parent), new CgroupDir(dir));
                } catch (CrateException e) {
                    if (!Files.isDirectory(dir)) {
                        throw new ParentVanished(dir);
                    }
                    throw e;
                }
            }
        }
    }

    /** Removes the directories {@link #create} made, deepest first; best effort. */
    static void removeCreated(List<Path> created) {
        for (Path dir : created.reversed()) {
            try {
                removeRecursively(dir);
            } catch (CrateException e) {
                // Undoing a failed create: the create's own error is the one to report.
            }
        }
    }

    /** rmdir of the directory and every cgroup below it, deepest first. A missing one is fine. */
    static void removeRecursively(Path dir) throws CrateException {
        for (Path child : children(dir)) {
            removeRecursively(child);
        }
        // A cgroup whose last task just exited can be busy for a moment: retry, as runc does.
        for (int attempt = 1; ; attempt++) {
            try {
                Files.deleteIfExists(dir);
                return;
            } catch (DirectoryNotEmptyException e) {
                throw new CrateException("cannot remove cgroup " + dir + ": it has child cgroups", e);
            } catch (IOException e) {
                if (attempt == RMDIR_ATTEMPTS) {
                    throw new CrateException("cannot remove cgroup " + dir + ": " + e.getMessage(), e);
                }
                pause(attempt);
            }
        }
    }

    /** The pids in cgroup.procs of the directory and every cgroup below it (none if it is missing). */
    static List<Integer> procs(Path dir) throws CrateException {
        TreeSet<Integer> pids = new TreeSet<>();
        collect(dir, pids);
        return List.copyOf(pids);
    }

    private static void collect(Path dir, Set<Integer> pids) throws CrateException {
        try {
            for (String line : Files.readAllLines(dir.resolve(PROCS))) {
                if (!line.isBlank()) {
                    pids.add(Integer.parseInt(line.strip()));
                }
            }
        } catch (NoSuchFileException e) {
            return; // removed meanwhile
        } catch (IOException e) {
            throw new CrateException("cannot read " + dir.resolve(PROCS) + ": " + e.getMessage(), e);
        }
        for (Path child : children(dir)) {
            collect(child, pids);
        }
    }

    private static List<Path> children(Path dir) throws CrateException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory).toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException | UncheckedIOException e) {
            throw new CrateException("cannot list cgroup " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void pause(int attempt) throws CrateException {
        try {
            Thread.sleep(Math.min(10L * attempt, 100L));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CrateException("interrupted while removing a cgroup", e);
        }
    }
}
