package crate.app;

import static org.junit.jupiter.api.Assertions.fail;

import crate.linux.MountInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a container could leave behind on the host: mounts in the host's mount namespace,
 * processes descending from the test JVM, crate's entries in /run and cgroups under crate's
 * default cgroup parent. A snapshot before and after must be equal.
 *
 * <p>Of /run only what crate could create is compared: entries named crate* and what is in
 * /run/crate (the default state root may come into being and stay, as runc's does). The rest
 * of /run belongs to the host, whose services (sudo, a timer, a package's daemon) add entries
 * whenever they like; comparing them failed CI once without crate having touched anything.
 */
record HostLeaks(List<String> mounts, Set<Long> descendants, Set<String> run, Set<String> cgroups) {

    static HostLeaks snapshot() {
        try (Stream<String> run = Stream.concat(
                list(Path.of("/run")).filter(name -> name.startsWith("crate") && !name.equals("crate")),
                list(Path.of("/run/crate")).map(name -> "crate/" + name))) {
            return new HostLeaks(
                    Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                            .map(line -> line.split(" ", 0)[4]) // the mount point
                            .sorted().toList(),
                    ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet()),
                    run.collect(Collectors.toSet()),
                    crateCgroups());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Fails unless a snapshot equals {@code before}, naming only what differs. Teardown that
     * the test set off (a killed process being reaped, a lazily detached mount) gets a few
     * seconds to finish; a real leak stays and fails.
     */
    static void assertNothingLeftSince(HostLeaks before) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        HostLeaks now = snapshot();
        while (!now.equals(before) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            now = snapshot();
        }
        if (!now.equals(before)) {
            fail("left behind on the host (+ appeared, - vanished): "
                    + diff("mounts", before.mounts, now.mounts) + diff("processes", before.descendants, now.descendants)
                    + diff("/run", before.run, now.run) + diff("cgroups", before.cgroups, now.cgroups));
        }
    }

    private static String diff(String what, Collection<?> beforeItems, Collection<?> afterItems) {
        List<String> before = beforeItems.stream().map(String::valueOf).sorted().toList();
        List<String> after = afterItems.stream().map(String::valueOf).sorted().toList();
        List<String> added = after.stream().filter(e -> !before.contains(e)).map(e -> "+" + e).toList();
        List<String> removed = before.stream().filter(e -> !after.contains(e)).map(e -> "-" + e).toList();
        if (added.isEmpty() && removed.isEmpty()) {
            // Only the multiplicity of a stacked mount changed (a Collection's equals is not defined: compare sorted)
            return sorted(before).equals(sorted(after)) ? "" : what + " " + before + " -> " + after + "; ";
        }
        return what + " " + Stream.concat(added.stream(), removed.stream()).toList() + "; ";
    }

    private static List<String> sorted(Collection<?> elements) {
        return elements.stream().map(String::valueOf).sorted().toList();
    }

    /**
     * The containers' cgroups under crate's default parent ("crate", under crate's own cgroup
     * in each hierarchy, which the test JVM's children share). The parent itself may stay.
     */
    private static Set<String> crateCgroups() throws IOException {
        Set<String> found = new java.util.TreeSet<>();
        for (Path own : ownCgroupDirs()) {
            Path parent = own.resolve("crate");
            // Only child cgroups, which are directories: a parent that appears has control files too.
            list(parent).map(parent::resolve).filter(Files::isDirectory).forEach(child -> found.add(child.toString()));
        }
        return found;
    }

    /**
     * The test JVM's own cgroup directory in each hierarchy (v1 and cgroup2), which crate's
     * children share: a relative cgroup parent is under these.
     */
    static List<Path> ownCgroupDirs() throws IOException {
        List<Path> dirs = new java.util.ArrayList<>();
        Map<String, String> own = ownCgroups();
        for (MountInfo mount : MountInfo.parse(Files.readAllLines(Path.of("/proc/self/mountinfo")))) {
            if (!mount.fsType().equals("cgroup") && !mount.fsType().equals("cgroup2")) {
                continue;
            }
            String ownPath = mount.fsType().equals("cgroup2") ? own.get("")
                    : mount.superOptions().stream().map(own::get).filter(java.util.Objects::nonNull).findFirst().orElse(null);
            if (ownPath != null) {
                dirs.add(Path.of(mount.mountPoint()).resolve(ownPath.substring(1)));
            }
        }
        return dirs;
    }

    /** /proc/self/cgroup: controller (or name=..., "" for v2) to the cgroup path. */
    private static Map<String, String> ownCgroups() throws IOException {
        Map<String, String> own = new java.util.HashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
            String[] parts = line.split(":", 3);
            for (String controller : parts[1].split(",", 0)) {
                own.put(controller, parts[2]);
            }
        }
        return own;
    }

    private static Stream<String> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Stream.empty();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).toList().stream();
        }
    }
}
