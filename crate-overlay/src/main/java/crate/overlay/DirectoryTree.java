package crate.overlay;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Removes a container's directory, whatever the container left in it: files of any owner
 * and mode, device nodes, whiteouts, symlinks (removed, never followed). It stays on the
 * directory's own file system: a mount found inside (there should be none on the host) is
 * not entered, so that the layers under a still-mounted overlay are never touched; the
 * removal then fails on the non-empty directory.
 */
final class DirectoryTree {
    private DirectoryTree() {}

    /** Removes {@code dir} and everything in it; nothing to do if it does not exist. */
    static void remove(Path dir) throws IOException {
        Object device;
        try {
            device = Files.getAttribute(dir, "unix:dev", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path subdir, BasicFileAttributes attrs) throws IOException {
                return device.equals(Files.getAttribute(subdir, "unix:dev", LinkOption.NOFOLLOW_LINKS))
                        ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path subdir, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Files.delete(subdir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
