package crate.linux;

import crate.api.CrateException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A held flock(2) on a lock file, released by {@link #close}, or by the kernel when the
 * process dies, so a kill -9 never leaves anything locked.
 *
 * <p>flock rather than {@code FileChannel.lock}: flock locks belong to an open file
 * description and every acquisition opens the file anew, so two threads of one JVM exclude
 * each other exactly as two processes do, whereas the JVM's POSIX record locks are per process
 * (a second lock in the same JVM throws OverlappingFileLockException, closing any channel of the
 * file drops them all) and an interrupt while waiting closes the channel. The file is never
 * opened through a symlink.
 */
public final class FlockFile implements AutoCloseable {
    private static final int FLAGS = Syscalls.O_RDWR | Syscalls.O_CREAT | Syscalls.O_NOFOLLOW;

    private final int fd;

    private FlockFile(int fd) {
        this.fd = fd;
    }

    /** Waits for an exclusive lock on {@code file} (created if missing). */
    public static FlockFile exclusive(Path file) throws CrateException {
        return acquire(file, true);
    }

    /** Waits for a shared lock on {@code file} (created if missing). */
    public static FlockFile shared(Path file) throws CrateException {
        return acquire(file, false);
    }

    /** An exclusive lock on {@code file} if nobody holds any lock on it now. */
    public static Optional<FlockFile> tryExclusive(Path file) throws CrateException {
        int fd = FilesAt.open(file.toString(), FLAGS, 0600);
        try {
            if (FilesAt.tryLock(fd, true)) {
                return Optional.of(new FlockFile(fd));
            }
        } catch (CrateException e) {
            Syscalls.closeQuietly(fd);
            throw e;
        }
        Syscalls.closeQuietly(fd);
        return Optional.empty();
    }

    private static FlockFile acquire(Path file, boolean exclusive) throws CrateException {
        int fd = FilesAt.open(file.toString(), FLAGS, 0600);
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
