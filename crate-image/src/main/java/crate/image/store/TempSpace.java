package crate.image.store;

import crate.linux.FileTrees;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code <root>/tmp}: where blobs and layers are written before they are renamed into the
 * store (the same file system, so the rename is atomic). Every entry is named after the
 * process that owns it ({@code PID-STARTTIME-N}); an entry whose owner no longer runs is left
 * over from a killed pull and removed by {@link #cleanStale}.
 */
final class TempSpace {
    private static final AtomicLong COUNTER = new AtomicLong();

    private final Path dir;
    private final ProcessIdentity self = ProcessIdentity.current();

    TempSpace(Path dir) {
        this.dir = dir;
    }

    Path newFile() throws IOException {
        return Files.createFile(dir.resolve(nextName()));
    }

    Path newDirectory() throws IOException {
        return Files.createDirectory(dir.resolve(nextName()));
    }

    private String nextName() {
        return self.tag() + "-" + COUNTER.incrementAndGet();
    }

    /** Removes the entries of processes that have ended; returns the bytes freed. */
    long cleanStale() throws IOException {
        long freed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (ownerGone(entry.getFileName().toString())) {
                    freed += FileTrees.size(entry);
                    FileTrees.delete(entry);
                }
            }
        }
        return freed;
    }

    private static boolean ownerGone(String name) {
        String[] parts = name.split("-", -1);
        if (parts.length < 3) {
            return true; // not ours: nothing but the store writes here
        }
        try {
            return !new ProcessIdentity(Long.parseLong(parts[0]), Long.parseLong(parts[1])).alive();
        } catch (NumberFormatException e) {
            return true;
        }
    }
}
