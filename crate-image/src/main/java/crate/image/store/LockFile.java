package crate.image.store;

import crate.api.CrateException;
import crate.linux.FilesAt;
import crate.linux.Syscalls;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A held flock(2) on a lock file, released by {@link #close}.
 *
 * <p>flock rather than {@code FileChannel.lock}: flock locks belong to an open file
 * description, so two threads of one JVM exclude each other exactly as two processes do,
 * whereas the JVM's POSIX locks are per process (a second lock in the same JVM throws
 * OverlappingFileLockException, closing any channel of the file drops them all) and an
 * interrupt while waiting closes the channel.
 */
public final class LockFile implements AutoCloseable {
    private final int fd;

    private LockFile(int fd) {
        this.fd = fd;
    }

    /** Waits for an exclusive lock on {@code file} (created if missing). */
    public static LockFile exclusive(Path file) throws CrateException {
        return acquire(file, true);
    }

    /** Waits for a shared lock on {@code file} (created if missing). */
    public static LockFile shared(Path file) throws CrateException {
        return acquire(file, false);
    }

    /** An exclusive lock on {@code file} if nobody holds any lock on it now. */
    public static Optional<LockFile> tryExclusive(Path file) throws CrateException {
        int fd = FilesAt.open(file.toString(), Syscalls.O_RDWR | Syscalls.O_CREAT, 0600);
        try {
            if (FilesAt.tryLock(fd, true)) {
                return Optional.of(new LockFile(fd));
            }
        } catch (CrateException e) {
            Syscalls.closeQuietly(fd);
            throw e;
        }
        Syscalls.closeQuietly(fd);
        return Optional.empty();
    }

    private static LockFile acquire(Path file, boolean exclusive) throws CrateException {
        int fd = FilesAt.open(file.toString(), Syscalls.O_RDWR | Syscalls.O_CREAT, 0600);
        try {
            FilesAt.lock(fd, exclusive);
        } catch (CrateException e) {
            Syscalls.closeQuietly(fd);
            throw e;
        }
        return new LockFile(fd);
    }

    /** Closing the fd releases the lock. */
    @Override
    public void close() {
        Syscalls.closeQuietly(fd);
    }
}
