package crate.linux;

import com.sun.jna.LastErrorException;
import java.util.Arrays;

/** Raw file descriptors: pipes and whole-buffer reads and writes, retried on EINTR. */
public final class Fds {
    private Fds() {}

    /** A pipe whose both ends are close-on-exec: {read, write}. */
    public static int[] pipe() throws ErrnoException {
        int[] fds = new int[2];
        try {
            LibC.pipe2(fds, Syscalls.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new ErrnoException("pipe2", e.getErrorCode());
        }
        return fds;
    }

    private static final int POLLIN = 0x1;

    /**
     * Waits until one of {@code fds} can be read without blocking, or is at end of file, hung
     * up or in error (poll(2), retried on EINTR).
     *
     * @return the index in {@code fds} of the first such fd, or -1 when {@code timeoutMillis}
     *     (negative: no limit) passed first
     */
    public static int awaitReadable(int timeoutMillis, int... fds) throws ErrnoException {
        int[] pollfds = new int[fds.length * 2];
        while (true) {
            for (int i = 0; i < fds.length; i++) {
                pollfds[2 * i] = fds[i];
                pollfds[2 * i + 1] = POLLIN;
            }
            int ready;
            try {
                ready = LibC.poll(pollfds, fds.length, timeoutMillis);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == Errno.EINTR) {
                    continue;
                }
                throw new ErrnoException("poll(" + Arrays.toString(fds) + ")", e.getErrorCode());
            }
            if (ready == 0) {
                return -1;
            }
            for (int i = 0; i < fds.length; i++) {
                if ((pollfds[2 * i + 1] >>> 16) != 0) { // revents: POLLIN, POLLHUP, POLLERR or POLLNVAL
                    return i;
                }
            }
        }
    }

    public static void writeAll(int fd, byte[] data) throws ErrnoException {
        int off = 0;
        while (off < data.length) {
            byte[] chunk = off == 0 ? data : Arrays.copyOfRange(data, off, data.length);
            try {
                off += (int) LibC.write(fd, chunk, chunk.length);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Errno.EINTR) {
                    throw new ErrnoException("write(fd " + fd + ")", e.getErrorCode());
                }
            }
        }
    }

    /**
     * One read(2) from a non-blocking fd.
     *
     * @return the number of bytes read, 0 at end of file, -1 if nothing is there yet (EAGAIN)
     */
    public static int readNonBlocking(int fd, byte[] buf) throws ErrnoException {
        while (true) {
            try {
                return (int) LibC.read(fd, buf, buf.length);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == Errno.EAGAIN) {
                    return -1;
                }
                if (e.getErrorCode() != Errno.EINTR) {
                    throw new ErrnoException("read(fd " + fd + ")", e.getErrorCode());
                }
            }
        }
    }

    /**
     * One read(2) of up to {@code buf.length} bytes, retried on EINTR.
     *
     * @return the number of bytes read, 0 at end of file
     */
    public static int read(int fd, byte[] buf) throws ErrnoException {
        while (true) {
            try {
                return (int) LibC.read(fd, buf, buf.length);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Errno.EINTR) {
                    throw new ErrnoException("read(fd " + fd + ")", e.getErrorCode());
                }
            }
        }
    }

    /**
     * Reads up to {@code buf.length} bytes, fewer only at end of file.
     *
     * @return the number of bytes read
     */
    public static int readFully(int fd, byte[] buf) throws ErrnoException {
        int off = 0;
        byte[] chunk = new byte[buf.length];
        while (off < buf.length) {
            long n;
            try {
                n = LibC.read(fd, chunk, buf.length - off);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == Errno.EINTR) {
                    continue;
                }
                throw new ErrnoException("read(fd " + fd + ")", e.getErrorCode());
            }
            if (n == 0) {
                break;
            }
            System.arraycopy(chunk, 0, buf, off, (int) n);
            off += (int) n;
        }
        return off;
    }
}
