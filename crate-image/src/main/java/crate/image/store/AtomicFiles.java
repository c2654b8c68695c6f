package crate.image.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Files that appear whole or not at all: written to a temporary file, synced, renamed. */
final class AtomicFiles {
    private AtomicFiles() {}

    /** Replaces {@code target} with {@code data}; {@code temp} is a new file on the same file system. */
    static void write(Path target, byte[] data, Path temp) throws IOException {
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(java.nio.ByteBuffer.wrap(data));
                channel.force(true);
            }
            moveInto(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Syncs {@code temp} (a complete file) and renames it to {@code target}, then syncs the directory. */
    static void commit(Path temp, Path target) throws IOException {
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        moveInto(temp, target);
    }

    static void moveInto(Path source, Path target) throws IOException {
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(target.getParent());
    }

    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
