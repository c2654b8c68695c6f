package crate.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a container could leave behind on the host: mounts in the host's mount namespace,
 * processes descending from the test JVM, and entries in /run. A snapshot before and after
 * must be equal. crate's default state root /run/crate may come into being (runc's stays too);
 * what is in it may not.
 */
record HostLeaks(List<String> mounts, Set<Long> descendants, Set<String> run) {

    static HostLeaks snapshot() {
        try (Stream<String> run = Stream.concat(list(Path.of("/run")).filter(name -> !name.equals("crate")),
                list(Path.of("/run/crate")).map(name -> "crate/" + name))) {
            return new HostLeaks(
                    Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                            .map(line -> line.split(" ", 0)[4]) // the mount point
                            .sorted().toList(),
                    ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet()),
                    run.collect(Collectors.toSet()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
