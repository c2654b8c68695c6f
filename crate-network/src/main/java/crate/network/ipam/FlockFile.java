package crate.network.ipam;

import crate.api.CrateException;
import crate.linux.FilesAt;
import crate.linux.Syscalls;
import java.nio.file.Path;

/**
 * A held flock(2) on a lock file, released by {@link #close} (or by the kernel when the
 * process dies, so a kill -9 never leaves the network locked).
 *
 * <p>flock rather than {@code FileChannel.lock}: flock locks belong to an open file
 * description and every acquisition opens the file anew, so two threads of one JVM exclude
 * each other exactly as two processes do; the JVM's POSIX record locks are per process (a
 * second lock in the same JVM throws OverlappingFileLockException, and closing any channel of
 * the file drops them all).
 */
final class FlockFile implements AutoCloseable {
    private final int fd;

    private FlockFile(int fd) {
        this.fd = fd;
    }

    /** Waits for an exclusive lock on {@code file}, creating it if missing. */
    static FlockFile exclusive(Path file) throws CrateException {
        return acquire(file, true);
    }

    /** Waits for a shared lock on {@code file}, creating it if missing. */
    static FlockFile shared(Path file) throws CrateException {
        return acquire(file, false);
    }

    private static FlockFile acquire(Path file, boolean exclusive) throws CrateException {
        int fd = FilesAt.open(file.toString(), Syscalls.O_RDWR | Syscalls.O_CREAT | Syscalls.O_NOFOLLOW, 0600);
        try {
            FilesAt.lock(fd, exclusive);
        } catch (CrateException e) {
            Syscalls.closeQuietly(fd);
            throw e;
        }
        return new FlockFile(fd);
    }

    /** Closing the fd releases the lock. */
    @Override
    public void close() {
        Syscalls.closeQuietly(fd);
    }
}
