package crate.runtime;

import crate.linux.ErrnoException;
import crate.linux.Fds;
import crate.linux.Syscalls;
import java.util.ArrayList;
import java.util.List;

/**
 * The raw fds one operation opened (pipes to init, namespace fds, the exec FIFO): each is
 * closed once, when the operation closes it or, at the latest, when this set is closed, also
 * on failure.
 */
final class OpenFds implements AutoCloseable {
    private final List<Integer> open = new ArrayList<>();

    /** A close-on-exec pipe, {read, write}, both ends tracked. */
    int[] pipe() throws ErrnoException {
        int[] pipe = Fds.pipe();
        open.add(pipe[0]);
        open.add(pipe[1]);
        return pipe;
    }

    /** Tracks {@code fd} and returns it. */
    int add(int fd) {
        open.add(fd);
        return fd;
    }

    /** Closes those of {@code fds} that are still open here. */
    void close(int... fds) {
        for (int fd : fds) {
            if (open.remove(Integer.valueOf(fd))) {
                Syscalls.closeQuietly(fd);
            }
        }
    }

    /** Stops tracking {@code fd} without closing it: its new owner closes it. */
    void release(int fd) {
        open.remove(Integer.valueOf(fd));
    }

    /** Closes every fd still open here. */
    @Override
    public void close() {
        open.forEach(Syscalls::closeQuietly);
        open.clear();
    }
}
