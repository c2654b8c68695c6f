package crate.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The processes of a container: those in its init's PID namespace, found through /proc.
 * (With cgroups, cgroup.procs will be the authority; the PID namespace needs none.)
 */
final class ContainerProcesses {
    private ContainerProcesses() {}

    /** Init first, then every other process sharing its PID namespace. */
    static List<Integer> of(int initPid) {
        List<Integer> pids = new ArrayList<>(List.of(initPid));
        String namespace = pidNamespace(initPid);
        if (namespace == null) {
            return pids;
        }
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            entries.map(p -> p.getFileName().toString())
                    .filter(name -> name.chars().allMatch(Character::isDigit))
                    .map(Integer::parseInt)
                    .filter(pid -> pid != initPid && namespace.equals(pidNamespace(pid)))
                    .forEach(pids::add);
        } catch (IOException e) {
            // /proc unreadable: init alone is all we can name.
        }
        return pids;
    }

    private static String pidNamespace(int pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/pid")).toString();
        } catch (IOException e) {
            return null;
        }
    }
}
