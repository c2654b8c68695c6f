package crate.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where a user's and a group's names are looked up: the container's {@code /etc/passwd} and {@code /etc/group}. */
@FunctionalInterface
interface UserFiles {
    /**
     * The lines of a file of the container.
     *
     * @param path relative to the container's root: "etc/passwd"
     * @return empty if the container has no such file
     */
    List<String> lines(String path);

    /** The files of a rootfs directory. */
    static UserFiles in(Path rootfs) {
        return path -> read(rootfs.resolve(path));
    }

    /** The lines of a file, or none if it cannot be read. */
    static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            return List.of();
        }
    }
}
